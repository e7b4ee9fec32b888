"""What each fixed choice of a data file means, in Vietnamese.

The data-file contract keeps its English words (``style: state``, ``order: given``...);
wherever a clerk is shown them (a refused value, the starter file, docs/du-lieu.md) they come
with their meaning from this one table. tests/test_cli_vi.py checks that every choice the
models allow is in it.
"""

from __future__ import annotations

import re

MEANINGS = {
    # style
    "state": "văn bản hành chính, theo NĐ 30/2020/NĐ-CP",
    "party": "văn bản của Đảng",
    # document
    "report": "báo cáo tổng kết",
    "awards": "đợt khen thưởng",
    # indicators
    "higher": "càng cao càng tốt",
    "lower": "càng thấp càng tốt",
    # report appendix
    "indicators": "bảng các chỉ tiêu",
    # awardees
    "collective": "tập thể",
    "individual": "cá nhân",
    "male": "nam, ghi Ông",
    "female": "nữ, ghi Bà",
    # order of the list
    "given": "giữ thứ tự đã nhập",
    "name": "xếp theo tên",
    # level of the award
    "province": "cơ quan trung ương, cấp tỉnh",
    "district": "cấp huyện, đến 30/6/2025",
    "commune": "cấp xã",
    "enterprise": "doanh nghiệp, hợp tác xã",
    # certificate layout
    "full": "in cả khung chữ",
    "fields": "chỉ in phần điền lên phôi in sẵn",
}


def explained(value: object) -> str:
    """``state`` → "state (văn bản hành chính, theo NĐ 30/2020/NĐ-CP)"."""
    meaning = MEANINGS.get(str(value))
    return f"{value} ({meaning})" if meaning else str(value)


def explained_list(expected: str) -> str:
    """pydantic's "'state' or 'party'" as "state (...) hoặc party (...)"."""
    values = re.findall(r"'([^']*)'", expected) or [expected]
    words = [explained(value) for value in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} hoặc {words[-1]}"

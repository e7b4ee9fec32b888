"""What each fixed choice of a data file means, in Vietnamese.

The data-file contract keeps its English words (``style: state``, ``order: given``...);
wherever a clerk is shown them (a refused value, the starter file, docs/du-lieu.md) they come
with their meaning from this one table. tests/test_cli_vi.py checks that every choice the
models allow is in it. The interview shows the Vietnamese names of :data:`NAMES` instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

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


# What the interview shows for each choice, and accepts typed besides its number: a short
# Vietnamese name, and what it means where the name alone does not say it. The data file
# keeps the English key; a clerk answering questions never needs to see it.
NAMES: dict[str, tuple[str, str | None]] = {
    "state": ("hành chính", "văn bản hành chính theo NĐ 30/2020/NĐ-CP"),
    "party": ("Đảng", "văn bản của Đảng, theo quy định, hướng dẫn của Đảng có hiệu lực tại ngày ký"),
    "higher": ("càng cao", "số càng lớn càng tốt, ví dụ thu nhập, sản lượng"),
    "lower": ("càng thấp", "số càng nhỏ càng tốt, ví dụ tỷ lệ hộ nghèo, số vụ vi phạm"),
    "indicators": (
        "bảng chỉ tiêu",
        "bảng các chỉ tiêu (kế hoạch, thực hiện, so với cùng kỳ, so với kế hoạch) ở cuối báo cáo",
    ),
    "collective": ("tập thể", None),
    "individual": ("cá nhân", None),
    "male": ("nam", "ghi “Ông”"),
    "female": ("nữ", "ghi “Bà”"),
    "given": ("như đã nhập", "giữ thứ tự đã nhập"),
    "name": ("theo tên", "cá nhân xếp theo tên (A, Ă, Â, B...)"),
    "province": ("cấp tỉnh", "cơ quan trung ương, cấp tỉnh"),
    "district": ("cấp huyện", "đến 30/6/2025"),
    "commune": ("cấp xã", None),
    "enterprise": ("doanh nghiệp", "doanh nghiệp, hợp tác xã"),
    "full": ("in cả khung", "in cả khung chữ (Quốc hiệu, GIẤY KHEN...) trên giấy trắng"),
    "fields": ("in lên phôi", "chỉ in phần điền (tên, thành tích, ngày, chữ ký) lên phôi giấy khen in sẵn"),
}


def choice_name(value: object) -> str:
    """``state`` → "hành chính": what the interview shows (and the review prints)."""
    found = NAMES.get(str(value))
    return found[0] if found else str(value)


def choice_line(value: object) -> str:
    """One line of a list of choices: "hành chính — văn bản hành chính theo NĐ 30/2020/NĐ-CP"."""
    found = NAMES.get(str(value))
    if found is None:
        return str(value)
    name, meaning = found
    return f"{name} — {meaning}" if meaning else name


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _unaccented(text: str) -> str:
    """"Đảng" → "dang": typed without Vietnamese input, as on a borrowed computer."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def read_choice(text: str, choices: Sequence[str]) -> str | None:
    """The choice ``text`` means: its number in the list ("1"), its Vietnamese name, with or
    without accents ("hành chính", "hanh chinh"), or the data file's key ("state", an old
    habit); None when it is none of them."""
    typed = _folded(text)
    if typed.isdigit():
        index = int(typed)
        return choices[index - 1] if 1 <= index <= len(choices) else None
    for choice in choices:
        name = _folded(choice_name(choice))
        if typed in (choice.casefold(), name) or _unaccented(typed) == _unaccented(name):
            return choice
    return None


def without_keys(description: str | None, choices: Sequence[str]) -> str | None:
    """A choice field's description without its "state: ..." explanations (the list of
    names says them in Vietnamese): "Mặc định: suy ra từ dòng thẩm quyền"; None if nothing
    is left."""
    if not description:
        return None
    keys = "|".join(re.escape(c) for c in choices)
    kept = [
        part.strip()
        for part in description.split(";")
        if part.strip() and not re.search(rf"\b(?:{keys})\s*[:=]", part)
    ]
    text = "; ".join(kept).rstrip(".")
    return f"{text[:1].upper()}{text[1:]}." if text else None

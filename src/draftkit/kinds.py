"""What an awardee's name says about it: a collective ("Trường THCS ...") or a person.

Pure functions, table-tested in ``tests/test_office_lists.py``. They only *suggest*: the
interview offers "tập thể" or "Bà" as the default answer, and ``render`` warns where a
name that reads as a collective is counted (and paid) as an individual. Nothing is set
silently from a guess.

Vietnamese personal names write every syllable with a capital ("Đoàn Văn Hùng"), while an
organisation's name keeps ordinary words in lower case ("Đoàn Thanh niên xã ..."). That
is what tells the two apart where the first word is also a surname or a given name
("Đoàn", "Ban", "Hội", "Phòng", "Tô"...).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["likely_collective", "suggested_gender"]

# First words (or phrases) that only an organisation's name starts with.
_COLLECTIVE_STARTS = (
    "ủy ban",
    "uỷ ban",
    "ubnd",
    "ubmttq",
    "hđnd",
    "công an",
    "chi bộ",
    "chi đoàn",
    "chi hội",
    "đảng bộ",
    "đảng ủy",
    "đảng uỷ",
    "trường",
    "trạm",
    "trung tâm",
    "văn phòng",
    "tổ",
    "đội",
    "liên đội",
    "mặt trận",
    "hợp tác xã",
    "htx",
    "công ty",
    "cty",
    "doanh nghiệp",
    "bệnh viện",
    "phòng khám",
    "nhà văn hóa",
    "nhà văn hoá",
    "thư viện",
    "thôn",
    "xóm",
    "khu phố",
    "tiểu khu",
    "tổ dân phố",
    "ban chỉ huy",
    "ban quản lý",
    "ban công tác",
    "bộ phận",
    "chi cục",
    "cục",
    "sở",
    "viện",
    "kho bạc",
    "ngân hàng",
    "đồn",
    "tập thể",
    "lớp",
    "khối",
    "cụm",
    "xã",
    "phường",
    "thị trấn",
    "bộ chỉ huy",
    "quỹ",
    "câu lạc bộ",
    "clb",
    "cộng đồng",
    "tổng đội",
    "liên đoàn",
    "công đoàn",
)

# First words that are also Vietnamese surnames or given names: a collective only when the
# words after them say so (a lower-case word, a place word, or a known continuation).
_AMBIGUOUS_STARTS = ("đoàn", "ban", "hội", "phòng", "khoa", "bản", "đài", "nhóm")

# Words whose presence (in lower case) marks an organisation's name.
_PLACE_WORDS = frozenset({"xã", "phường", "huyện", "tỉnh", "thôn", "xóm", "quận"})
# Places named in two words whose first is also a name ("Thị", "Thành").
_PLACE_PHRASES = ("thị trấn", "thị xã", "thành phố", "khu phố")

# "Đoàn Thanh Niên" typed in title case is still the youth union, not Mr Đoàn Thanh Niên.
_CONTINUATIONS = (
    "thanh niên",
    "tncs",
    "tn",
    "chỉ huy",
    "quản lý",
    "công tác",
    "thường vụ",
    "nông dân",
    "phụ nữ",
    "liên hiệp",
    "lhpn",
    "cựu chiến binh",
    "ccb",
    "chữ thập",
    "người cao tuổi",
    "khuyến học",
    "kiểm tra",
    "tuyên giáo",
    "tổ chức",
    "dân vận",
    "văn hóa",
    "văn hoá",
    "y tế",
    "giáo dục",
    "nội vụ",
    "tài chính",
    "tư pháp",
    "kinh tế",
    "đại diện",
)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _words(name: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", name))


def _starts_with(folded: str, phrases: tuple[str, ...]) -> bool:
    return any(folded == p or folded.startswith(p + " ") for p in phrases)


def likely_collective(name: str) -> bool:
    """Whether ``name`` reads as an organisation rather than a person.

    >>> likely_collective("Trường THCS Ngọc Trung"), likely_collective("Đoàn Văn Hùng")
    (True, False)
    """
    words = _words(name)
    if not words:
        return False
    folded = " ".join(w.casefold() for w in words)
    for phrase in _COLLECTIVE_STARTS:
        if (folded == phrase or folded.startswith(phrase + " ")) and (
            " " in phrase or phrase not in _AMBIGUOUS_STARTS
        ):
            # "Trường", "Chi bộ", "Ban chỉ huy" never begin a person's name.
            return True
    if words[0].casefold() not in _AMBIGUOUS_STARTS or len(words) < 2:
        return False
    rest = words[1:]
    if len(rest) == 2 and rest[0] in ("Văn", "Thị") and rest[1][0].isupper():
        return False  # "Đoàn Văn Hóa", "Hội Thị Lan": a surname, a middle name, a given name
    if _starts_with(" ".join(w.casefold() for w in rest), _CONTINUATIONS):
        return True
    if name.isupper() or name.islower():
        # "ĐOÀN VĂN HÙNG" and "ĐOÀN THANH NIÊN XÃ ..." (or both typed in lower case)
        # differ only by their words.
        folded_rest = " ".join(w.casefold() for w in rest)
        return any(w.casefold() in _PLACE_WORDS for w in rest) or any(
            f" {p} " in f" {folded_rest} " for p in _PLACE_PHRASES
        )
    # A person's every syllable has a capital; a lower-case word or an abbreviation
    # ("Ban CHQS", "Hội LHPN") belongs to an organisation's name.
    return any(w[0].islower() or (len(w) > 1 and w.isupper()) for w in rest)


def suggested_gender(name: str) -> str | None:
    """"female" when "Thị" is a middle name ("Nguyễn Thị Lan"), else None (no guess).

    Only a suggestion for the interview: a "Thị" first or last is a surname or a given
    name, and a name that reads as a collective has no gender.
    """
    words = _words(name)
    if len(words) < 3 or likely_collective(name):
        return None
    middle = [w.casefold() for w in words[1:-1]]
    return "female" if "thị" in middle else None

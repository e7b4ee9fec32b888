"""Vietnamese alphabetical order (CLDR "vi" collation) in pure Python, without ICU.

PyICU has no wheel and needs a long C++ build (``shared/reference/measurements.md``
§1.4–1.5, §2.2), so this module reimplements the part of CLDR "vi" that lists need:

* primary: the letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with
  f, j, w, z in their Latin places), case-insensitive;
* secondary: the tone, none < huyền < hỏi < ngã < sắc < nặng, taken per syllable so that
  "Hòa" and "Hoà" (tone written on a different vowel) are equal;
* tertiary: case, lowercase first;
* finally the normalised string itself, so that the order never depends on input order
  beyond true duplicates.

Every user string goes through :func:`normalize_text` first: NFC, and the Icelandic Eth
(U+00D0/U+00F0), which looks like Đ/đ, replaced by the Vietnamese letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TypeAlias

__all__ = ["CollationKey", "Levels", "NameSortKey", "name_sort_key", "normalize_text", "sort_key"]

Levels: TypeAlias = tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[int, ...]]
"""(primary weights, per-syllable tone marks, per-character case flags)."""

CollationKey: TypeAlias = tuple[tuple[int, ...], tuple[tuple[int, ...], ...], tuple[int, ...], str]
NameSortKey: TypeAlias = tuple[Levels, Levels, Levels, str]

_ETH_TO_DJ = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def normalize_text(s: str) -> str:
    """NFC, with the look-alike Eth (Ð U+00D0, ð U+00F0) turned into Vietnamese Đ/đ."""
    s = s.translate(_ETH_TO_DJ)
    if unicodedata.is_normalized("NFC", s):
        return s
    return unicodedata.normalize("NFC", s)


# Latin letters in Vietnamese order; f, j, w, z are not Vietnamese but occur in names of
# places and foreign words, and CLDR keeps them in their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # one NFC code point per letter
_LETTER_INDEX = {letter: i for i, letter in enumerate(_ALPHABET)}

# Marks that make a new letter rather than a tone, and the bases they apply to.
_MODIFIERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# CLDR vi: "&̀<<̉<<̃<<́<<̣", i.e. huyền < hỏi < ngã < sắc < nặng, all after "no tone".
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Any other mark (ü, ç, å in foreign names) sorts after the tones, by code point.
_OTHER_MARK_BASE = 16

# Primary bands in the usual UCA order: spaces < punctuation and symbols < digits <
# Latin letters < other letters. Each band is wide enough to hold any code point.
_SPACE = 1
_SYMBOL_BAND = 0x100
_DIGIT_BAND = 0x200000
_LETTER_BAND = 0x300000
_OTHER_LETTER_BAND = 0x400000

_LETTER = 0
_SEPARATOR = 1
_MARK = 2

_CharInfo: TypeAlias = tuple[int, tuple[int, ...], int, int]
"""(primary weight, secondary marks, 1 if uppercase, kind)."""

# Filled lazily: the first sight of a character pays for the unicodedata calls, every
# later sight is one dict lookup.
_CHAR_CACHE: dict[str, _CharInfo] = {}


def _mark_weight(mark: str) -> int:
    return _TONES.get(mark, _OTHER_MARK_BASE + ord(mark))


def _char_info(ch: str) -> _CharInfo:
    if unicodedata.combining(ch):
        return (0, (_mark_weight(ch),), 0, _MARK)
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    upper = 1 if base.isupper() else 0
    if ch.isspace():
        return (_SPACE, (), 0, _SEPARATOR)
    digit = unicodedata.decimal(base, None)
    if digit is not None:
        return (_DIGIT_BAND + digit, tuple(_mark_weight(m) for m in marks), 0, _SEPARATOR)
    if not base.isalpha():
        return (_SYMBOL_BAND + ord(ch), (), 0, _SEPARATOR)
    letter = base.lower()
    secondary: list[int] = []
    for mark in marks:
        modified = _MODIFIERS.get((letter, mark))
        if modified is not None:
            letter = modified
        else:
            secondary.append(_mark_weight(mark))
    index = _LETTER_INDEX.get(letter)
    primary = _LETTER_BAND + index if index is not None else _OTHER_LETTER_BAND + ord(letter[0])
    return (primary, tuple(secondary), upper, _LETTER)


@lru_cache(maxsize=65536)
def _levels(s: str) -> Levels:
    """Collation levels of an already normalised string; cached since names repeat."""
    primary: list[int] = []
    tones: list[tuple[int, ...]] = []
    case: list[int] = []
    syllable: list[int] = []
    cache = _CHAR_CACHE
    for ch in s:
        info = cache.get(ch)
        if info is None:
            info = cache[ch] = _char_info(ch)
        weight, marks, upper, kind = info
        if kind == _MARK:
            syllable.extend(marks)
            continue
        primary.append(weight)
        case.append(upper)
        if kind == _LETTER:
            syllable.extend(marks)
        else:
            # Tones are collected per syllable, not per letter, so "Hòa" equals "Hoà"
            # and "Thủy" equals "Thuỷ"; sorting extends that to stacked foreign marks.
            tones.append(tuple(sorted(syllable)))
            syllable = []
    tones.append(tuple(sorted(syllable)))
    return (tuple(primary), tuple(tones), tuple(case))


def sort_key(s: str) -> CollationKey:
    """Key for ``sorted(..., key=sort_key)`` in CLDR "vi" order; NFC and NFD agree.

    An < Anh < Ánh < Ân < Ấn: base letters decide first, tones only break ties, case
    after that (lowercase first), then the normalised string.
    """
    text = normalize_text(s)
    primary, tones, case = _levels(text)
    return (primary, tones, case, text)


def name_sort_key(full_name: str) -> NameSortKey:
    """Key for Vietnamese person names: given name, then middle names, then family name.

    Each part is compared at every level before the next part is looked at, so all the
    "An" come before all the "Án" whatever their family names; within one given name
    the middle names decide, then the family name. Extra spaces are ignored.
    """
    words = normalize_text(full_name).split()
    given = words[-1] if words else ""
    middle = " ".join(words[1:-1])
    family = words[0] if len(words) > 1 else ""
    return (_levels(given), _levels(middle), _levels(family), " ".join(words))

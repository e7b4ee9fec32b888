"""Next year from this year: last year's data file carried forward as a starting point.

A report keeps who writes it, who signs it and who receives it, and its outline: the
date moves to the same day next year, the year and the years in its title move on, the
number is cleared, this year's figures become last year's (``previous``), and last
year's plan tasks become the fields of work to report on. What described last year only
(its results, assessment, plan, proposals) is cleared and named as to be asked again.
A commendation round keeps its issuer, signer, legal bases and executors, and loses its
awardees and number. Where a change cannot be made with certainty (a range of years in
a title, a 29 February, money fixed by last year's rules, a paper dated last year) the
result says so. The result carries a marker (:data:`MARKER`) listing the sections to ask
again: the interview honours it, and nothing carries or renders such a file a second time.

Pure functions on the data file's dict (as :func:`draftkit.datafile.load_data_file`
reads it): no terminal, no file.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, Problem, TextWarning

__all__ = [
    "MARKER",
    "CarriedForward",
    "base_year",
    "carried_from",
    "current_year",
    "input_command",
    "is_last_year",
    "next_stem",
    "next_year",
    "refuse_unfinished",
    "shift_years",
    "signer_change",
    "still_to_ask",
    "write_next_year",
]

# The key next-year adds to the file it writes (the data contract allows added keys):
# ``{from_year: 2023, ask: [...]}``. It tells that the file is already carried forward (never
# carried a second time, whatever today's date) and which sections its interview must ask
# again, whichever way the file was made: ``draftkit next-year`` or the interview's offer.
MARKER = "next_year"


@dataclass
class CarriedForward:
    """Next year's starting data, and what the clerk must know about it."""

    data: dict[str, Any]
    year: int  # the year the new document is about
    ask: tuple[str, ...]  # top-level sections to ask again, in no particular order
    notes: list[str] = field(default_factory=list)  # what was done
    warnings: list[TextWarning] = field(default_factory=list)  # what could not be made sure


# A year of this century or the last, not part of a longer number ("12023", "2023,5") nor
# of a date or a symbol ("10/01/2023", "05-01-2023", "05.01.2023", "2023-12-12",
# "15/2023/NĐ-CP"), which name last year's papers.
_YEAR = re.compile(r"(?<!\d)(?<!\d[./-])(?<!/)(19|20|21)\d\d(?!\d|[.,/-]\d|/)")
# A Tết named with its year ("Tết Nguyên đán Giáp Thìn 2024"): the lunar name goes with that
# very year, so moving the number alone would print a wrong name. Left as it is, to check.
_TET = re.compile(r"\bTết\b[^.,;:\n]{0,40}?(?<!\d)(?:19|20|21)\d\d(?!\d)")
# Two years as a range ("2021-2025", "2021 – 2025", "2020 đến 2025"): a term, not a year.
_RANGE = re.compile(r"(?<!\d)((?:19|20|21)\d\d)\s*(?:-|–|—|đến|tới)\s*((?:19|20|21)\d\d)(?!\d)")


def shift_years(text: str, year: int) -> tuple[str, list[str]]:
    """``text`` with ``year`` made ``year + 1`` and ``year + 1`` made ``year + 2``.

    "... năm 2023, phương hướng, nhiệm vụ năm 2024" → "... năm 2024, phương hướng, nhiệm vụ
    năm 2025". Other years, and years inside a range ("giai đoạn 2021-2025", a term that
    does not move every year) or in the name of a Tết ("Tết Nguyên đán Giáp Thìn 2024"), are
    left as they are; each such range or Tết found is returned so that the caller can say
    to check it.
    """
    ranges = [(m.start(), m.end(), m.group(0)) for m in _RANGE.finditer(text)]
    ranges += [(m.start(), m.end(), m.group(0)) for m in _TET.finditer(text)]
    ranges.sort()

    def inside_range(position: int) -> bool:
        return any(start <= position < end for start, end, _ in ranges)

    def moved(match: re.Match[str]) -> str:
        found = int(match.group(0))
        if inside_range(match.start()) or found not in (year, year + 1):
            return match.group(0)
        return str(found + 1)

    return _YEAR.sub(moved, text), [found for _, _, found in ranges]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def base_year(data: dict[str, Any]) -> int | None:
    """The year a data file is about: a report's ``year``, else the year of its date."""
    year = data.get("year")
    if data.get("document") == "report" and isinstance(year, int) and not isinstance(year, bool):
        return year
    signed = _date(data.get("date"))
    return signed.year if signed is not None else None


# Year-end documents of a year are written until about the middle of the next one (a
# report on 2024 signed in January 2025): until this month, a file about last year may be
# the one in progress, not one to carry forward.
_SEASON_ENDS = 6


def current_year(today: dt.date) -> int:
    """The year a year-end document begun on ``today`` is most likely about."""
    return today.year if today.month > _SEASON_ENDS else today.year - 1


def carried_from(data: dict[str, Any]) -> int | None:
    """The year a file written by next-year was carried from (None: not such a file)."""
    marker = data.get(MARKER)
    if not isinstance(marker, dict):
        return None
    year = marker.get("from_year")
    return year if isinstance(year, int) and not isinstance(year, bool) else 0


def is_last_year(data: dict[str, Any], today: dt.date) -> bool:
    """Whether a data file is surely about a year before the one a document begun ``today``
    is about: worth offering to carry forward. Never a file next-year wrote."""
    year = base_year(data)
    return (
        data.get("document") in ("report", "awards")
        and MARKER not in data
        and year is not None
        and year < current_year(today)
    )


def still_to_ask(data: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """``data`` without the next-year marker, and the sections the marker says to ask again
    (none when there is no marker). The one reading of the marker, for every path."""
    marker = data.get(MARKER)
    if marker is None:
        return data, ()
    rest = {key: value for key, value in data.items() if key != MARKER}
    listed = marker.get("ask") if isinstance(marker, dict) else None
    return rest, tuple(str(name) for name in listed or [] if isinstance(name, str))


def next_stem(stem: str, year: int) -> str:
    """The file name of next year's data: "bao-cao-2023" → "bao-cao-2024"; a name without
    that year gets it added ("bao-cao" → "bao-cao-2024"). A range ending with the year
    ("bao-cao-2023-2024", a school year) moves as a whole: "bao-cao-2024-2025"."""

    def moved_range(match: re.Match[str]) -> str:
        first, last, text = int(match.group(1)), int(match.group(2)), match.group(0)
        if year in (first, last) and last - first == 1:
            # The range's first and last four characters are its two years.
            return f"{first + 1}{text[4:-4]}{last + 1}"
        return text

    ranged = _RANGE.sub(moved_range, stem)
    if ranged != stem:
        return ranged
    shifted, _ = shift_years(stem, year)
    return shifted if shifted != stem else f"{stem}-{year + 1}"


def _next_day(signed: dt.date) -> tuple[dt.date, bool]:
    """The same day next year; 29 February becomes 28 February (True: it was moved)."""
    try:
        return signed.replace(year=signed.year + 1), False
    except ValueError:
        return signed.replace(year=signed.year + 1, day=28), True


def next_year(data: dict[str, Any], today: dt.date | None = None) -> CarriedForward:
    """Last year's data file (``data``, as loaded) carried forward to the next year.

    Raises :class:`InputError` when the file is neither a report nor a commendation round,
    or has no readable signing date (nothing could be moved with certainty).
    """
    document = data.get("document")
    if document not in ("report", "awards"):
        raise InputError(
            None,
            [Problem("Tệp không phải báo cáo (report) hay đợt khen thưởng (awards).", field="document")],
        )
    if MARKER in data:
        # Carried once already: a second time would move last year's figures out of
        # ``previous`` and the years of the title and reason twice.
        origin = carried_from(data)
        since = f" từ tệp năm {origin}" if origin else ""
        raise InputError(
            None,
            [
                Problem(
                    f"Tệp này đã được “draftkit next-year” chuyển sang năm sau{since}: không chuyển thêm lần nữa.",
                    field=MARKER,
                    hint=f"Nhập phần còn thiếu: draftkit {input_command(data)} --data <tệp này>.",
                )
            ],
        )
    signed = _date(data.get("date"))
    year = base_year(data)
    if signed is None or year is None:
        raise InputError(
            None,
            [
                Problem(
                    "Không đọc được ngày ký của tệp năm trước, nên không chuyển được sang năm sau.",
                    field="date",
                    hint="Ngày ký viết năm-tháng-ngày, ví dụ 2023-12-12.",
                )
            ],
        )
    new = copy.deepcopy(data)
    moved, leap = _next_day(signed)
    new["date"] = moved
    notes = [f"Ngày ký: {signed:%d/%m/%Y} → {moved:%d/%m/%Y} (sửa được ở bước xem lại)."]
    warnings: list[TextWarning] = []
    if leap:
        warnings.append(TextWarning("date", f"năm {moved.year} không có ngày 29/02: ngày ký đặt là 28/02, kiểm tra lại."))
    ask: list[str] = ["number"]
    if new.pop("number", None) is not None:
        notes.append("Số văn bản: để trống (văn thư cấp số mới).")
    if today is not None and moved < today:
        ask.append("date")  # a new document dated in the past: the date must be asked
    carry = _report if document == "report" else _awards
    carry(new, year, ask, notes, warnings)
    warnings += _last_years_papers(new, year)
    new[MARKER] = {"from_year": year, "ask": list(dict.fromkeys(ask))}
    return CarriedForward(data=new, year=year + 1, ask=tuple(dict.fromkeys(ask)), notes=notes, warnings=warnings)


def refuse_unfinished(path: Path, data: dict[str, Any]) -> None:
    """Raise :class:`InputError` for a file next-year wrote and no interview completed yet:
    ``render`` would print last year's situation and a report without this year's results."""
    if MARKER not in data:
        return
    raise InputError(
        path,
        [
            Problem(
                "Tệp do “draftkit next-year” tạo, chưa nhập phần của năm mới nên chưa tạo văn bản được.",
                field=MARKER,
                hint=f"Nhập phần còn thiếu: draftkit {input_command(data)} --data {path}. "
                f"Nếu đã nhập đủ bằng tay, xóa mục “{MARKER}” ở cuối tệp.",
            )
        ],
    )


def input_command(data: dict[str, Any]) -> str:
    """The interview that completes a data file of this kind."""
    return "new-report" if data.get("document") == "report" else "new-awards"


# A paper dated in ``year`` cited by its date ("ngày 10/12/2023", "10-12-2023", "ngày 10 tháng
# 12 năm 2023") or its symbol ("123/2023/QĐ-UBND"): last year's, whatever the text around it.
def _dated_in(year: int) -> re.Pattern[str]:
    return re.compile(
        rf"\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*{year}(?!\d)|tháng\s+\d{{1,2}}\s+năm\s+{year}(?!\d)|/{year}/",
        re.IGNORECASE,
    )


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _last_years_papers(data: dict[str, Any], year: int) -> list[TextWarning]:
    """A warning for each kept section that cites a paper dated in ``year`` (a plan, a
    Tờ trình): it is still last year's paper in next year's document."""
    dated = _dated_in(year)
    found: list[TextWarning] = []
    for key, value in data.items():
        cited = [text for text in _texts(value) if dated.search(text)]
        if cited:
            shown = cited[0] if len(cited[0]) <= 80 else cited[0][:79] + "…"
            found.append(
                TextWarning(key, f"mục “{key}” nêu văn bản năm {year} (“{shown}”): sửa cho năm {year + 1}.")
            )
    return found


def _shift_key(data: dict[str, Any], key: str, year: int, label: str, warnings: list[TextWarning], *, must: bool) -> None:
    text = data.get(key)
    if not isinstance(text, str):
        return
    shifted, ranges = shift_years(text, year)
    data[key] = shifted
    for found in ranges:
        warnings.append(TextWarning(key, f"{label} có “{found}”: không đổi năm trong khoảng năm; kiểm tra lại."))
    if must and shifted == text and not ranges:
        warnings.append(TextWarning(key, f"{label} không nêu năm {year}: kiểm tra lại cho năm {year + 1}."))


def _report(data: dict[str, Any], year: int, ask: list[str], notes: list[str], warnings: list[TextWarning]) -> None:
    if isinstance(data.get("year"), int):
        data["year"] = year + 1
    _shift_key(data, "title", year, "Trích yếu", warnings, must=True)
    notes.append(f"Năm được tổng kết: {year} → {year + 1}; các năm trong trích yếu đổi theo.")
    opening = data.pop("opening", None)
    if isinstance(opening, str):
        # It usually cites last year's plan by number and date: never moved, always asked.
        ask.append("opening")
        warnings.append(
            TextWarning("opening", f"đoạn mở đầu năm trước (“{opening[:60]}…”) nêu văn bản của năm trước: nhập lại.")
        )
    old_results = _list(data.get("results"))
    results = [_carried_section(section) for section in old_results if isinstance(section, dict)]
    headings = {str(section.get("heading", "")).casefold().strip() for section in results}
    plan = data.get("plan")
    tasks = _list(plan.get("tasks")) if isinstance(plan, dict) else []
    added = 0
    for task in tasks:
        heading = task.get("heading") if isinstance(task, dict) else task
        if isinstance(heading, str) and heading.strip() and heading.casefold().strip() not in headings:
            results.append({"heading": heading.strip().rstrip(".;")})
            headings.add(heading.casefold().strip())
            added += 1
    data["results"] = results
    indicators = sum(_count_indicators(section) for section in results)
    if indicators:
        notes.append(
            f"{indicators} chỉ tiêu: kết quả năm {year} chuyển thành “cùng kỳ năm trước”; "
            f"nhập kết quả và kế hoạch năm {year + 1}."
        )
    if added:
        notes.append(f"{added} nhiệm vụ năm {year + 1} trong phương hướng năm trước thành lĩnh vực để báo cáo kết quả.")
    for key in ("assessment", "plan", "proposals"):
        data.pop(key, None)
    notes.append("Nội dung kết quả, đánh giá, phương hướng, đề xuất của năm trước được bỏ để nhập mới.")
    if data.get("situation"):
        # Often still true (the commune, its population): kept to edit, never printed unasked.
        notes.append("Đặc điểm tình hình năm trước được giữ để sửa: sẽ được hỏi lại từng đoạn.")
    ask += ["situation", "results", "assessment", "plan", "proposals"]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _carried_section(section: dict[str, Any]) -> dict[str, Any]:
    """A field of work with last year's text dropped and its figures moved to ``previous``."""
    out: dict[str, Any] = {"heading": section.get("heading")}
    indicators = []
    for indicator in section.get("indicators") or []:
        if not isinstance(indicator, dict):
            continue
        kept = {k: indicator[k] for k in ("label", "unit", "better") if indicator.get(k) is not None}
        if indicator.get("value") is not None:
            kept["previous"] = indicator["value"]
        indicators.append(kept)
    if indicators:
        out["indicators"] = indicators
    subsections = [_carried_section(s) for s in section.get("sections") or [] if isinstance(s, dict)]
    if subsections:
        out["sections"] = subsections
    return out


def _count_indicators(section: dict[str, Any]) -> int:
    return len(section.get("indicators", [])) + sum(_count_indicators(s) for s in section.get("sections", []))


def _awards(data: dict[str, Any], year: int, ask: list[str], notes: list[str], warnings: list[TextWarning]) -> None:
    _shift_key(data, "reason", year, "Thành tích", warnings, must=True)
    _shift_key(data, "subject", year, "Trích yếu", warnings, must=False)
    ask += ["reason", "awardees"]
    proposal = data.pop("proposal", None)
    if isinstance(proposal, str):
        # It names the Tờ trình of last year's round (its number and date): always new.
        ask.append("proposal")
        notes.append(f"Dòng đề nghị năm trước (“{proposal}”) được bỏ: nhập tờ trình đề nghị năm {year + 1}.")
    listed = data.pop("awardees", None)
    if isinstance(listed, str):
        notes.append(f"Danh sách năm trước ở tệp “{listed}”: chọn danh sách năm {year + 1}.")
    else:
        notes.append(f"Danh sách khen thưởng được bỏ: nhập danh sách năm {year + 1}.")
    money = data.pop("money", None)
    if isinstance(money, dict):
        # The base salary and the decree change: last year's amounts are not carried.
        amounts = ", ".join(
            f"{_money(money.get(key))} mỗi {who}" for key, who in (("individual", "cá nhân"), ("collective", "tập thể"))
        )
        warnings.append(
            TextWarning(
                "money",
                f"mức tiền thưởng năm trước ({amounts}) không được giữ: mức theo quy định tại "
                "ngày ký mới được dùng, hoặc ghi lại ở mục “money”.",
            )
        )
    if data.get("bases"):
        warnings.append(
            TextWarning("bases", "các dòng “Căn cứ” của năm trước được giữ: kiểm tra văn bản còn hiệu lực.")
        )
    notes.append("Giữ cơ quan ban hành, thẩm quyền, người ký, căn cứ, người thi hành và nơi nhận.")


def _money(amount: Any) -> str:
    """An amount as the documents write it ("540.000 đồng"); anything else as it was typed."""
    from .wording import money_figure

    if isinstance(amount, int) and not isinstance(amount, bool) and amount >= 0:
        return money_figure(amount)
    return str(amount)


def signer_change(carried: dict[str, Any], profile: Mapping[str, Any] | None) -> TextWarning | None:
    """A warning when the signer kept from last year is not who the office profile now
    says signs this kind of document (a new Chủ tịch, a per-kind signer set since)."""
    from .profile import profile_for

    kept = carried.get("signer")
    document = carried.get("document")
    if profile is None or not isinstance(kept, dict) or not isinstance(document, str):
        return None
    now = profile_for(profile, document)[0].get("signer")
    if not isinstance(now, dict) or _signer_lines(now) == _signer_lines(kept):
        return None
    return TextWarning(
        "signer",
        f"người ký năm trước (“{_signer_lines(kept)}”) khác người ký trong hồ sơ cơ quan "
        f"(“{_signer_lines(now)}”): kiểm tra mục “signer” (Người ký).",
    )


def _signer_lines(signer: dict[str, Any]) -> str:
    return " / ".join(str(signer[key]).strip() for key in ("authority", "title", "name") if signer.get(key))


def write_next_year(
    last: Path,
    output: Path | None = None,
    *,
    force: bool = False,
    today: dt.date | None = None,
    profile: Path | None = None,
) -> tuple[Path, CarriedForward]:
    """``draftkit next-year``: read last year's data file, carry it forward, write the result.

    Last year's file must be valid (with the office profile filling what it leaves out, as
    ``render`` reads it): a broken file is refused with its lines, never half carried.
    ``output`` defaults to last year's name with the year moved on, beside it. An existing
    file is not overwritten without ``force``, and last year's file never (not even with
    ``force``: it is the only copy of last year's document). ``profile``: the office
    profile file (draftkit's own when None), to warn when its signer is not last year's.
    """
    from .datafile import dump_yaml, load_data_file
    from .errors import OutputError, os_reason
    from .output import ensure_writable, write_atomic
    from .profile import fill_from_profile, load_profile, profile_path
    from .validation import validate

    source = load_data_file(last)

    def carry() -> CarriedForward:
        try:
            return next_year(source.data, today)
        except InputError as refused:
            raise InputError(last, refused.problems) from None

    if MARKER in source.data:
        carry()  # refused, saying why, before validation calls the marker an unknown key
    validate(fill_from_profile(source))
    carried = carry()
    if output is None:
        output = last.with_name(next_stem(last.stem, carried.year - 1) + ".yaml")
    if _same_file(output, last):
        raise OutputError(
            f"Không ghi tệp năm sau đè lên tệp năm trước “{last}”.",
            hint="Bỏ tùy chọn -o (ghi tệp năm mới bên cạnh), hoặc chọn tên tệp khác.",
        )
    ensure_writable([output], force)
    changed = signer_change(carried.data, load_profile(profile if profile is not None else profile_path()))
    if changed is not None:
        carried.warnings.append(changed)
    header = (
        f"# Tạo bằng “draftkit next-year” từ {last.name}: chưa đủ để tạo văn bản.\n"
        f"# Nhập phần còn thiếu bằng: draftkit {input_command(carried.data)} --data {output.name}\n"
    )
    try:
        write_atomic(output, (header + dump_yaml(carried.data)).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"Không ghi được “{output}”: {os_reason(exc)}.") from None
    return output, carried


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.exists() and one.samefile(other)
    except OSError:
        return one.absolute() == other.absolute()

"""A commendation round: the decision, its attached list and the certificates.

From the validated model to the variables of the three templates. Money, the default
legal bases and the executors come from ``rules/awards.toml`` by the decision's date;
the wording rules from :mod:`draftkit.wording`.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from .awardees import AwardeeRow
from .collation import name_sort_key
from .common import header_context, signature_context, with_ending
from .datafile import DataFile
from .errors import InputError, Problem, TextWarning
from .models import Awardee, AwardsData
from .rules import award_rules, in_force, rules_for
from .wording import (
    authority_in_text,
    count_phrase,
    document_number,
    format_date,
    keep_place_names,
    lower_first,
    money_figure,
    money_words,
    position_and_unit,
    roman,
    sentence_case_first,
    unit_kind,
    unit_of,
    upper_vi,
)

DOC_CODE = "QĐ"


@dataclass(frozen=True)
class Amounts:
    individual: int
    collective: int


def validate_rows(
    rows: list[AwardeeRow], source: str = ""
) -> tuple[list[Awardee], list[Problem], list[TextWarning]]:
    """Spreadsheet rows as awardees: every problem with its row, and the same cleaning as a
    data file gets (characters XML cannot hold dropped with a warning, "ƣ" reported), and
    a warning for each name that reads as a collective but is counted as an individual."""
    from pydantic import ValidationError

    from .textcheck import sanitize
    from .validation import problem_from_error

    people: list[Awardee] = []
    problems: list[Problem] = []
    warnings: list[TextWarning] = []
    for index, row in enumerate(rows):
        values, found = sanitize(row.values, ("awardees", index))
        where = f"{source}: " if source else ""  # the line is the spreadsheet's, not the data file's
        warnings += [TextWarning(f"{where}{w.field}", w.message, line=row.row) for w in found]
        try:
            person = Awardee.model_validate(values)
        except ValidationError as exc:
            for err in exc.errors():
                problem = problem_from_error(err, Awardee, None)
                problems.append(Problem(problem.message, field=problem.field, line=row.row, hint=problem.hint))
            continue
        people.append(person)
        warning = kind_warning(person)
        if warning is not None:
            warnings.append(TextWarning("", warning, line=row.row))
    if not rows:
        problems.append(Problem("Danh sách không có người hay tập thể nào."))
    return people, problems, warnings


def kind_warning(person: Awardee) -> str | None:
    """Why ``person`` may be a collective counted (and paid) as an individual, else None."""
    from .kinds import likely_collective

    if person.kind != "individual" or not likely_collective(person.name):
        return None
    return (
        f"“{person.name}” có vẻ là tên một tập thể nhưng đang được tính là cá nhân "
        "(số đếm, tiền thưởng, cách gọi trên giấy khen). Nếu là tập thể, ghi loại là “Tập thể”."
    )


def sheet_path(model_awardees: str, base_dir: Path) -> tuple[Path | None, Problem | None]:
    """The spreadsheet a data file names, kept inside the data file's folder.

    A data file may come from anyone: an absolute path or "../" would let it print a file
    from elsewhere on the computer into a document. A list elsewhere is given on the
    command line instead (``draftkit render FILE --danh-sach LIST``).
    """
    import os

    named = model_awardees.strip()
    hint = (
        "Chép tệp danh sách vào cùng thư mục với tệp dữ liệu và ghi “awardees: ten-tep.xlsx”, "
        "hoặc chỉ ra tệp khi chạy: draftkit render TỆP-DỮ-LIỆU --danh-sach ĐƯỜNG-DẪN."
    )
    relative = Path(named.replace("\\", "/"))
    if relative.is_absolute() or named.startswith(("/", "\\")) or (len(named) > 1 and named[1] == ":"):
        return None, Problem(
            f"Tệp danh sách “{named}” được ghi bằng đường dẫn đầy đủ; tệp dữ liệu chỉ được "
            "dùng tệp danh sách nằm trong thư mục của nó.",
            field="awardees",
            hint=hint,
        )
    base = base_dir.resolve()
    path = Path(os.path.normpath(base / relative))
    if ".." in relative.parts or not path.resolve().is_relative_to(base):
        return None, Problem(
            f"Tệp danh sách “{named}” nằm ngoài thư mục của tệp dữ liệu ({base}); tệp dữ liệu "
            "chỉ được dùng tệp danh sách nằm trong thư mục của nó.",
            field="awardees",
            hint=hint,
        )
    return path, None


def resolve_awardees(
    model: AwardsData,
    base_dir: Path,
    source: DataFile | None = None,
    given: Path | None = None,
) -> tuple[AwardsData, list[TextWarning]]:
    """Read the awardees from the spreadsheet the data file names, when it names one.

    ``given`` is a list the user named on the command line (or in the interview): read
    wherever it is, instead of what the data file names. A path the data file names must
    stay inside ``base_dir``. The warnings name the list file and its rows; for awardees
    listed in the data file, a name that reads as a collective counted as an individual.
    """
    def line_of(path: tuple[str | int, ...]) -> int | None:
        return source.line_of(path) if source is not None else None

    if given is None and not isinstance(model.awardees, str):
        warnings = []
        for index, person in enumerate(model.awardees):
            warning = kind_warning(person)
            if warning is not None:
                warnings.append(TextWarning(f"awardees[{index}].kind", warning, line=line_of(("awardees", index))))
        return model, warnings
    from .awardees import read_list

    if given is not None:
        path = given
    else:
        assert isinstance(model.awardees, str)
        path_in, problem = sheet_path(model.awardees, base_dir)
        if problem is not None:
            raise InputError(
                source.path if source is not None else None,
                [Problem(problem.message, field=problem.field, line=line_of(("awardees",)), hint=problem.hint)],
            )
        assert path_in is not None
        path = path_in
    read = read_list(path)
    people, problems, row_warnings = validate_rows(read.rows, path.name)
    if problems:
        raise InputError(path, problems)
    warnings = [_in_list(path, w) for w in read.warnings]
    warnings += [w if w.field else _in_list(path, w) for w in row_warnings]
    return model.model_copy(update={"awardees": people}), warnings


def _in_list(path: Path, warning: TextWarning) -> TextWarning:
    """A spreadsheet's warning as ``render`` prints it: the file and its row named first."""
    where = f"tệp {path.name}" + (f", dòng {warning.line}" if warning.line is not None else "")
    return TextWarning("", f"{where}: {warning.message}")


def with_sheet_problems(
    error: InputError, data: dict[str, Any], source: DataFile, base_dir: Path, given: Path | None = None
) -> InputError:
    """``error`` (about the data file) with the problems of the spreadsheet it names (or of
    ``given``) added, so that one run lists everything to fix in both files."""
    listed = data.get("awardees")
    if data.get("document") != "awards":
        return error
    if given is None and (not isinstance(listed, str) or not listed.strip()):
        return error
    from .awardees import read_list

    line = source.line_of(("awardees",))
    path, problem = (given, None) if given is not None else sheet_path(str(listed), base_dir)
    found: list[Problem] = []
    if problem is not None:
        found.append(Problem(problem.message, field="awardees", line=line, hint=problem.hint))
    else:
        assert path is not None
        try:
            _, problems, _ = validate_rows(read_list(path).rows)
        except InputError as unreadable:
            problems = unreadable.problems
        for p in problems:
            inner = p.location()
            found.append(
                Problem(
                    f"tệp {path.name}" + (f", {inner}" if inner else "") + f": {p.message}",
                    field="awardees",
                    line=line,
                    hint=p.hint,
                )
            )
    if not found:
        return error
    return InputError(error.source, [*error.problems, *found])


def preflight(model: AwardsData, source: DataFile) -> None:
    """Raise now, with the file and its line, what rendering would otherwise find late:
    money that no rule gives, or a decision without legal bases or executors."""
    found: list[Problem] = []
    for check in (amounts, bases_lines, executor_lines):
        try:
            check(model)
        except InputError as error:
            found += error.problems
    if found:
        raise InputError(
            source.path,
            [
                Problem(p.message, field=p.field, line=source.line_of((p.field,)) if p.field else None, hint=p.hint)
                for p in found
            ],
        )


# Who decides a Giấy khen (khoản 1 Điều 75 Luật Thi đua, khen thưởng 2022), as the rules in
# ``rules/awards.toml`` name the levels, in the clerk's words.
LEVEL_NAMES = {
    "province": "thủ trưởng cơ quan, tổ chức ở trung ương hoặc cấp tỉnh",
    "district": "Chủ tịch Ủy ban nhân dân cấp huyện",
    "commune": "Chủ tịch Ủy ban nhân dân cấp xã",
    "enterprise": "người đứng đầu doanh nghiệp, hợp tác xã (điểm d khoản 1 Điều 75 Luật Thi đua, khen thưởng)",
}
# Words of an authority line that name a doanh nghiệp or hợp tác xã, in capitals.
# Heads of a doanh nghiệp or hợp tác xã (điểm d of k1 Điều 75), as authority lines name them.
_ENTERPRISE_WORDS = ("CÔNG TY", "CTY", "CTCP", "DOANH NGHIỆP", "HỢP TÁC XÃ", "HTX", "TẬP ĐOÀN")


def authority_level(authority: str, on: date) -> str:
    """The level of whoever decides, from the authority line and the signing date.

    "... CÔNG TY ...", "... HỢP TÁC XÃ ..." → enterprise; a commune unit → commune;
    "TỈNH ..." (and, once there are no cities inside a province, "THÀNH PHỐ ...") →
    province; any other unit, or none named → district (the 0,3 class before 2025).
    """
    words = " " + " ".join(unicodedata.normalize("NFC", authority).upper().split()) + " "
    if any(f" {word} " in words for word in _ENTERPRISE_WORDS):
        return "enterprise"
    found = unit_of(authority)
    if found is None:
        return "district"
    if found[0] == "commune":
        return "commune"
    kind = unit_kind(authority)
    if kind == "tỉnh" or (kind == "thành phố" and on > award_rules()["district_level_until"]):
        return "province"
    return "district"


def level_of(model: AwardsData) -> str:
    """Who decides (province, district, commune, enterprise): from ``level``, else from the
    authority line (:func:`authority_level`)."""
    if model.level is not None:
        return model.level
    return authority_level(model.authority, model.date)


def giay_khen_amounts(on: date, level: str) -> Amounts:
    """The money that goes with a Giấy khen signed on ``on`` by a decider of ``level``.

    Coefficient × the mức lương cơ sở in force on that date, rounded up to 10.000 đồng,
    per ``rules/awards.toml``. Raises :class:`InputError` (field ``money``) where the rules
    give no amount: a date before the rules, or a level whose amount no text states.
    """
    rules = award_rules()
    salary = in_force(rules["base_salary"], on)
    entry = in_force(rules["giay_khen"], on)
    if salary is None or entry is None:
        raise _money_problem(f"draftkit không có mức lương cơ sở cho ngày ký {on:%d/%m/%Y}.")
    if level not in entry:
        raise _money_problem(
            f"{entry['source']} không nêu mức tiền thưởng kèm Giấy khen của {LEVEL_NAMES.get(level, level)}; "
            "draftkit không tự tính."
        )
    step = int(entry["round_up_to"])

    def money(kind: str) -> int:
        value = Decimal(salary["amount"]) * Decimal(str(entry[level][kind]))
        return math.ceil(value / step) * step

    return Amounts(individual=money("individual"), collective=money("collective"))


def _money_problem(message: str) -> InputError:
    return InputError(
        None,
        [
            Problem(
                message,
                field="money",
                # No figures: an example amount copied as it stands would pay a past year's rate.
                hint="Thêm vào tệp dữ liệu mức tiền theo quy định tại ngày ký, viết số liền, đơn vị đồng:  "
                "money: {individual: <tiền mỗi cá nhân>, collective: <tiền mỗi tập thể>}",
            )
        ],
    )


def amounts(model: AwardsData) -> Amounts:
    """Money per individual and per collective: the file's ``money``, else the rules."""
    if model.money is not None:
        return Amounts(model.money.individual, model.money.collective)
    if model.style == "party":
        raise _money_problem("Văn bản khen thưởng của Đảng cần ghi mức tiền thưởng ở mục “money”.")
    if model.award.strip().lower() != "giấy khen":
        raise _money_problem(f"Chưa có quy định mức tiền thưởng cho “{model.award}” trong draftkit.")
    return giay_khen_amounts(model.date, level_of(model))


def advisories(model: AwardsData) -> list[TextWarning]:
    """What the clerk must check before signing: a default amount that rests on a text
    draftkit knows only as weaker than a secondary source (``certainty`` in
    ``rules/awards.toml``), or an authority of a level that no longer existed on the
    signing date."""
    if model.style != "state":
        return []
    rules = award_rules()
    found: list[TextWarning] = []
    unit = unit_of(model.authority)
    if unit is not None and model.date > rules["district_level_until"] and unit_kind(model.authority) in _DISTRICT_UNITS:
        found.append(
            TextWarning(
                "authority",
                f"từ ngày {rules['district_level_until'] + timedelta(days=1):%d/%m/%Y} không còn cấp huyện "
                f"(Luật Tổ chức chính quyền địa phương 2025), mà dòng thẩm quyền nêu “{unit[1]}”. "
                "Kiểm tra lại ngày ký và cơ quan khen thưởng.",
            )
        )
    giay_khen = model.award.strip().lower() == "giấy khen"  # other awards must give money
    if model.money is None and giay_khen:
        weak = [
            entry
            for entry in (in_force(rules["giay_khen"], model.date), in_force(rules["base_salary"], model.date))
            if entry is not None and entry.get("certainty") not in _SOURCED
        ]
        if weak:
            money = amounts(model)
            found.append(
                TextWarning(
                    "money",
                    "mức thưởng Giấy khen dựa trên "
                    + ", ".join(str(e["source"]) for e in weak)
                    + f", chưa được đối chiếu với văn bản gốc: {money_figure(money.individual)} mỗi cá nhân, "
                    f"{money_figure(money.collective)} mỗi tập thể. Kiểm tra lại trước khi ký, hoặc ghi mức ở mục “money”.",
                )
            )
    return found


_SOURCED = ("P", "S")  # certainty of a text seen, or quoted by a source that saw it
_DISTRICT_UNITS = ("huyện", "quận", "thị xã")  # "thành phố" may be a province: not judged


People = tuple[list[Awardee], list[Awardee]]  # collectives, individuals, in list order


def ordered(model: AwardsData) -> People:
    """Collectives (as given) and individuals (as given, or by Vietnamese name order)."""
    people = model.awardee_list()
    collectives = [a for a in people if a.kind == "collective"]
    individuals = [a for a in people if a.kind == "individual"]
    if model.order == "name":
        individuals.sort(key=lambda a: name_sort_key(a.name))
    return collectives, individuals


def display_name(awardee: Awardee, style: str = "state") -> str:
    """The name as the list and the certificate print it: "Ông ...", "Bà ...", or in Party
    documents "Đồng chí ..." (vn-document-rules §5.4)."""
    if awardee.kind != "individual":
        return awardee.name
    if style == "party":
        return f"Đồng chí {awardee.name}"
    honorific = {"male": "Ông", "female": "Bà"}.get(awardee.gender or "")
    return f"{honorific} {awardee.name}" if honorific else awardee.name


def position_line(awardee: Awardee) -> str:
    return position_and_unit(awardee.position, awardee.unit)


def _who(collectives: int, individuals: int) -> str:
    return ", ".join(w for w, n in (("tập thể", collectives), ("cá nhân", individuals)) if n)


def _counts(collectives: int, individuals: int) -> str:
    parts = [count_phrase(n, noun) for n, noun in ((collectives, "tập thể"), (individuals, "cá nhân")) if n]
    return " và ".join(parts)


def _without_da(reason: str) -> str:
    """"đã có thành tích ..." → "có thành tích ..." for the trích yếu."""
    stripped = reason.strip()
    return stripped[3:] if stripped.lower().startswith("đã ") else stripped


def _sentence(text: str, end: str) -> str:
    return text.rstrip().rstrip(";,.") + end


def bare_number(model: AwardsData) -> str:
    """"3150/QĐ-UBND" (state) or "125-QĐ/HU" (Party); blanks kept when there is no number."""
    line = document_number(model.style, model.number, DOC_CODE, model.issuer.code)
    return line.removeprefix(rules_for(model.style, model.date).forms["number_prefix"])


def decision_reference(model: AwardsData) -> str:
    """"Quyết định số 3150/QĐ-UBND ngày 14 tháng 12 năm 2023 của Chủ tịch ..."."""
    number = bare_number(model)
    return f"Quyết định số {number} ngày {format_date(model.date).removeprefix('ngày ')} của {authority_in_text(model.authority)}"


def bases_lines(model: AwardsData) -> list[str]:
    """The italic "Căn cứ" lines: ";" after each, "." after the last (the proposal)."""
    if model.bases is not None:
        lines = list(model.bases)
    elif model.style == "party":
        raise InputError(
            None,
            [
                Problem(
                    "Quyết định khen thưởng của Đảng cần các dòng “Căn cứ ...” ở mục “bases” "
                    "(Điều lệ Đảng, quy chế làm việc, quy định về thi đua, khen thưởng của Đảng).",
                    field="bases",
                )
            ],
        )
    elif (who := _not_a_committee(model)) is not None:
        raise InputError(
            None,
            [
                Problem(
                    f"Quyết định của {who} cần các dòng “Căn cứ ...” ở mục “bases” "
                    "(draftkit chỉ có căn cứ mặc định cho quyết định của Chủ tịch Ủy ban nhân dân).",
                    field="bases",
                )
            ],
        )
    else:
        entry = in_force(award_rules()["bases"], model.date)
        if entry is None:
            raise InputError(
                None,
                [
                    Problem(
                        f"draftkit chưa có căn cứ pháp lý cho quyết định ký ngày {model.date:%d/%m/%Y}.",
                        field="bases",
                        hint="Ghi các dòng “Căn cứ ...” ở mục “bases”.",
                    )
                ],
            )
        lines = list(entry["lines"])
    if model.proposal:
        lines.append(model.proposal)
    return [_sentence(line, ";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]


def articles(model: AwardsData, collectives: list[Awardee], individuals: list[Awardee]) -> list[dict[str, str]]:
    """Điều 1 (who and why), Điều 2 (money, left out when there is none), Điều 3."""
    rules = award_rules()
    level = level_of(model)
    authority = authority_in_text(model.authority)
    texts = [
        f"Tặng {model.award} của {authority} cho {_counts(len(collectives), len(individuals))} "
        f"(có danh sách kèm theo), {_sentence(model.reason, '.')}"
    ]
    money = amounts(model)
    parts = []
    if collectives and money.collective:
        parts.append(f"mỗi tập thể được thưởng {money_figure(money.collective)} ({money_words(money.collective)})")
    if individuals and money.individual:
        parts.append(f"mỗi cá nhân được thưởng {money_figure(money.individual)} ({money_words(money.individual)})")
    if parts:
        total = money.collective * len(collectives) + money.individual * len(individuals)
        # A state decision names the district's or commune's fund by default; a Party
        # committee's fund has no default here, so it is named only when the file says.
        default_fund = rules["fund"].get(level) if model.style == "state" and _not_a_committee(model) is None else None
        fund = model.fund or (_of_unit(default_fund, model, level) if default_fund else None)
        source = f", trích từ {fund}" if fund else ""
        texts.append(
            f"Kèm theo {model.award}, {', '.join(parts)}. Tổng số tiền thưởng là {money_figure(total)} "
            f"({money_words(total)}){source}."
        )
    ending = rules_for(model.style, model.date).forms["ending"]
    texts.append(
        with_ending(
            "Quyết định này có hiệu lực kể từ ngày ký. "
            + "; ".join(executor_lines(model))
            + " và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
            ending,
        )
    )
    return [{"number": f"Điều {i}.", "text": text} for i, text in enumerate(texts, start=1)]


def executor_lines(model: AwardsData) -> list[str]:
    """Who carries out the decision (Điều 3): the file's ``executors``, else the lines in
    force on the date for the decider's level (``rules/awards.toml``)."""
    if model.executors is not None:
        return list(model.executors)
    level = level_of(model)
    entry = in_force(award_rules()["executors"], model.date) or award_rules()["executors"][0]
    who = _not_a_committee(model)
    if model.style == "party" or who is not None or level not in entry:
        # The defaults are the offices of a People's Committee: a Party committee's, a
        # department's or a company's decision names its own.
        whose = "của Đảng" if model.style == "party" else f"của {who or LEVEL_NAMES.get(level, level)}"
        raise InputError(
            None,
            [
                Problem(
                    f"draftkit không có mặc định người thi hành (Điều 3) cho quyết định {whose}.",
                    field="executors",
                    hint="Ghi ở mục “executors”, ví dụ:  executors: [Văn phòng Huyện ủy, Ban Tổ chức Huyện ủy]"
                    if model.style == "party"
                    else "Ghi ở mục “executors”, ví dụ:  executors: [Trưởng phòng Tổ chức - Hành chính]",
                )
            ],
        )
    return [_of_unit(line, model, level) for line in entry[level]]


def _not_a_committee(model: AwardsData) -> str | None:
    """Who decides, in the clerk's words, when the default lines of a People's Committee's
    decision do not fit them (``committee_words`` and ``no_defaults`` in the rules); None
    when they do."""
    rules = award_rules()
    level = level_of(model)
    if level in rules["no_defaults"]:
        return LEVEL_NAMES.get(level, level)
    words = " " + " ".join(unicodedata.normalize("NFC", model.authority).upper().split()) + " "
    if not any(f" {word} " in words for word in rules["committee_words"]):
        return f"“{' '.join(model.authority.split())}”"
    return None


_DEFAULT_UNIT = {"province": "tỉnh", "district": "huyện"}  # when the authority names none


def _of_unit(text: str, model: AwardsData, level: str) -> str:
    """A default line with "{unit}" made the kind of unit the authority names (xã, phường...)."""
    kind = unit_kind(model.authority) or _DEFAULT_UNIT.get(level, "xã")
    return text.replace("{unit}", kind)


def _subject_case(model: AwardsData, subject: str) -> str:
    """HD 36 writes the Party trích yếu with a lowercase first word ("về việc ...")."""
    return lower_first(subject) if model.style == "party" else subject


def decision_context(model: AwardsData, people: People | None = None) -> dict[str, Any]:
    rules = rules_for(model.style, model.date)
    collectives, individuals = people or ordered(model)
    all_articles = articles(model, collectives, individuals)
    # A composed trích yếu keeps each place name on one line; one typed in is left as typed.
    subject = model.subject or keep_place_names(
        f"Về việc khen thưởng {_who(len(collectives), len(individuals))} {_without_da(model.reason)}"
    )
    return {
        **header_context(model, DOC_CODE, rules),
        **signature_context(model),
        "doc_type": "QUYẾT ĐỊNH",
        "subject": _subject_case(model, subject.rstrip(". ")),
        "authority": upper_vi(" ".join(model.authority.split())),
        "bases": bases_lines(model),
        # The last article is kept on the page of the signature block.
        "articles": all_articles[:-1],
        "final_article": all_articles[-1],
    }


def list_context(model: AwardsData, people: People | None = None) -> dict[str, Any]:
    rules = rules_for(model.style, model.date)
    collectives, individuals = people or ordered(model)
    groups = []
    for title, noun, members in (("TẬP THỂ", "tập thể", collectives), ("CÁ NHÂN", "cá nhân", individuals)):
        if members:
            groups.append(
                {
                    "title": title,
                    "count": count_phrase(len(members), noun),
                    "collective": noun == "tập thể",
                    "rows": [
                        {"no": str(i), "name": display_name(a, model.style), "position": position_line(a), "note": a.note or ""}
                        for i, a in enumerate(members, start=1)
                    ],
                }
            )
    for index, group in enumerate(groups, start=1):
        group["heading"] = f"{roman(index)}. {group['title']}: {group['count']}"
    return {
        **header_context(model, DOC_CODE, rules),
        "doc_type": "DANH SÁCH",
        "subject": _subject_case(
            model,
            f"{_who(len(collectives), len(individuals)).capitalize()} được tặng {model.award} "
            f"của {keep_place_names(authority_in_text(model.authority))}",
        ),
        "attachment": f"(Kèm theo {keep_place_names(decision_reference(model))})",
        "groups": groups,
    }


def certificate_context(model: AwardsData, people: People | None = None) -> dict[str, Any]:
    rules = rules_for(model.style, model.date)
    collectives, individuals = people or ordered(model)
    number = bare_number(model)
    fields_only = model.certificate.mode == "fields"
    head = header_context(model, DOC_CODE, rules)
    certificates = [
        {
            "name": display_name(a, model.style),
            "person": a.name,
            "position": position_line(a),
            "reason": sentence_case_first((a.reason or model.reason).strip().rstrip(".")),
            "gold_book": f"Số sổ vàng: {a.gold_book}" if a.gold_book else "",
        }
        for a in (*collectives, *individuals)
    ]
    static = {
        "national_title": rules.element("national_title" if model.style == "state" else "party_title").text,
        "motto": rules.element("motto").text if model.style == "state" else "",
        "authority": upper_vi(" ".join(model.authority.split())),
        "give": "TẶNG",
        "award": model.award.upper(),
    }
    if fields_only:
        # The pre-printed form carries these; blank lines keep every field where it was.
        static = dict.fromkeys(static, "")
    return {
        **static,
        "fields_only": fields_only,
        # Two lines under the signature's left column: "Quyết định số 3150/QĐ-UBND" and
        # "ngày 14 tháng 12 năm 2023", the form the Bằng khen specimen uses.
        "decision_line": f"Quyết định số {number}\n{format_date(model.date)}",
        "place_date": head["place_date"],
        **{k: v for k, v in signature_context(model).items() if k != "recipients"},
        "certificates": certificates,
    }

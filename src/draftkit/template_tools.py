"""The office's own templates: list, copy, check and the variables each kind receives.

The variables a template may use are never written down by hand: they are read from the
context the code really builds for the example data files (``examples/``), so the check,
``templates vars`` and the documentation cannot drift from what rendering passes. Only the
Vietnamese descriptions are kept here, in :data:`DESCRIPTIONS`; a test fails when a
variable has none.

Jinja itself is read by :func:`draftkit.docx_engine.analyze_template`; this module decides
what is wrong with what it found and says it in Vietnamese.
"""

from __future__ import annotations

import difflib
import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    EXIT_USAGE,
    DraftkitError,
    OutputError,
    TemplateError,
    UnreadableDocumentError,
    os_reason,
)
from .template_search import (
    BUILTIN,
    KIND_LABELS,
    KIND_NOUNS,
    KINDS,
    STYLES,
    FoundTemplate,
    TemplateFolder,
    builtin_template,
    find_template,
    fold,
    guess_kind_style,
    search_path,
    stray_lines,
    template_file_name,
    user_templates_folder,
)

if TYPE_CHECKING:
    from .docx_engine import VariableUse
    from .docx_engine._analysis import ControlTag, LoopBinding, TemplateSpot

ITEM = "[]"  # as in docx_engine: "each item of the list"

STYLE_LABELS = {"state": "văn bản hành chính", "party": "văn bản của Đảng"}

# The data each kind's variables are read from: one real-looking file per document type,
# whose values `templates vars` shows as examples.
KIND_EXAMPLES = {
    "report": "ngoc-lac-2023-bao-cao.yaml",
    "decision": "ngoc-lac-2023-khen-thuong.yaml",
    "list": "ngoc-lac-2023-khen-thuong.yaml",
    "certificate": "ngoc-lac-2023-khen-thuong.yaml",
}
# The same documents in the Party style: a variable only that style gets is known too.
MORE_EXAMPLES = (
    "ngoc-lac-2023-bao-cao-dang.yaml",
    "huyen-uy-ngoc-lac-2023-khen-thuong.yaml",
    "xa-ngoc-trung-2026-bao-cao.yaml",  # a report with targets and the indicators' Phụ lục
)

# What every variable means, for the clerk. Keys are variable names as `templates vars`
# shows them: "a.b" is field b of a, "a[].b" field b of each item of the list a.
DESCRIPTIONS: dict[str, str] = {
    # header and signature, shared by every kind
    "style": "Thể thức: “state” (văn bản hành chính, NĐ 30) hoặc “party” (văn bản của Đảng, theo quy "
    "định, hướng dẫn của Đảng có hiệu lực tại ngày ký).",
    "rules": "Mã bộ quy tắc thể thức đang áp dụng (theo thể thức và ngày ký).",
    "parent_body": "Tên cơ quan chủ quản (dòng trên cùng bên trái), chữ in hoa, đã tách dòng; rỗng khi không có.",
    "issuer_name": "Tên cơ quan ban hành, chữ in hoa, đã tách thành hai dòng cân đối.",
    "number_line": "Dòng “Số: 285/BC-UBND” (Đảng: “Số 125-BC/HU”); để trống chỗ số khi chưa có số.",
    "place_date": "Dòng địa danh, ngày tháng: “Ngọc Lặc, ngày 12 tháng 12 năm 2023”.",
    "signer_authority": "Quyền hạn ký (TM., KT., Q. ...), chữ in hoa; rỗng khi người đứng đầu ký trực tiếp.",
    "signer_title": "Chức vụ người ký, chữ in hoa.",
    "signer_name": "Họ và tên người ký.",
    "recipients": "Các dòng Nơi nhận, đã có “- ” ở đầu và “;” hoặc “.” ở cuối.",
    "doc_type": "Tên loại văn bản, chữ in hoa: BÁO CÁO, QUYẾT ĐỊNH, DANH SÁCH.",
    "subject": "Trích yếu nội dung (dòng dưới tên loại văn bản).",
    "addressees": "Phần sau “Kính gửi:” khi báo cáo gửi cấp trên (một nơi: cùng dòng; nhiều nơi: mỗi dòng “- ...;”); rỗng khi không gửi.",
    # report
    "blocks": "Các đoạn của thân báo cáo theo thứ tự, đã đánh số đề mục; phần không có dữ liệu đã được bỏ.",
    "blocks[].kind": "Loại đoạn, để chọn định dạng: part_label (Phần thứ ...), part_title (tên phần), "
    "heading1 (I.), heading2 (1.), heading3 (a)), paragraph (đoạn văn), bullet (gạch đầu dòng).",
    "blocks[].text": "Chữ của đoạn, đã có số đề mục hoặc “- ” ở đầu.",
    "closing": "Đoạn cuối của thân văn bản, đã có dấu kết thúc (“./.” hoặc “.”); đặt sát khối chữ ký.",
    "appendix": "Phụ lục các chỉ tiêu (khi tệp dữ liệu có “appendix: indicators”); rỗng khi không có.",
    "appendix.label": "Chữ “Phụ lục”.",
    "appendix.title": "Tên phụ lục, chữ in hoa: “KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2026”.",
    "appendix.reference": "Dòng “(Kèm theo Báo cáo số ... ngày ... của ...)”.",
    "appendix.rows": "Các hàng của bảng chỉ tiêu (dùng với {%tr for row in appendix.rows %}).",
    "appendix.rows[].no": "Số thứ tự.",
    "appendix.rows[].label": "Tên chỉ tiêu.",
    "appendix.rows[].unit": "Đơn vị tính.",
    "appendix.rows[].target": "Kế hoạch, viết kiểu Việt Nam (1.500; 2,5); “-” khi không có.",
    "appendix.rows[].value": "Kết quả thực hiện, viết kiểu Việt Nam.",
    "appendix.rows[].change": "So với cùng kỳ: “Tăng 5,28%”, “Giảm 1,3 điểm phần trăm”; “-” khi không có.",
    "appendix.rows[].plan": "So với kế hoạch: “Đạt 101,36%”, “Vượt”, “Đạt”, “Chưa đạt”; “-” khi không có.",
    # decision
    "authority": "Thẩm quyền khen thưởng, chữ in hoa: “CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC”.",
    "bases": "Các dòng “Căn cứ ...” và dòng đề nghị, đã có “;” và “.” ở cuối.",
    "articles": "Các Điều của quyết định, trừ Điều cuối.",
    "articles[].number": "Số điều: “Điều 1.”.",
    "articles[].text": "Nội dung điều (số tiền đã viết bằng số và bằng chữ).",
    "final_article": "Điều cuối (hiệu lực, trách nhiệm thi hành), đặt sát khối chữ ký.",
    "final_article.number": "Số điều cuối: “Điều 3.”.",
    "final_article.text": "Nội dung điều cuối, đã có dấu kết thúc “./.”.",
    # list
    "attachment": "Dòng “(Kèm theo Quyết định số ... ngày ... của ...)”.",
    "groups": "Các nhóm của danh sách: tập thể trước, cá nhân sau; nhóm không có ai đã được bỏ.",
    "groups[].title": "Tên nhóm: TẬP THỂ hoặc CÁ NHÂN.",
    "groups[].count": "Số lượng: “03 tập thể”, “04 cá nhân”.",
    "groups[].collective": "Đúng khi nhóm là tập thể (để chọn bảng hai cột), sai khi là cá nhân.",
    "groups[].heading": "Đề mục của nhóm: “I. TẬP THỂ: 03 tập thể”.",
    "groups[].rows": "Các hàng của bảng trong nhóm (dùng với {%tr for row in group.rows %}).",
    "groups[].rows[].no": "Số thứ tự trong nhóm.",
    "groups[].rows[].name": "Tên tập thể, hoặc “Ông/Bà” và họ tên cá nhân.",
    "groups[].rows[].position": "Chức vụ, đơn vị công tác (rỗng với tập thể).",
    "groups[].rows[].note": "Ghi chú (rỗng khi không có).",
    # certificate
    "national_title": "Quốc hiệu (hoặc “ĐẢNG CỘNG SẢN VIỆT NAM”); rỗng khi in lên phôi có sẵn.",
    "motto": "Tiêu ngữ “Độc lập - Tự do - Hạnh phúc”; rỗng với văn bản của Đảng và khi in lên phôi.",
    "give": "Chữ “TẶNG”; rỗng khi in lên phôi có sẵn.",
    "award": "Tên hình thức khen, chữ in hoa: “GIẤY KHEN”; rỗng khi in lên phôi có sẵn.",
    "fields_only": "Đúng khi chỉ in phần điền vào phôi giấy khen in sẵn (certificate.mode: fields).",
    "decision_line": "Dòng “Quyết định số 3150/QĐ-UBND, ngày 14/12/2023”.",
    "certificates": "Các giấy khen, mỗi tập thể hoặc cá nhân một tờ: tập thể trước, cá nhân sau.",
    "certificates[].name": "Tên tập thể, hoặc “Ông/Bà” và họ tên cá nhân.",
    "certificates[].person": "Tên tập thể hoặc họ tên cá nhân, không có “Ông/Bà”.",
    "certificates[].position": "Chức vụ, đơn vị công tác (rỗng với tập thể).",
    "certificates[].reason": "Thành tích, viết hoa chữ đầu, không có dấu chấm cuối.",
    "certificates[].gold_book": "Dòng “Số sổ vàng: ...”; rỗng khi không có.",
}

# Variables no template has to print: the machinery's own (which rule set, which style,
# whether the page is a pre-printed form).
TECHNICAL = frozenset({"style", "rules", "fields_only"})
# Variables a template of a kind may leave out without losing anything the document needs.
# A list attached to a decision has no number or date of its own: its "(Kèm theo Quyết định
# số ... ngày ...)" line (``attachment``) carries them (NĐ 30/2020, Phụ lục I; the built-in
# list prints neither). A Party certificate has no motto (HD 36-HD/VPTW: the Party's
# heading is "ĐẢNG CỘNG SẢN VIỆT NAM" alone; ``motto`` is empty in that style).
OPTIONAL: dict[str, frozenset[str]] = {
    "report": frozenset(),
    "decision": frozenset(),
    "list": frozenset({"number_line", "place_date"}),
    "certificate": frozenset(),
}
OPTIONAL_IN_STYLE: dict[tuple[str, str], frozenset[str]] = {
    ("certificate", "party"): frozenset({"motto"}),
}


def optional_variables(kind: str, style: str | None = None) -> frozenset[str]:
    """What a template of ``kind`` (in ``style``, when known) may leave unprinted without a warning."""
    return TECHNICAL | OPTIONAL[kind] | OPTIONAL_IN_STYLE.get((kind, style or ""), frozenset())


# Vietnamese names a clerk may give a variable, folded and without "_" ("họ_tên" → "hoten"),
# and the English words of draftkit's names they mean, most likely first. A word stands for
# the variable of that name or any name with it as a part ("date" → "place_date").
VIETNAMESE_NAMES: dict[str, tuple[str, ...]] = {
    "ten": ("name", "person", "signer_name"),
    "hoten": ("name", "person", "signer_name"),
    "hovaten": ("name", "person", "signer_name"),
    "tentapthe": ("name", "person"),
    "chucvu": ("position", "signer_title"),
    "chucdanh": ("position", "signer_title"),
    "donvi": ("unit", "position"),
    "noicongtac": ("position",),
    "ngay": ("date",),
    "ngaythang": ("date",),
    "ngayky": ("date",),
    "diadanh": ("date",),
    "so": ("number", "no"),
    "sovanban": ("number",),
    "sothutu": ("no",),
    "stt": ("no",),
    "nam": ("year", "date"),
    "lydo": ("reason",),
    "thanhtich": ("reason",),
    "noidung": ("text", "reason"),
    "sovang": ("gold_book",),
    "sosovang": ("gold_book",),
    "ghichu": ("note",),
    "nguoiky": ("signer_name",),
    "quyenhan": ("signer_authority",),
    "quyenky": ("signer_authority",),
    "coquan": ("issuer_name",),
    "tencoquan": ("issuer_name",),
    "coquanchuquan": ("parent_body",),
    "trichyeu": ("subject",),
    "noinhan": ("recipients",),
    "kinhgui": ("addressees",),
    "quyetdinh": ("decision_line",),
    "soquyetdinh": ("decision_line",),
    "thamquyen": ("authority",),
    "quochieu": ("national_title",),
    "tieungu": ("motto",),
    "cancu": ("bases",),
    "dieu": ("articles", "number"),
    "dieucuoi": ("final_article",),
    "phuluc": ("appendix",),
    "chitieu": ("rows", "label"),
    "nhom": ("groups",),
    "danhsach": ("certificates", "groups", "rows"),
    "giaykhen": ("certificates", "award"),
    "hinhthuc": ("award",),
    "tang": ("give",),
    "kemtheo": ("attachment",),
    "donvitinh": ("unit",),
    "kehoach": ("target", "plan"),
    "ketqua": ("value",),
    "socungky": ("change",),
    "tieude": ("title", "heading"),
    "soluong": ("count",),
    "loaivanban": ("doc_type",),
    "ketluan": ("closing",),
    "tapthe": ("collective",),
}
# Telex, the usual Vietnamese keyboard: a letter typed twice or followed by "w" makes the
# accented letter, and s f r x j add the tone. Typed with the keyboard off (or in a tag Word
# did not convert), "đơn_vị" comes out "ddown_vij".
_TELEX = (("dd", "d"), ("aa", "a"), ("aw", "a"), ("ee", "e"), ("oo", "o"), ("ow", "o"), ("uw", "u"))
_TONE = re.compile(r"(?<=[a-z])[sfrxj](?=_|$)")


def vietnamese_meaning(name: str) -> tuple[str, ...]:
    """The English words a Vietnamese variable name means (``chức_vụ``, ``chuc_vu``, ``ddon_vi``...)."""
    folded = fold(name).replace(" ", "_")
    candidates = [folded]
    telex = folded
    for typed, letter in _TELEX:
        telex = telex.replace(typed, letter)
    candidates += [telex, _TONE.sub("", folded), _TONE.sub("", telex)]
    for candidate in candidates:
        meaning = VIETNAMESE_NAMES.get(candidate.replace("_", ""))
        if meaning:
            return meaning
    return ()


_TYPE_LABELS: tuple[tuple[type, str], ...] = (
    (bool, "đúng/sai"),  # before int: a bool is an int to Python
    (str, "văn bản"),
    (int, "số"),
    (float, "số"),
    (Decimal, "số"),
    (list, "danh sách"),
    (dict, "nhóm"),
)


class TemplateUsageError(DraftkitError):
    """A wrong kind or style name, or a file whose kind cannot be told: a usage error."""

    exit_code = EXIT_USAGE


# --- the variables of each kind ----------------------------------------------------------


@dataclass
class Shape:
    """What a value looks like: its type, its fields or items, one example."""

    python_type: type
    example: Any
    fields: dict[str, Shape] = field(default_factory=dict)
    item: Shape | None = None
    count: int = 0  # items in the example list

    @property
    def is_record(self) -> bool:
        return issubclass(self.python_type, dict)

    @property
    def is_list(self) -> bool:
        return issubclass(self.python_type, list | tuple)


def shape_of(value: Any) -> Shape:
    if isinstance(value, dict):
        return Shape(dict, None, {str(k): shape_of(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        item = None
        for element in value:
            item = merge_shapes(item, shape_of(element))
        return Shape(list, None, item=item, count=len(value))
    return Shape(type(value), value)


def merge_shapes(first: Shape | None, second: Shape | None) -> Shape | None:
    """Both shapes in one: every field either has, the first non-empty example."""
    if first is None or second is None:
        return first or second
    fields = dict(first.fields)
    for name, shape in second.fields.items():
        fields[name] = merge_shapes(fields.get(name), shape) or shape
    example = first.example if first.example not in ("", None) else second.example
    # A value that is None in one example (a report without appendix) takes the shape it
    # has in another.
    python_type = second.python_type if first.python_type is type(None) else first.python_type
    return Shape(
        python_type,
        example,
        fields,
        merge_shapes(first.item, second.item),
        max(first.count, second.count),
    )


def _example_file(name: str) -> Path | None:
    """An example data file: shipped in the package, or in the source tree's examples/."""
    candidates = [
        Path(str(resources.files("draftkit") / "examples" / name)),
        Path(__file__).resolve().parents[2] / "examples" / name,
    ]
    return next((c for c in candidates if c.is_file()), None)


@lru_cache(maxsize=1)
def _example_shapes() -> dict[str, Shape]:
    """The context of every kind built from the example data, by the code that renders."""
    from .pipeline import load_model, plan_documents

    shapes: dict[str, Shape] = {}
    for example in dict.fromkeys((*KIND_EXAMPLES.values(), *MORE_EXAMPLES)):
        path = _example_file(example)
        if path is None:
            continue
        model, _ = load_model(path)
        for planned in plan_documents(model):
            merged = merge_shapes(shapes.get(planned.kind), shape_of(planned.context()))
            assert merged is not None
            shapes[planned.kind] = merged
    return shapes


def kind_shape(kind: str, context: dict[str, Any] | None = None) -> Shape:
    """The variables of ``kind``: from the example data, plus ``context`` when given."""
    shape = _example_shapes().get(kind)
    merged = merge_shapes(shape, shape_of(context) if context is not None else None)
    if merged is None:
        raise TemplateError(
            f"Không tìm thấy dữ liệu mẫu {KIND_EXAMPLES[kind]} để biết các biến của {KIND_LABELS[kind]}.",
            hint="Cài lại draftkit (tệp ví dụ nằm trong thư mục examples/ của mã nguồn).",
        )
    return merged


@dataclass(frozen=True)
class Variable:
    name: str  # "certificates[].name"
    type: str  # Vietnamese
    description: str
    example: str


def _type_label(shape: Shape) -> str:
    label = next((text for kind, text in _TYPE_LABELS if issubclass(shape.python_type, kind)), "giá trị")
    if shape.is_list and shape.item is not None and not shape.item.is_record and not shape.item.is_list:
        return f"{label} {_type_label(shape.item)}"
    return label


def _example_text(shape: Shape) -> str:
    if shape.is_list:
        if shape.item is not None and not shape.item.is_record and not shape.item.is_list:
            return f"{shape.count} mục, như {_example_text(shape.item)}"
        return f"{shape.count} mục"
    if shape.is_record:
        return ", ".join(shape.fields)
    value = shape.example
    if isinstance(value, bool):
        return "đúng" if value else "sai"
    if value == "":
        return "(rỗng)"
    if isinstance(value, str):
        text = value.replace("\n", " ↵ ")
        return f"“{text[:90]}…”" if len(text) > 90 else f"“{text}”"
    return str(value)


def _flatten(shape: Shape, prefix: str = "") -> Iterable[tuple[str, Shape]]:
    for name, child in shape.fields.items():
        full = f"{prefix}{name}"
        yield full, child
        if child.is_record:
            yield from _flatten(child, f"{full}.")
        elif child.is_list and child.item is not None and child.item.is_record:
            yield from _flatten(child.item, f"{full}{ITEM}.")


def template_variables(kind: str) -> list[Variable]:
    """Every variable a template of ``kind`` may use, in the order the code builds them."""
    _require_kind(kind)
    return [
        Variable(name, _type_label(shape), DESCRIPTIONS.get(name, ""), _example_text(shape))
        for name, shape in _flatten(kind_shape(kind))
    ]


# --- checking a template -----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateProblem:
    message: str
    where: str

    def __str__(self) -> str:
        return f"{self.message} {self.where}".strip()


@dataclass(frozen=True)
class TemplateCheck:
    path: Path
    kind: str
    variables: list[str]
    loops: list[str]
    conditions: list[str]
    problems: list[TemplateProblem]
    roots: frozenset[str] = frozenset()  # the top-level variables the template uses
    notices: list[str] = field(default_factory=list)  # what rendering removes (macros...)
    # Control lines changed against the built-in's and variables of the kind the template
    # never prints (not errors: they may be on purpose).
    warnings: list[str] = field(default_factory=list)
    style: str | None = None
    changed: list[str] = field(default_factory=list)  # the control-line part of ``warnings``

    @property
    def ok(self) -> bool:
        return not self.problems


def kind_from_name(path: Path) -> str | None:
    """``certificate-state.docx`` → "certificate"; None when the name says nothing."""
    stem = path.stem.lower()
    for kind in KINDS:
        if stem == kind or any(stem == f"{kind}-{style}" for style in STYLES):
            return kind
    return None


def check_template(path: Path, kind: str | None = None, context: dict[str, Any] | None = None) -> TemplateCheck:
    """What ``path`` uses and everything wrong with it, for a template of ``kind``.

    ``context`` (the variables about to be rendered) adds to those of the example data;
    the check before rendering passes it.
    """
    from .docx_engine import analyze_template

    # The file first: "không biết loại" about a mistyped name sends the clerk the wrong way.
    if path.is_dir():
        raise UnreadableDocumentError(f"“{path}” là một thư mục, không phải tệp mẫu .docx.")
    if not path.is_file():
        raise UnreadableDocumentError(f"Không có tệp {path}.")
    kind = kind or kind_from_name(path)
    if kind is None:
        guessed, _ = guess_kind_style(path.name)
        example = f"--kind {guessed}" if guessed else "--kind certificate"
        raise TemplateUsageError(
            f"Không biết mẫu {path.name} là loại văn bản nào.",
            hint=f"Thêm --kind (một trong: {', '.join(KINDS)}), ví dụ {example}, hoặc đặt tên tệp theo loại, ví dụ "
            f"{template_file_name(guessed or 'certificate', 'state')}.",
        )
    _require_kind(kind)
    if not zipfile.is_zipfile(path):
        from .safefile import container_problem

        other = container_problem(path)
        raise UnreadableDocumentError(f"Không đọc được {path}: " + (f"tệp {other}." if other else "không phải tệp .docx."))
    analysis = analyze_template(path, str(path))
    shape = kind_shape(kind, context)
    problems = [TemplateProblem(flaw.message, flaw.spot.describe()) for flaw in analysis.flaws]
    roots = {use.path[0] for use in analysis.uses if use.path}
    unknown_roots = {r for r in roots if r not in shape.fields}
    mismatch = _kind_mismatch(kind, unknown_roots, roots, path)
    if mismatch is not None:
        # One fault, said once: not one "unknown variable" per name of the other kind.
        problems.append(TemplateProblem(mismatch[1], ""))
    style = style_from_name(path)
    differences: list[ControlDifference] = []
    if mismatch is None and not any(flaw.kind in ("control", "syntax", "structure") for flaw in analysis.flaws):
        differences = control_differences(analysis.controls, kind, style)
    problems += [TemplateProblem(d.message, d.spot.describe() if d.spot else "") for d in differences if d.error]
    first_variable = len(problems)
    pointer = f" Xem các biến dùng được: draftkit templates vars {kind}."
    outside: dict[str, list[VariableUse]] = {}
    for use in analysis.uses:
        if mismatch is not None and use.path and use.path[0] in unknown_roots:
            continue
        if (
            use.path
            and use.path[0] in unknown_roots
            and use.written(0) is not None
            and _outside_loop(use.path[0], [use.text], analysis.loops, kind) is not None
        ):
            outside.setdefault(use.path[0], []).append(use)
            continue
        message = _unknown(use.path, use, shape, kind)
        if message is not None:
            problems.append(TemplateProblem(message + pointer, use.spot.describe()))
    for name, uses in outside.items():
        # Every use of one loop variable outside its loop is one fault: the loop is elsewhere.
        written = list(dict.fromkeys(use.text for use in uses))
        misspelt = _misspelt_loop(name, written, analysis.loops, kind)
        if misspelt is not None:
            problems.append(TemplateProblem(misspelt[0], misspelt[1].describe()))
            continue
        message = _outside_loop(name, written, analysis.loops, kind)
        assert message is not None
        problems.append(TemplateProblem(message + pointer, uses[0].spot.describe()))
    # A control line found changed against the built-in is one fault: what it names is not
    # said a second time ({%p for group in group %} is no "group outside its loop").
    said = {d.spot.describe() for d in differences if d.error and d.spot is not None}
    problems[first_variable:] = [p for p in problems[first_variable:] if p.where not in said]
    statements = analysis.statements
    used = frozenset(roots)
    unused = [
        name for name in shape.fields if name not in used and name not in optional_variables(kind, style)
    ]
    warnings = [
        f"Mẫu không dùng biến “{name}”{_described(name)}: phần đó sẽ không có trong văn bản. Nếu cố ý bỏ thì "
        f"không sao; xem: draftkit templates vars {kind}."
        for name in unused
    ] if mismatch is None and not problems else []
    changed = [str(d) for d in differences if not d.error]
    warnings = changed + warnings
    return TemplateCheck(
        path=path,
        kind=kind,
        variables=sorted({use.text for use in analysis.uses}),
        loops=list(dict.fromkeys(s.text for s in statements if s.keyword == "for")),
        conditions=list(dict.fromkeys(s.text for s in statements if s.keyword == "if")),
        problems=list(dict.fromkeys(problems)),
        roots=used,
        notices=list(analysis.notices),
        warnings=warnings,
        style=style,
        changed=changed,
    )


def _described(name: str) -> str:
    """The first phrase of a variable's description, for a one-line warning."""
    description = DESCRIPTIONS.get(name, "")
    depth = 0
    end = len(description)
    for index, char in enumerate(description):
        depth += char in "(“"
        depth -= char in ")”"
        if depth == 0 and char in ",;:":
            end = index
            break
    first = description[:end].rstrip(".")
    return f" ({first[:1].lower()}{first[1:]})" if first else ""


def style_from_name(path: Path) -> str | None:
    """``certificate-party.docx`` → "party"; None when the name does not say."""
    stem = path.stem.lower()
    return next((style for style in STYLES if stem.endswith(f"-{style}")), None)


def _unknown(path: tuple[str, ...], use: VariableUse, root: Shape, kind: str) -> str | None:
    """Why ``path`` does not exist in the variables of ``kind``; None when it does."""
    shape = root
    for index, segment in enumerate(path):
        written = use.written(index)
        if index == 0 and segment not in shape.fields:
            if written is None:
                return None  # a loop over an unknown list: reported where the loop is
            return _unknown_name(use.text, segment, shape, kind, use.local_names)
        if shape.is_record:
            if segment in shape.fields:
                shape = shape.fields[segment]
                continue
            if segment == ITEM or (hasattr(dict, segment) and not segment.startswith("_")):
                return None  # a dict method or a computed key: nothing more to know
            if written is None:
                return None
            return _unknown_field(written, segment, list(shape.fields), use.written(index - 1) or "")
        if shape.is_list:
            if segment == ITEM:
                if shape.item is None:
                    return None
                shape = shape.item
                continue
            if hasattr(list, segment) and not segment.startswith("_"):
                return None
            if written is None:
                return None
            owner = use.written(index - 1) or ""
            item_fields = list(shape.item.fields) if shape.item is not None else []
            if segment in item_fields:
                return (
                    f"Biến “{written}” không có: “{owner}” là một danh sách, “{segment}” là trường của "
                    f"từng mục. Dùng trong vòng lặp: {{%p for x in {owner} %}} … {{{{ x.{segment} }}}} … {{%p endfor %}}."
                )
            return f"Biến “{written}” không có: “{owner}” là một danh sách."
        # A plain value: its own methods ({{ c.name.upper() }}) are allowed, nothing else.
        if segment == ITEM or (hasattr(shape.python_type, segment) and not segment.startswith("_")):
            return None
        if written is None:
            return None
        return f"Biến “{written}” không có: “{use.written(index - 1) or ''}” là {_type_label(shape)}, không có trường “{segment}”."
    return None


def _unknown_name(written: str, name: str, root: Shape, kind: str, local_names: Sequence[str]) -> str:
    label = KIND_LABELS[kind].lower()
    candidates = [*root.fields, *(n for n in local_names if n != "loop")]
    missing = f": không có “{name}”" if written != name else ""
    message = f"Biến “{written}” không có trong dữ liệu của {label}{missing}."
    near = _nearest(name, candidates)
    if near:
        message += _suggestion(name, near)
    elsewhere = [k for k, shape in _example_shapes().items() if k != kind and name in shape.fields]
    if elsewhere:
        message += f" (Biến này chỉ có trong mẫu {', '.join(KIND_LABELS[k] for k in elsewhere)}.)"
    return message


def _end_tag(tag: str) -> str:
    """The closer of a loop tag as written: "{%tr for ... %}" → "{%tr endfor %}"."""
    match = re.match(r"\{%(tr|tc|p|r)? ", tag)
    prefix = match.group(1) if match and match.group(1) else ""
    return f"{{%{prefix} endfor %}}" if prefix else "{% endfor %}"


def _outside_loop(name: str, written: Sequence[str], loops: Sequence[LoopBinding], kind: str) -> str | None:
    """Why a loop variable used outside its loop has no value, or None when it is no loop variable."""
    listed = ", ".join(f"“{w}”" for w in written)
    noun = "Biến" if len(written) == 1 else "Các biến"
    if name == "loop":  # Jinja's own: loop.index, loop.first... exist inside a loop only
        return (
            f"{noun} {listed} chỉ dùng được bên trong một vòng lặp ({{%p for ... %}} … {{%p endfor %}} hoặc "
            "{%tr for ... %} … {%tr endfor %}): “loop” là lần lặp đang viết. Chuyển đoạn này vào trong vòng lặp."
        )
    # A loop of the built-in template that binds the name and is missing here was deleted:
    # that says more than another loop of the same name elsewhere ("line" in the decision).
    present = {" ".join(b.tag.split()) for b in loops}
    deleted = next((b for b in _builtin_loops(kind) if b.name == name and " ".join(b.tag.split()) not in present), None)
    binding = next((b for b in loops if b.name == name), None)
    if binding is not None and deleted is None:
        where = binding.spot.describe()
        return (
            f"{noun} {listed} nằm ngoài vòng lặp: “{name}” chỉ có nghĩa giữa {binding.tag} và "
            f"{_end_tag(binding.tag)} ({where[:1].lower()}{where[1:]}), mỗi lần lặp là một mục. "
            "Chuyển đoạn này vào giữa hai thẻ đó (hoặc chuyển thẻ cho đúng chỗ)."
        )
    builtin = deleted or next((b for b in _builtin_loops(kind) if b.name == name), None)
    if builtin is not None:
        return (
            f"{noun} {listed} dùng “{name}”, là biến của vòng lặp {builtin.tag} … {_end_tag(builtin.tag)} "
            f"trong mẫu có sẵn, nhưng mẫu này không có thẻ {builtin.tag} (đã bị xóa?). Thêm lại thẻ đó "
            "thành một đoạn riêng ở đầu phần cần lặp lại cho từng mục."
        )
    return None


_LOOP_TAG = re.compile(r"\bfor\s+(.+?)\s+in\s+(.+?)\s*-?%\}")


def _misspelt_loop(
    name: str, written: Sequence[str], loops: Sequence[LoopBinding], kind: str
) -> tuple[str, TemplateSpot] | None:
    """(message, where) when ``name`` is the built-in loop's variable and this template's loop
    over the same list binds another name: a slip in the for-line, not a deleted loop."""
    for builtin in _builtin_loops(kind):
        if builtin.name != name:
            continue
        loop = _LOOP_TAG.search(builtin.tag)
        if loop is None:
            continue
        for binding in loops:
            mine = _LOOP_TAG.search(binding.tag)
            if mine is None or binding.name == name or " ".join(mine.group(2).split()) != " ".join(loop.group(2).split()):
                continue
            listed = ", ".join(f"“{w}”" for w in written)
            right = binding.tag.replace(mine.group(1), loop.group(1), 1)
            return (
                f"Tên biến của vòng lặp viết sai: {binding.tag} đặt tên “{binding.name}”, nhưng các đoạn trong "
                f"vòng lặp dùng “{name}” ({listed}). Sửa thẻ thành {right} (như mẫu có sẵn).",
                binding.spot,
            )
    return None


@cache
def _builtin_loops(kind: str) -> tuple[LoopBinding, ...]:
    """The loops of the built-in template of ``kind``: what "c" or "row" means in it."""
    from .docx_engine import analyze_template

    return analyze_template(builtin_template(kind, "state")).loops


def _kind_mismatch(kind: str, unknown_roots: set[str], roots: set[str], path: Path) -> tuple[str, str] | None:
    """(the kind the template really is, the message) when it was made for another kind."""
    if not unknown_roots:
        return None
    shapes = _example_shapes()
    fitting = [k for k in KINDS if k != kind and k in shapes and roots <= set(shapes[k].fields)]
    if not fitting:
        return None
    other = fitting[0]
    _, style = guess_kind_style(path.name)
    names = ", ".join(f"“{n}”" for n in sorted(unknown_roots)[:6])
    return other, (
        f"Mẫu dùng {names}, là biến của {KIND_NOUNS[other]}: đây là mẫu {KIND_NOUNS[other]}, không phải mẫu "
        f"{KIND_NOUNS[kind]}. Dùng mẫu {KIND_NOUNS[kind]} (chép mẫu có sẵn: draftkit templates copy {kind}); "
        f"còn tệp này thì đặt tên {template_file_name(other, style or 'state')} để dùng cho {KIND_NOUNS[other]}."
    )


def _unknown_field(written: str, segment: str, fields: list[str], owner: str) -> str:
    near = _nearest(segment, fields)
    listed = ", ".join(fields)
    message = f"Biến “{written}” không có: “{owner}” chỉ có các trường {listed}."
    if near:
        message += f" Có phải ý bạn là “{near}” ({{{{ {owner}.{near} }}}})?"
        if _meant(segment, [near]) == near and near.casefold() != segment.casefold():
            message += _ENGLISH_NAMES
    return message


def _nearest(name: str, candidates: Sequence[str]) -> str | None:
    """The known name closest to ``name``, if any is close enough to be a slip."""
    # Word's AutoCorrect capitalises the first letter of a paragraph: "{{ C.name }}".
    same = [c for c in candidates if c.lower() == name.lower()]
    if same:
        return same[0]
    meant = _meant(name, candidates)
    if meant:
        return meant
    near = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return near[0] if near else None


def _meant(name: str, candidates: Sequence[str]) -> str | None:
    """The candidate a Vietnamese name means: "ten" → "name", "ngay" → "place_date"."""
    for word in vietnamese_meaning(name):
        if word in candidates:
            return word
        part = next((c for c in candidates if word in c.split("_")), None)
        if part:
            return part
    return None


_ENGLISH_NAMES = " (Tên biến viết bằng tiếng Anh, không dấu.)"


def _suggestion(name: str, near: str | None) -> str:
    if not near:
        return ""
    if _meant(name, [near]) == near and near.casefold() != name.casefold():
        return f" Có phải ý bạn là “{near}”?{_ENGLISH_NAMES}"
    return f" Có phải ý bạn là “{near}”?"


def problems_message(path: Path | str, problems: Sequence[TemplateProblem]) -> str:
    """The message of the check before rendering: every problem, one per line."""
    count = "1 lỗi" if len(problems) == 1 else f"{len(problems)} lỗi"
    lines = [f"Mẫu {path} có {count}, chưa tạo văn bản nào:"]
    lines += [f"  • {problem}" for problem in problems]
    return "\n".join(lines)


@dataclass(frozen=True)
class TemplateVerdict:
    """What a usable office template still needs the user to hear about."""

    unused: list[str]  # data the template never prints ("Kính gửi" silently missing)
    changed: list[str]  # control lines changed against the built-in, plausibly on purpose


def ensure_template_ok(path: Path, kind: str, context: dict[str, Any]) -> TemplateVerdict:
    """Refuse a user template with any problem, before anything is rendered or written.

    Returns what the data holds that the template never prints (an office template copied
    before a variable existed, say), and the control lines it changed against the
    built-in's, for warnings: "Kính gửi" silently missing from a report is worse than a
    message.
    """
    try:
        report = check_template(path, kind, context)
    except UnreadableDocumentError as exc:
        raise TemplateError(f"Mẫu {path} không dùng được: {exc.message}") from None
    if not report.ok:
        raise TemplateError(
            problems_message(path, report.problems),
            hint=f"Sửa mẫu trong Word hoặc LibreOffice rồi kiểm tra lại: draftkit templates check {path}",
        )
    optional = optional_variables(kind, str(context.get("style") or "") or None)
    unused = [key for key, value in context.items() if value and key not in report.roots and key not in optional]
    return TemplateVerdict(unused=unused, changed=report.changed)


# --- listing and copying -----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateEntry:
    kind: str
    style: str
    used: FoundTemplate
    shadowed: list[FoundTemplate]

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def list_templates(folders: Sequence[TemplateFolder]) -> list[TemplateEntry]:
    """Every kind and style: the template used, and the copies further down the path it hides."""
    entries = []
    for kind in KINDS:
        for style in STYLES:
            used = find_template(kind, style, folders)
            name = template_file_name(kind, style)
            found = [
                FoundTemplate(kind, style, folder.path / name, folder.origin)
                for folder in folders
                if (folder.path / name).is_file()
            ]
            found.append(FoundTemplate(kind, style, builtin_template(kind, style), BUILTIN))
            entries.append(TemplateEntry(kind, style, used, [f for f in found if f.path != used.path]))
    return entries


def listing_lines(cli_folder: Path | None = None, data_file: Path | None = None) -> list[str]:
    """What ``draftkit templates list`` prints."""
    folders = search_path(cli_folder, data_file)
    lines = ["Thứ tự tìm mẫu (mẫu tìm thấy trước được dùng):"]
    lines += [f"  {i}. {folder.origin}" for i, folder in enumerate(folders, start=1)]
    lines.append(f"  {len(folders) + 1}. mẫu {BUILTIN}")
    for entry in list_templates(folders):
        lines.append("")
        lines.append(f"{entry.label} ({entry.kind}), {STYLE_LABELS[entry.style]} ({entry.style}):")
        lines.append(f"  dùng: {entry.used.path}")
        lines.append(f"        nguồn: {_origin(entry.used)}")
        for hidden in entry.shadowed:
            lines.append(f"  bị che: {hidden.path} ({_origin(hidden)})")
    strays = stray_lines(folders)
    if strays:
        lines += ["", "Tệp trong thư mục mẫu nhưng không được dùng:"]
        lines += [f"  Cảnh báo: {line}" for line in strays]
    return lines


def _origin(found: FoundTemplate) -> str:
    return f"mẫu {BUILTIN}" if found.builtin else found.origin


def _require_kind(kind: str) -> None:
    if kind not in KINDS:
        near = difflib.get_close_matches(kind, KINDS, n=1)
        guess = f" Có phải ý bạn là “{near[0]}”?" if near else ""
        raise TemplateUsageError(
            f"Không có loại mẫu “{kind}”.{guess}",
            hint="Các loại: " + ", ".join(f"{k} ({KIND_LABELS[k]})" for k in KINDS) + ".",
        )


def _require_style(style: str) -> None:
    if style not in STYLES:
        raise TemplateUsageError(
            f"Không có thể thức “{style}”.",
            hint="Dùng --style state (văn bản hành chính) hoặc --style party (văn bản của Đảng).",
        )


@dataclass(frozen=True)
class CopiedTemplate:
    kind: str
    style: str
    path: Path
    office_folder: bool  # draftkit uses it without --templates


def copy_template(kind: str, style: str = "state", folder: Path | None = None, *, force: bool = False) -> CopiedTemplate:
    """Copy a built-in template out for editing; never over a file without ``force``."""
    _require_kind(kind)
    _require_style(style)
    office = user_templates_folder()
    target_folder = folder if folder is not None else office
    target = target_folder / template_file_name(kind, style)
    if target.exists() and not force:
        raise OutputError(
            f"Tệp đã có: {target}. Không ghi đè (có thể đó là mẫu cơ quan đã sửa).",
            hint="Thêm --force để chép đè bằng mẫu có sẵn, hoặc chọn thư mục khác.",
        )
    if target_folder.exists() and not target_folder.is_dir():
        raise OutputError(f"“{target_folder}” là một tệp, không phải thư mục.")
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(builtin_template(kind, style), target)
    except OSError as exc:
        raise OutputError(f"Không chép được mẫu vào “{target}”: {os_reason(exc)}.") from None
    return CopiedTemplate(kind, style, target, _same_folder(target_folder, office))


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def copy_lines(copied: CopiedTemplate) -> list[str]:
    """What ``draftkit templates copy`` prints: where the copy is and how to use it."""
    label = f"{KIND_LABELS[copied.kind]} ({STYLE_LABELS[copied.style]})"
    lines = [
        f"Đã chép mẫu {label} ra: {copied.path}",
        "",
        "Cách sửa:",
        "  1. Mở tệp bằng Word hoặc LibreOffice Writer; sửa câu chữ, phông, cỡ chữ, lề, bố cục tùy ý.",
        "  2. Giữ nguyên các thẻ trong ngoặc {{ }} và {% %}: không sửa bên trong thẻ; muốn đổi thẻ "
        "thì xóa cả thẻ rồi gõ lại liền một lần.",
        f"  3. Kiểm tra: draftkit templates check {copied.path}",
        f"     (các biến dùng được: draftkit templates vars {copied.kind})",
    ]
    if copied.office_folder:
        lines.append(
            "  4. Mẫu nằm trong thư mục mẫu của cơ quan nên draftkit tự dùng cho mọi lần "
            "render, không cần thêm gì: draftkit render DU-LIEU.yaml"
        )
    else:
        lines.append(f"  4. Dùng mẫu: draftkit render DU-LIEU.yaml --templates {copied.path.parent}")
    return lines


# --- printing a check and the variables --------------------------------------------------


def check_lines(report: TemplateCheck) -> list[str]:
    """What ``draftkit templates check`` prints."""
    lines = [
        f"Mẫu: {report.path} ({KIND_LABELS[report.kind]}, {report.kind})",
        f"Biến dùng: {', '.join(report.variables) or '(không có)'}",
        f"Vòng lặp: {'; '.join(report.loops) or '(không có)'}",
        f"Điều kiện: {'; '.join(report.conditions) or '(không có)'}",
    ]
    lines += [f"Lưu ý: {notice[:1].upper()}{notice[1:]}" for notice in report.notices]
    lines += [f"Cảnh báo: {warning}" for warning in report.warnings]
    if report.ok:
        lines.append("Không có lỗi: mẫu dùng được.")
    else:
        count = "1 lỗi" if len(report.problems) == 1 else f"{len(report.problems)} lỗi"
        lines.append(f"Có {count}:")
        lines += [f"  • {problem}" for problem in report.problems]
    return lines


def variables_lines(kind: str, markdown: bool = False) -> list[str]:
    """What ``draftkit templates vars`` prints; ``markdown`` gives a table for the docs."""
    variables = template_variables(kind)
    if markdown:
        lines = ["| Biến | Kiểu | Ý nghĩa | Ví dụ |", "|---|---|---|---|"]
        lines += [
            f"| `{v.name}` | {v.type} | {_cell(v.description)} | {_cell(v.example)} |" for v in variables
        ]
        return lines
    lines = [
        f"Biến dùng được trong mẫu {KIND_LABELS[kind]} ({kind}), lấy từ dữ liệu ví dụ {KIND_EXAMPLES[kind]}.",
        "Viết {{ tên }} để in; “a[].b” là trường b của từng mục trong danh sách a: "
        "{%p for x in a %} … {{ x.b }} … {%p endfor %}.",
        "",
    ]
    for v in variables:
        lines.append(f"{v.name} ({v.type}): {v.description}")
        lines.append(f"    ví dụ: {v.example}")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


# --- the control lines of an office template against the built-in's ------------------------
#
# A deleted {%p else %} leaves a template Jinja accepts: the list then prints the
# collectives in the individuals' table and drops the individuals, and nothing says so.
# Only a comparison with the built-in template of the same kind says what changed.

_MIDDLES = ("else", "elif")
_LOOP_FAMILY = ("for", "endfor")
_NAME = re.compile(r"(?<![.\w])[^\W\d]\w*")


@dataclass(frozen=True)
class ControlDifference:
    """A control line added, removed, moved or changed against the built-in template."""

    message: str
    spot: TemplateSpot | None
    error: bool  # the output silently changes meaning; otherwise plausibly on purpose

    def __str__(self) -> str:
        return f"{self.message} {self.spot.describe() if self.spot is not None else ''}".strip()


@cache
def _builtin_controls(kind: str, style: str) -> tuple[tuple[ControlTag, ...], tuple[str, ...]]:
    from .docx_engine._analysis import control_expressions, template_controls

    controls = template_controls(builtin_template(kind, style))
    return controls, tuple(control_expressions(controls))


@dataclass
class _Layout:
    """The block structure of a balanced run of control tags."""

    owner: list[int | None]  # a middle or closer: its opener; an opener: itself
    parent: list[int | None]  # an opener or a lone tag: the opener of the block it sits in
    heads: list[int]  # openers and lone tags ({% set x = 1 %}), in order


def _layout(tags: Sequence[ControlTag]) -> _Layout:
    from .docx_engine._analysis import BLOCKS

    stack: list[int] = []
    layout = _Layout([], [], [])
    for index, tag in enumerate(tags):
        word = tag.word
        if word in _MIDDLES:
            layout.owner.append(stack[-1] if stack else None)
            layout.parent.append(None)
        elif word.startswith("end") and word[3:] in BLOCKS:
            layout.owner.append(stack.pop() if stack else None)
            layout.parent.append(None)
        else:
            layout.parent.append(stack[-1] if stack else None)
            layout.heads.append(index)
            if word in BLOCKS:
                stack.append(index)
                layout.owner.append(index)
            else:
                layout.owner.append(None)
    return layout


def _closer(layout: _Layout, opener: int) -> int | None:
    return next((i for i in range(len(layout.owner) - 1, opener, -1) if layout.owner[i] == opener), None)


def _where_builtin(tag: ControlTag) -> str:
    where = tag.spot.describe()
    return f"mẫu có sẵn: {where[:1].lower()}{where[1:]}" if where else "mẫu có sẵn"


def _negation(first: str, second: str) -> bool:
    """True when one condition is "not" the other: the branches of the block swap."""

    def bare(text: str) -> str:
        text = text.strip()
        return text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text

    a, b = bare(first), bare(second)
    return (b.startswith("not ") and bare(b[4:]) == a) or (a.startswith("not ") and bare(a[4:]) == b)


def control_differences(
    controls: Sequence[ControlTag], kind: str, style: str | None = None
) -> list[ControlDifference]:
    """Every control line of ``controls`` (a template without control flaws) that is missing,
    extra, moved or changed against the built-in template of ``kind`` and ``style``.

    Blocks are matched first (openers and lone tags, in order), then, inside each matched
    block, its else/elif lines: a closer always goes with its opener, so the closer of
    another block is never taken for a missing one.
    """
    from .docx_engine._analysis import control_expressions

    theirs, their_exprs = _builtin_controls(kind, style or "state")
    ours = list(controls)
    our_exprs = control_expressions(ours)
    their_layout, our_layout = _layout(theirs), _layout(ours)

    def key(tags: Sequence[ControlTag], exprs: Sequence[str], index: int) -> tuple[str, str, str, str]:
        tag = tags[index]
        return (tag.spot.part, tag.prefix, tag.word, exprs[index] if tag.word in ("if", "elif") else "")

    found: list[ControlDifference] = []
    copy_hint = f"xem mẫu có sẵn: draftkit templates copy {kind} THƯ-MỤC-KHÁC"
    pairs: dict[int, int] = {}  # a built-in tag → the same tag here
    changed: list[tuple[int, int]] = []
    missing: list[int] = []
    extra: list[int] = []

    def align(their_indexes: list[int], our_indexes: list[int]) -> None:
        their_keys = [key(theirs, their_exprs, i) for i in their_indexes]
        our_keys = [key(ours, our_exprs, j) for j in our_indexes]
        matcher = difflib.SequenceMatcher(None, their_keys, our_keys, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            gone, added = their_indexes[i1:i2], our_indexes[j1:j2]
            if op == "equal":
                pairs.update(zip(gone, added, strict=True))
                continue
            for i, j in zip(list(gone), list(added), strict=False):
                if key(theirs, their_exprs, i)[:3] == key(ours, our_exprs, j)[:3]:  # its condition retyped
                    changed.append((i, j))
                    pairs[i] = j
                    gone.remove(i)
                    added.remove(j)
            missing.extend(gone)
            extra.extend(added)

    align(their_layout.heads, our_layout.heads)
    moved: list[tuple[int, int]] = []
    for i in list(missing):
        j = next((j for j in extra if key(ours, our_exprs, j) == key(theirs, their_exprs, i)), None)
        if j is not None:
            moved.append((i, j))
            pairs[i] = j
            missing.remove(i)
            extra.remove(j)
    # The else/elif lines of each block found in both.
    for i, j in sorted(pairs.items()):
        if their_layout.owner[i] == i:
            align(
                [k for k in range(i + 1, len(theirs)) if their_layout.owner[k] == i and theirs[k].word in _MIDDLES],
                [k for k in range(j + 1, len(ours)) if our_layout.owner[k] == j and ours[k].word in _MIDDLES],
            )
    mapped = {j: i for i, j in pairs.items()}

    def slot(layout: _Layout, tags: Sequence[ControlTag], index: int, known: dict[int, int]) -> tuple[int | None, frozenset[int]]:
        """The block a tag sits in and the blocks before it there, as built-in tags."""
        owner = layout.owner[index] if tags[index].word in _MIDDLES else layout.parent[index]
        before = frozenset(known[k] for k in layout.heads if k < index and layout.parent[k] == owner and k in known)
        return (known.get(owner) if owner is not None else None), before

    identity = {i: i for i in pairs}
    for i, j in sorted(pairs.items()):
        if (i, j) in moved or (i, j) in changed:
            continue
        their_owner, their_before = slot(their_layout, theirs, i, identity)
        our_owner, our_before = slot(our_layout, ours, j, mapped)
        if their_owner != our_owner or (theirs[i].word in _MIDDLES and their_before != our_before):
            moved.append((i, j))
    for i in sorted(missing):
        tag = theirs[i]
        owner = their_layout.owner[i]
        if tag.word in _MIDDLES and owner is not None:
            closer = _closer(their_layout, owner)
            here = pairs.get(owner)
            found.append(ControlDifference(
                f"Mẫu thiếu thẻ {tag.text} của mẫu có sẵn (giữa {theirs[owner].text} và "
                f"{theirs[closer].text if closer is not None else '…'}): không có nó, phần sau nó bị gộp vào phần "
                "trước nó và được in cùng, trong cùng một trường hợp, nên văn bản sai nội dung mà không có lỗi nào "
                f"báo. Gõ lại {tag.text} thành một đoạn riêng ở đúng chỗ cũ ({copy_hint}).",
                ours[here].spot if here is not None else None,
                True,
            ))
            continue
        if their_layout.parent[i] in missing:
            continue  # inside a block that is missing as a whole: said once, with it
        closer = _closer(their_layout, i) if owner == i else None
        end = theirs[closer].text if closer is not None else ""
        found.append(ControlDifference(
            f"Mẫu không có {tag.text}{f' … {end}' if end else ''} như mẫu có sẵn ({_where_builtin(tag)}): "
            "phần đó sẽ không có trong văn bản, hoặc luôn được in. Nếu cố ý bỏ thì không sao; nếu không, gõ lại "
            f"{tag.text}{f' ở đầu và {end} ở cuối phần đó' if end else ''}.",
            None,
            False,
        ))
    for j in sorted(extra):
        tag = ours[j]
        owner = our_layout.owner[j]
        if tag.word in _MIDDLES and owner is not None:
            closer = _closer(our_layout, owner)
            found.append(ControlDifference(
                f"Thẻ {tag.text} không có trong mẫu có sẵn: nó chia phần giữa {ours[owner].text} và "
                f"{ours[closer].text if closer is not None else '…'} làm hai trường hợp, nên phần sau nó chỉ được in "
                "khi điều kiện sai, văn bản sai nội dung mà không có lỗi nào báo. Nếu không cố ý, xóa đoạn này.",
                tag.spot,
                True,
            ))
            continue
        if our_layout.parent[j] in extra:
            continue  # inside a block the office added: said once, with it
        closer = _closer(our_layout, j) if owner == j else None
        end = ours[closer].text if closer is not None else ""
        found.append(ControlDifference(
            f"Mẫu có {tag.text}{f' … {end}' if end else ''} mà mẫu có sẵn không có. Nếu cơ quan cố ý thêm thì "
            "không sao.",
            tag.spot,
            False,
        ))
    for i, j in moved:
        tag, theirs_tag = ours[j], theirs[i]
        owner = their_layout.owner[i] if theirs_tag.word in _MIDDLES else their_layout.parent[i]
        inside = (
            f"giữa {theirs[owner].text} và {theirs[c].text}"
            if owner is not None and (c := _closer(their_layout, owner)) is not None
            else "ngoài mọi khối"
        )
        error = tag.word in _MIDDLES or tag.word in _LOOP_FAMILY
        found.append(ControlDifference(
            f"Thẻ {tag.text} không nằm ở chỗ như trong mẫu có sẵn (ở đó nó nằm {inside}; {_where_builtin(theirs_tag)}): "
            "thẻ này, hoặc một thẻ đóng quanh nó, đã bị chuyển chỗ. "
            + ("Phần văn bản nó chia ra hoặc lặp lại đã khác, nên văn bản sai nội dung mà không có lỗi nào báo. "
               "Chuyển thẻ về đúng chỗ cũ." if error
               else "Phần văn bản nó bao đã khác. Nếu cố ý thì không sao; nếu không, chuyển thẻ về đúng chỗ cũ."),
            tag.spot,
            error,
        ))
    for i, j in changed:
        tag, theirs_tag = ours[j], theirs[i]
        if _negation(their_exprs[i], our_exprs[j]):
            found.append(ControlDifference(
                f"Thẻ {tag.text} có điều kiện ngược với mẫu có sẵn ({theirs_tag.text}): phần này được in đúng vào "
                "lúc mẫu có sẵn bỏ nó đi (và phần sau {%p else %}, nếu có, thì ngược lại), nên văn bản sai nội "
                f"dung. Gõ lại đúng {theirs_tag.text}.",
                tag.spot,
                True,
            ))
        else:
            found.append(ControlDifference(
                f"Thẻ {tag.text} có điều kiện khác mẫu có sẵn ({theirs_tag.text}). Nếu không cố ý sửa điều kiện "
                f"thì gõ lại đúng {theirs_tag.text}.",
                tag.spot,
                False,
            ))
    # A loop over another list prints another list; a loop variable named otherwise is
    # the office's choice (a misspelt one is said where it is used).
    renamed: dict[str, str] = {}
    for i, j in sorted(pairs.items()):
        if theirs[i].word != "for":
            continue
        their_target, _, their_list = their_exprs[i].partition(" in ")
        our_target, _, our_list = our_exprs[j].partition(" in ")
        renamed[our_target] = their_target
        our_list = _NAME.sub(lambda m: renamed.get(m.group(0), m.group(0)), our_list)
        if our_list != their_list:
            typed = _LOOP_TAG.search(ours[j].text)
            found.append(ControlDifference(
                f"Thẻ {ours[j].text} lặp qua “{typed.group(2) if typed else our_list}”, còn mẫu có sẵn lặp qua "
                f"“{their_list}” ({theirs[i].text}): văn bản sẽ in sai danh sách. Gõ lại đúng {theirs[i].text}.",
                ours[j].spot,
                True,
            ))
    return found

"""Reviewer's defects of the template messages (issue 13, follow-up: items 4, 8, 9, 11, 12).

Each template is a built-in one edited as Word stores the edit; every assertion is on what
the clerk reads (`templates check`, `render`) or on the places the messages rest on.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph

from conftest import needs_libreoffice
from draftkit.template_search import KINDS, STYLES
from test_template_messages import (
    AWARDS,
    REPORT,
    body,
    check_and_render,
    delete,
    english,
    move_below,
    problems,
    retype,
    run,
    template,
)
from test_template_roundtrip import SAME_AS_BUILTIN, corpus, libreoffice_saved  # noqa: F401  (fixtures)

IF_COLLECTIVE = "{%p if group.collective %}"
ELSE = "{%p else %}"


def warnings(output: str) -> list[str]:
    """The warnings of `templates check`, unwrapped."""
    found: list[str] = []
    for line in output.splitlines():
        if line.startswith("Cảnh báo: "):
            found.append(line[len("Cảnh báo: "):].strip())
        elif found and line.startswith("    "):
            found[-1] += " " + line.strip()
    return found


# --- item 4: a control line deleted, added, moved or changed against the built-in ---------------


@pytest.mark.parametrize(("style", "number"), [("state", 15), ("party", 14)])
def test_a_deleted_else_of_the_list_is_refused(style: str, number: int, tmp_path: Path) -> None:
    # Without it the collectives print in both tables and the individuals in none.
    path = template("list", tmp_path / "mau", delete(ELSE), style)
    data = AWARDS if style == "state" else AWARDS.with_name("huyen-uy-ngoc-lac-2023-khen-thuong.yaml")
    checked, rendered = check_and_render(path, data, tmp_path / "out")
    assert checked == [
        f"Mẫu thiếu thẻ {ELSE} của mẫu có sẵn (giữa {IF_COLLECTIVE} và {{%p endif %}}): không có nó, phần sau nó "
        "bị gộp vào phần trước nó và được in cùng, trong cùng một trường hợp, nên văn bản sai nội dung mà không có "
        f"lỗi nào báo. Gõ lại {ELSE} thành một đoạn riêng ở đúng chỗ cũ (xem mẫu có sẵn: draftkit templates copy "
        f"list THƯ-MỤC-KHÁC). Ở đoạn thứ {number}: “{IF_COLLECTIVE}”"
    ]
    assert rendered == checked


def test_a_deleted_elif_of_the_report_is_refused(tmp_path: Path) -> None:
    elif_ = '{%p elif block.kind == "heading1" %}'
    path = template("report", tmp_path / "mau", delete(elif_))
    checked, _ = check_and_render(path, REPORT, tmp_path / "out")
    (message,) = checked
    assert message.startswith(f"Mẫu thiếu thẻ {elif_} của mẫu có sẵn (giữa {{%p if block.kind == \"part_label\" %}}")
    assert message.endswith("Ở đoạn thứ 18: “{%p if block.kind == \"part_label\" %}”")


@pytest.mark.parametrize(
    ("kind", "old", "new", "listed", "builtin_list"),
    [
        ("list", "{%p for group in groups %}", "{%p for group in group %}", "group", "groups"),
        ("decision", "{%p for line in bases %}", "{%p for line in recipients %}", "recipients", "bases"),
        ("certificate", "{%p for c in certificates %}", "{%p for c in certificates[1:] %}", "certificates[…]", "certificates"),
    ],
)
def test_a_loop_over_another_list_is_one_error(
    kind: str, old: str, new: str, listed: str, builtin_list: str, tmp_path: Path
) -> None:
    path = template(kind, tmp_path / "mau", retype(old, new))
    code, output = run("templates", "check", path)
    assert code == 1, output
    found = problems(output)
    assert len(found) == 1, found
    assert found[0].startswith(f"Thẻ {new} lặp qua “") and f"còn mẫu có sẵn lặp qua “{builtin_list}” ({old})" in found[0]
    assert found[0].endswith(f"“{new}”") and "dòng" not in found[0]


def test_a_negated_condition_is_refused(tmp_path: Path) -> None:
    new = "{%p if not group.collective %}"
    path = template("list", tmp_path / "mau", retype(IF_COLLECTIVE, new))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        f"Thẻ {new} có điều kiện ngược với mẫu có sẵn ({IF_COLLECTIVE}): phần này được in đúng vào lúc mẫu có sẵn "
        "bỏ nó đi (và phần sau {%p else %}, nếu có, thì ngược lại), nên văn bản sai nội dung. Gõ lại đúng "
        f"{IF_COLLECTIVE}. Ở đoạn thứ 15: “{new}”"
    ]


def test_an_else_added_inside_a_builtin_block_is_refused(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        cell = doc.tables[1].cell(0, 1)  # the signature block of the decision
        (closer,) = [p for p in cell.paragraphs if p.text == "{%p endif %}"]
        added = copy.deepcopy(closer._p)
        closer._p.addprevious(added)
        for t in added.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"):
            t.text = ""
        added.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")[0].text = ELSE

    path = template("decision", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    (message,) = checked
    assert message.startswith(
        f"Thẻ {ELSE} không có trong mẫu có sẵn: nó chia phần giữa {{%p if signer_authority %}} và {{%p endif %}} "
        "làm hai trường hợp"
    )
    assert message.endswith(f"Ở bảng 2, hàng 1, cột 2, đoạn: “{ELSE}”")


def test_an_else_moved_up_is_refused(tmp_path: Path) -> None:
    path = template("list", tmp_path / "mau", move_below(ELSE, IF_COLLECTIVE))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    (message,) = checked
    assert message == (
        f"Thẻ {ELSE} không nằm ở chỗ như trong mẫu có sẵn (ở đó nó nằm giữa {IF_COLLECTIVE} và {{%p endif %}}; "
        f"mẫu có sẵn: ở đoạn thứ 24: “{ELSE}”): thẻ này, hoặc một thẻ đóng quanh nó, đã bị chuyển chỗ. Phần văn bản "
        "nó chia ra hoặc lặp lại đã khác, nên văn bản sai nội dung mà không có lỗi nào báo. Chuyển thẻ về đúng chỗ "
        f"cũ. Ở đoạn thứ 16: “{ELSE}”"
    )


def _delete_pair(opener: str) -> Callable[[DocumentObject], None]:
    def change(doc: DocumentObject) -> None:
        first = body(doc, opener)._p
        closer = first.getnext()
        while closer is not None and "{%p endif %}" not in "".join(closer.itertext()):
            closer = closer.getnext()
        assert closer is not None
        first.getparent().remove(first)
        closer.getparent().remove(closer)

    return change


@pytest.mark.parametrize(
    ("kind", "change", "expected"),
    [
        (
            "certificate",
            retype("{%p if signer_authority %}", "{%p if signer_authority and signer_title %}"),
            "Thẻ {%p if signer_authority and signer_title %} có điều kiện khác mẫu có sẵn ({%p if signer_authority %}). "
            "Nếu không cố ý sửa điều kiện thì gõ lại đúng {%p if signer_authority %}. "
            "Ở bảng 1, hàng 1, cột 2, đoạn: “{%p if signer_authority and signer_title %}”",
        ),
        (
            "report",
            _delete_pair("{%p if addressees %}"),
            "Mẫu không có {%p if addressees %} … {%p endif %} như mẫu có sẵn (mẫu có sẵn: ở đoạn thứ 14: "
            "“{%p if addressees %}”): phần đó sẽ không có trong văn bản, hoặc luôn được in. Nếu cố ý bỏ thì không "
            "sao; nếu không, gõ lại {%p if addressees %} ở đầu và {%p endif %} ở cuối phần đó.",
        ),
    ],
)
def test_a_plausibly_intended_change_is_a_warning_quoting_the_builtin(
    kind: str, change: Callable[[DocumentObject], None], expected: str, tmp_path: Path
) -> None:
    path = template(kind, tmp_path / "mau", change)
    code, output = run("templates", "check", path)
    assert code == 0, output
    assert expected in warnings(output), output


def test_an_added_block_is_a_warning(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        gold_book = body(doc, "{{ c.gold_book }}")
        opener = gold_book.insert_paragraph_before("{%p if c.gold_book %}")
        closer = copy.deepcopy(opener._p)
        gold_book._p.addnext(closer)
        closer.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")[0].text = "{%p endif %}"

    path = template("certificate", tmp_path / "mau", change)
    code, output = run("templates", "check", path)
    assert code == 0, output
    (warning,) = [w for w in warnings(output) if "mẫu có sẵn" in w]
    assert warning.startswith(
        "Mẫu có {%p if c.gold_book %} … {%p endif %} mà mẫu có sẵn không có. Nếu cơ quan cố ý thêm thì không sao."
    )


@pytest.mark.parametrize("variant", SAME_AS_BUILTIN)
def test_edits_that_change_nothing_give_no_message(corpus: Path, variant: str) -> None:  # noqa: F811
    paths = sorted((corpus / variant).glob("*.docx"))
    assert paths
    for path in paths:
        code, output = run("templates", "check", path)
        assert code == 0, output
        assert "Cảnh báo" not in output and output.rstrip().endswith("Không có lỗi: mẫu dùng được."), output


@pytest.mark.libreoffice
@needs_libreoffice
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_builtin_saved_by_libreoffice_gives_no_message(libreoffice_saved: Path, kind: str, style: str) -> None:  # noqa: F811
    code, output = run("templates", "check", libreoffice_saved / f"{kind}-{style}.docx")
    assert code == 0, output
    assert "Cảnh báo" not in output and output.rstrip().endswith("Không có lỗi: mẫu dùng được."), output


# --- item 8: a deleted {%p if %} is one message ----------------------------------------------------


def test_a_deleted_if_with_an_else_is_one_message(tmp_path: Path) -> None:
    # Jinja would read the orphaned else as the loop's own ("for ... else"), where "group"
    # is unknown: a second, wrong message at a header cell.
    path = template("list", tmp_path / "mau", delete(IF_COLLECTIVE))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "Có {%p endif %} mà không có {%p if ... %} trước nó (thẻ mở đã bị xóa, hoặc bị chuyển xuống dưới thẻ đóng). "
        "Đặt lại {%p if ... %} ở đầu phần có điều kiện, hoặc xóa thẻ thừa này. Ở đoạn thứ 36: “{%p endif %}”"
    ]


# --- item 9: a misspelt loop variable; a place, never a line number ----------------------------------


def test_a_misspelt_loop_variable_quotes_the_for_line(tmp_path: Path) -> None:
    new = "{%p for grop in groups %}"
    path = template("list", tmp_path / "mau", retype("{%p for group in groups %}", new))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        f"Tên biến của vòng lặp viết sai: {new} đặt tên “grop”, nhưng các đoạn trong vòng lặp dùng “group” "
        "(“group.heading”, “group.collective”, “group.rows”). Sửa thẻ thành {%p for group in groups %} (như mẫu "
        f"có sẵn). Ở đoạn thứ 13: “{new}”"
    ]


def test_a_name_in_a_control_line_is_placed_at_its_paragraph(tmp_path: Path) -> None:
    from draftkit.docx_engine import analyze_template

    new = "{%p for group in group %}"
    path = template("list", tmp_path / "mau", retype("{%p for group in groups %}", new))
    (use,) = [u for u in analyze_template(path).uses if u.text == "group"]
    assert use.spot.describe() == f"Ở đoạn thứ 13: “{new}”"


# --- item 11: misspelt keywords; a slip quotes its own paragraph ---------------------------------------


@pytest.mark.parametrize(
    ("kind", "old", "new", "right"),
    [
        ("list", "{%p else %}", "{%p esle %}", "{%p else %}"),
        ("certificate", "{%p endfor %}", "{%p endfro %}", "{%p endfor %}"),
        ("certificate", "{%p if signer_authority %}", "{%p iff signer_authority %}", "{%p if signer_authority %}"),
    ],
)
def test_a_misspelt_keyword_is_one_message_with_the_right_one(
    kind: str, old: str, new: str, right: str, tmp_path: Path
) -> None:
    path = template(kind, tmp_path / "mau", retype(old, new))
    code, output = run("templates", "check", path)
    assert code == 1, output
    (message,) = problems(output)
    word = new.split()[1]
    assert message.startswith(f"Thẻ {new}: không có lệnh “{word}”. Có phải ý bạn là “{right.split()[1]}” ({right})?")
    assert message.endswith(f"“{new}”")


def test_a_misspelt_endif_in_the_list_is_one_message(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        (closer,) = [p for p in doc.paragraphs if p.text == "{%p endif %}"]
        closer.runs[0].text = "{%p endfi %}"
        for run_ in closer.runs[1:]:
            run_.text = ""

    path = template("list", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "Thẻ {%p endfi %}: không có lệnh “endfi”. Có phải ý bạn là “endif” ({%p endif %})? Gõ lại thẻ cho đúng. "
        "Ở đoạn thứ 37: “{%p endfi %}”"
    ]


@pytest.mark.parametrize(
    ("word", "meant"),
    [("endfi", "endif"), ("esle", "else"), ("ENDFRO", "endfor"), ("For", "for"), ("elsif", "elif"), ("endfor", "endfor"),
     ("trans", "trans"), ("ten", "ten")],
)
def test_which_keyword_a_slip_stands_for(word: str, meant: str) -> None:
    from draftkit.docx_engine._analysis import corrected_keyword

    assert corrected_keyword(word) == meant


def test_a_slip_in_a_print_tag_quotes_its_own_paragraph(tmp_path: Path) -> None:
    # docxtpl reads "{{ subject }" on to the "}}" of the paragraph below and joins the two.
    path = template("list", tmp_path / "mau", retype("{{ subject }}", "{{ subject }"))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == ["Lỗi cú pháp: có “}” không đúng chỗ (thiếu hoặc thừa dấu ngoặc?). Ở đoạn: “{{ subject }”"]


# --- item 12: a file that is not there --------------------------------------------------------------


@pytest.mark.parametrize("extra", [[], ["--kind", "list"]])
def test_a_missing_file_is_said_before_the_kind(extra: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.docx"
    code, output = run("templates", "check", missing, *extra)
    assert code == 2
    assert output.strip() == f"Lỗi: Không có tệp {missing}."


@pytest.mark.parametrize("extra", [[], ["--kind", "list"]])
def test_a_folder_is_said_to_be_a_folder(extra: list[str], tmp_path: Path) -> None:
    code, output = run("templates", "check", tmp_path, *extra)
    assert code == 2
    assert output.strip() == f"Lỗi: “{tmp_path}” là một thư mục, không phải tệp mẫu .docx."


# --- the parts the comparison rests on ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expression"),
    [
        ('{%p if block.kind == "part_label" %}', "block.kind == 'part_label'"),
        ("{%p if block.kind == “part_label” %}", "block.kind == 'part_label'"),  # Word's quotes
        ("{%p if  block.kind=='part_label' %}", "block.kind == 'part_label'"),
        ("{%p for c in certificates %}", "c in certificates"),
        ("{%tr for row in group.rows %}", "row in group.rows"),
        ("{%p elif not group.collective %}", "not group.collective"),
        ("{%p endif %}", ""),
        ("{%p else %}", ""),
    ],
)
def test_what_a_control_tag_means_is_written_one_way(typed: str, expression: str) -> None:
    from draftkit.docx_engine._analysis import _control_tags, control_expressions

    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:p><w:r><w:t>{typed}</w:t></w:r></w:p></w:body></w:document>"
    )
    (tag,) = _control_tags(xml.encode("utf-8"), "word/document.xml")
    assert control_expressions([tag]) == [expression]


@pytest.mark.parametrize(
    ("first", "second", "negated"),
    [
        ("group.collective", "not group.collective", True),
        ("not group.collective", "group.collective", True),
        ("a and b", "not (a and b)", True),
        ("group.collective", "group.collective", False),
        ("signer_authority", "signer_title", False),
    ],
)
def test_which_conditions_are_negations(first: str, second: str, negated: bool) -> None:
    from draftkit.template_tools import _negation

    assert _negation(first, second) is negated


# --- every control line of every built-in, deleted: refused, at a place Word can show ------------


def _control_paragraphs(doc: DocumentObject) -> list[Paragraph]:
    found = [p for p in doc.paragraphs if p.text.startswith("{%")]
    for table in doc.tables:
        seen: set[int] = set()
        for cell in table._cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            found += [p for p in cell.paragraphs if p.text.startswith("{%")]
    return found


def _builtin_control_lines() -> list[tuple[str, int]]:
    from docx import Document

    from draftkit.template_search import builtin_template

    return [
        (kind, index)
        for kind in KINDS
        for index in range(len(_control_paragraphs(Document(str(builtin_template(kind, "state"))))))
    ]


@pytest.mark.parametrize(("kind", "index"), _builtin_control_lines())
def test_deleting_any_control_line_is_refused_with_a_place(kind: str, index: int, tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        element = _control_paragraphs(doc)[index]._p
        element.getparent().remove(element)

    path = template(kind, tmp_path / "mau", change)
    code, output = run("templates", "check", path)
    assert code == 1, output
    found = problems(output)
    assert found and not any("Ở dòng" in p or not p.endswith("”") for p in found), found
    assert not english(output), output

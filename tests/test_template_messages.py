"""What a clerk sees when an edited template is wrong (issue 13, items 3, 4, 5 and 7).

Each template below is a built-in one edited the way Word stores the edit (a paragraph
deleted, moved or merged into the one before, a word retyped, a table row changed), and
every assertion is on the exact Vietnamese message, the exit code of `templates check` and
of `render`, and that nothing was written.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit.cli import app
from draftkit.template_search import (
    KINDS,
    STYLES,
    TemplateFolder,
    builtin_template,
    guess_kind_style,
    stray_message,
    used_lines,
)
from draftkit.template_tools import (
    OPTIONAL,
    OPTIONAL_IN_STYLE,
    template_variables,
    vietnamese_meaning,
)

runner = CliRunner()
AWARDS = EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml"
REPORT = EXAMPLES / "ngoc-lac-2023-bao-cao.yaml"
# Jinja's words; "block" and "template" are left out: a report's variables are "blocks".
ENGLISH = ("expected", "unexpected", "Encountered", "end of", "innermost", "unknown", "got", "token")


def english(text: str) -> list[str]:
    """Jinja's English words in ``text``, file paths left out."""
    words = re.sub(r"/\S+", "", text)
    return [word for word in ENGLISH if re.search(rf"\b{word}\b", words)]


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def flat(text: str) -> str:
    return " ".join(text.split())


def problems(output: str) -> list[str]:
    """The problems of `templates check` (or of render's check), one per bullet, unwrapped."""
    found: list[str] = []
    for line in output.splitlines():
        if line.strip().startswith("•"):
            found.append(line.strip()[1:].strip())
        elif found and line.startswith("    ") and not line.strip().startswith(("Gợi ý", "Lỗi")):
            found[-1] += " " + line.strip()
    return found


def template(kind: str, folder: Path, change: Callable[[DocumentObject], None], style: str = "state") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}-{style}.docx"
    shutil.copyfile(builtin_template(kind, style), path)
    doc = Document(str(path))
    change(doc)
    doc.save(str(path))
    return path


def body(doc: DocumentObject, text: str) -> Paragraph:
    """The paragraph whose text is ``text``, in the body or in a table cell."""
    found = [p for p in doc.paragraphs if p.text == text]
    for table in doc.tables:
        for cell in table._cells:
            found += [p for p in cell.paragraphs if p.text == text]
    assert found, text
    return found[0]


def delete(text: str) -> Callable[[DocumentObject], None]:
    def change(doc: DocumentObject) -> None:
        element = body(doc, text)._p
        element.getparent().remove(element)

    return change


def retype(old: str, new: str) -> Callable[[DocumentObject], None]:
    """Select the paragraph's text and type ``new`` over it."""

    def change(doc: DocumentObject) -> None:
        paragraph = body(doc, old)
        for run in paragraph.runs[1:]:
            run._r.getparent().remove(run._r)
        paragraph.runs[0].text = new

    return change


def move_below(text: str, anchor: str) -> Callable[[DocumentObject], None]:
    """Cut the paragraph ``text`` and paste it below ``anchor``."""

    def change(doc: DocumentObject) -> None:
        body(doc, anchor)._p.addnext(body(doc, text)._p)

    return change


def check_and_render(path: Path, data: Path, out: Path) -> tuple[list[str], list[str]]:
    code, output = run("templates", "check", path)
    assert code == 1, output
    render_code, render_output = run("render", data, "-o", out, "--templates", path.parent)
    assert render_code == 1, render_output
    assert not out.exists() or not any(out.iterdir()), "nothing is written from a faulty template"
    for text in (output, render_output):
        assert not english(text), text
    return problems(output), problems(render_output)


# --- item 4: deleted, moved or merged control lines -----------------------------------------

FOR = "{%p for c in certificates %}"
ENDFOR = "{%p endfor %}"
VARS = " Xem các biến dùng được: draftkit templates vars certificate."


def test_a_deleted_endfor_is_one_message_at_the_loop_that_stays_open(tmp_path: Path) -> None:
    path = template("certificate", tmp_path / "mau", delete(ENDFOR))
    checked, rendered = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        f"{FOR} mở vòng lặp nhưng không có {ENDFOR} nào sau nó để đóng lại (thẻ đóng đã bị xóa?). "
        f"Thêm một đoạn {ENDFOR} ở cuối vòng lặp. Ở đoạn thứ 1: “{FOR}”"
    ]
    assert rendered == checked


def test_a_deleted_for_names_the_stray_endfor_and_the_loop_variable_once(tmp_path: Path) -> None:
    path = template("certificate", tmp_path / "mau", delete(FOR))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    stray = next(p for p in checked if p.startswith("Có"))
    assert stray.startswith(f"Có {ENDFOR} mà không có {{%p for ... %}} trước nó (thẻ mở đã bị xóa")
    assert stray.endswith(f"“{ENDFOR}”") and "Ở đoạn thứ " in stray
    (loop,) = [p for p in checked if "“c”" in p]
    assert loop == (
        "Các biến “c.name”, “c.position”, “c.reason”, “c.gold_book” dùng “c”, là biến của vòng lặp "
        f"{FOR} … {ENDFOR} trong mẫu có sẵn, nhưng mẫu này không có thẻ {FOR} (đã bị xóa?). Thêm lại thẻ "
        "đó thành một đoạn riêng ở đầu phần cần lặp lại cho từng mục." + VARS + " Ở đoạn: “{{ c.name }}”"
    )
    assert len(checked) == 2


def test_a_control_line_joined_to_the_paragraph_before_says_what_would_vanish(tmp_path: Path) -> None:
    # Backspace before {%p endfor %}: docxtpl drops the whole paragraph, the reason with it.
    def change(doc: DocumentObject) -> None:
        reason = body(doc, "{{ c.reason }}")
        endfor = body(doc, ENDFOR)
        for run in endfor.runs:
            reason._p.append(copy.deepcopy(run._r))
        endfor._p.getparent().remove(endfor._p)

    path = template("certificate", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked[0] == (
        f"Thẻ {ENDFOR} phải đứng riêng một đoạn: khi dựng, cả đoạn chứa nó bị bỏ nên “{{{{ c.reason }}}}” "
        "sẽ không có trong văn bản. Tách thẻ ra một đoạn riêng (nhấn Enter trước “{%” và sau “%}”). "
        f"Ở đoạn thứ 10: “{{{{ c.reason }}}}{ENDFOR}”"
    )


def test_a_for_moved_below_a_variable_explains_the_loop_variable(tmp_path: Path) -> None:
    path = template("certificate", tmp_path / "mau", move_below(FOR, "{{ c.name }}"))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "Biến “c.name” nằm ngoài vòng lặp: “c” chỉ có nghĩa giữa "
        f"{FOR} và {ENDFOR} (ở đoạn thứ 8: “{FOR}”), mỗi lần lặp là một mục. Chuyển đoạn này vào giữa hai "
        "thẻ đó (hoặc chuyển thẻ cho đúng chỗ)." + VARS + " Ở đoạn: “{{ c.name }}”"
    ]


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [(FOR, "{%p For c in certificates %}", "For"), (ENDFOR, "{%p ENDFOR %}", "ENDFOR"), (ENDFOR, "{%p EndFor %}", "EndFor")],
)
def test_a_capitalised_keyword_is_named_with_its_lower_case(old: str, new: str, word: str, tmp_path: Path) -> None:
    path = template("certificate", tmp_path / "mau", retype(old, new))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    (message,) = checked
    assert message.startswith(
        f"Thẻ {new}: chữ “{word}” phải viết thường, “{word.lower()}” (Word hay tự viết hoa chữ đầu câu"
    )
    assert message.endswith(f"“{new}”")


def test_a_deleted_endif_in_a_table_cell_names_the_cell(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        cell = doc.tables[0].cell(0, 0)
        (endif,) = [p for p in cell.paragraphs if p.text == "{%p endif %}"]
        endif._p.getparent().remove(endif._p)

    path = template("list", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "{%p if parent_body %} mở phần có điều kiện nhưng không có {%p endif %} nào sau nó để đóng lại "
        "(thẻ đóng đã bị xóa?). Thêm một đoạn {%p endif %} ở cuối phần có điều kiện. "
        "Ở bảng 1, hàng 1, cột 1, đoạn: “{%p if parent_body %}”"
    ]


def test_tr_tags_in_one_row_are_one_message(tmp_path: Path) -> None:
    # The clerk deleted the sample row and the {%tr endfor %} row, then typed the closer
    # in the row that opens the loop.
    def change(doc: DocumentObject) -> None:
        table = doc.tables[1]
        table.cell(1, 1).paragraphs[0].add_run("{%tr endfor %}")
        for row in (table.rows[3], table.rows[2]):
            row._tr.getparent().remove(row._tr)

    path = template("list", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked[0] == (
        "Một hàng bảng có 2 thẻ {%tr for row in group.rows %} và {%tr endfor %}: mỗi thẻ {%tr … %} phải "
        "đứng riêng một hàng bảng (khi dựng, cả hàng bảng được thay bằng thẻ cuối, các thẻ trước nó bị mất). "
        "Tách mỗi thẻ ra một hàng bảng riêng (thêm hàng bằng Insert Rows). "
        "Ở bảng 2, hàng 2, cột 1, đoạn: “{%tr for row in group.rows %}”"
    )


@pytest.mark.parametrize(
    "broken",
    ["{{ c.name }", "{% for %}", "{{ c. }}", "{{ c.name[ }}", "{% if %}", "{{ c.name | }}", "{% endfor x %}"],
)
def test_jinja_english_never_reaches_the_clerk(broken: str, tmp_path: Path) -> None:
    path = template("certificate", tmp_path / "mau", retype("{{ c.position }}", broken))
    code, output = run("templates", "check", path)
    assert code == 1, output
    assert not english(output), output
    assert any(broken in p for p in problems(output)), output


# --- item 5: misspelt, Vietnamese and Telex variable names ----------------------------------


@pytest.mark.parametrize(
    ("name", "meaning"),
    [
        ("ten", "name"),
        ("tên", "name"),
        ("TÊN", "name"),
        ("teen", "name"),  # Telex: "ee" is ê
        ("ho_ten", "name"),
        ("họ_và_tên", "name"),
        ("chuc_vu", "position"),
        ("chức_vụ", "position"),
        ("chucs_vuj", "position"),  # Telex tone letters
        ("don_vi", "unit"),
        ("ddon_vi", "unit"),  # Telex: "dd" is đ
        ("ngay", "date"),
        ("ngày", "date"),
        ("so", "number"),
        ("nam", "year"),
        ("trich_yeu", "subject"),
        ("nơi_nhận", "recipients"),
        ("nmae", None),
        ("name", None),
    ],
)
def test_vietnamese_names_mean_draftkit_names(name: str, meaning: str | None) -> None:
    found = vietnamese_meaning(name)
    assert (found[0] if found else None) == meaning


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("c.ten", "name"),
        ("c.ho_ten", "name"),
        ("c.teen", "name"),
        ("c.chuc_vu", "position"),
        ("c.don_vi", "position"),  # a certificate has no unit: "Chức vụ, đơn vị công tác"
        ("c.ddon_vi", "position"),
        ("c.ly_do", "reason"),
    ],
)
def test_a_vietnamese_field_name_gets_the_english_one(written: str, suggested: str, tmp_path: Path) -> None:
    path = template("certificate", tmp_path / "mau", retype("{{ c.position }}", f"{{{{ {written} }}}}"))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    (message,) = checked
    assert message == (
        f"Biến “{written}” không có: “c” chỉ có các trường name, person, position, reason, gold_book. "
        f"Có phải ý bạn là “{suggested}” ({{{{ c.{suggested} }}}})? (Tên biến viết bằng tiếng Anh, không dấu.)"
        + VARS + f" Ở đoạn: “{{{{ {written} }}}}”"
    )


@pytest.mark.parametrize(
    ("written", "suggested", "note"),
    [
        ("ngay", "place_date", " (Tên biến viết bằng tiếng Anh, không dấu.)"),
        ("ngày_ký", "place_date", " (Tên biến viết bằng tiếng Anh, không dấu.)"),
        ("Decision_line", "decision_line", ""),
        ("decison_line", "decision_line", ""),
    ],
)
def test_a_vietnamese_top_level_name_gets_the_english_one(written: str, suggested: str, note: str, tmp_path: Path) -> None:
    path = template("certificate", tmp_path / "mau", retype("{{ decision_line }}", f"{{{{ {written} }}}}"))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        f"Biến “{written}” không có trong dữ liệu của giấy khen. Có phải ý bạn là “{suggested}”?{note}"
        + VARS + f" Ở bảng 1, hàng 1, cột 1, đoạn: “{{{{ {written} }}}}”"
    ]


def test_the_report_template_used_for_certificates_is_named_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    shutil.copyfile(builtin_template("report", "state"), folder / "certificate-state.docx")
    checked, rendered = check_and_render(folder / "certificate-state.docx", AWARDS, tmp_path / "out")
    (message,) = checked
    assert "đây là mẫu báo cáo, không phải mẫu giấy khen" in message
    assert message.startswith("Mẫu dùng “addressees”, “appendix”, “blocks”, “closing”, “doc_type”, “issuer_name”")
    assert message.endswith(
        "Dùng mẫu giấy khen (chép mẫu có sẵn: draftkit templates copy certificate); còn tệp này thì đặt tên "
        "report-state.docx để dùng cho báo cáo."
    )
    assert rendered == checked


def test_the_certificate_template_used_for_a_report_is_named_as_such(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    shutil.copyfile(builtin_template("certificate", "party"), folder / "report-party.docx")
    code, output = run("templates", "check", folder / "report-party.docx")
    assert code == 1
    (message,) = problems(output)
    assert "đây là mẫu giấy khen, không phải mẫu báo cáo" in message
    assert "đặt tên certificate-party.docx" in message


# --- item 7: no false warnings; the unused-variable warning knows what a kind may leave out ----


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_an_untouched_copy_warns_about_nothing(kind: str, style: str, tmp_path: Path) -> None:
    code, output = run("templates", "copy", kind, tmp_path, "--style", style)
    assert code == 0, output
    code, output = run("templates", "check", tmp_path / f"{kind}-{style}.docx")
    assert code == 0, output
    assert "Cảnh báo" not in output and output.rstrip().endswith("Không có lỗi: mẫu dùng được."), output


def test_rendering_with_untouched_copies_warns_about_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    for kind in ("decision", "list", "certificate"):
        assert run("templates", "copy", kind, folder)[0] == 0
    code, output = run("render", AWARDS, "-o", tmp_path / "out", "--templates", folder)
    assert code == 0, output
    assert "Cảnh báo" not in output, output


def test_a_variable_dropped_from_a_list_is_warned_about(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        delete("{{ attachment }}")(doc)

    path = template("list", tmp_path / "mau", change)
    code, output = run("templates", "check", path)
    assert code == 0, output
    assert (
        "Cảnh báo: Mẫu không dùng biến “attachment” (dòng “(Kèm theo Quyết định số ... ngày ... của ...)”): "
        "phần đó sẽ không có trong văn bản. Nếu cố ý bỏ thì không sao; xem: draftkit templates vars list."
    ) in output


@pytest.mark.parametrize(("kind", "names"), [*OPTIONAL.items(), *((k, n) for (k, _), n in OPTIONAL_IN_STYLE.items())])
def test_every_optional_variable_is_a_variable_of_its_kind(kind: str, names: frozenset[str]) -> None:
    known = {v.name for v in template_variables(kind)}
    assert names <= known, names - known


# --- item 3: files under another name in a templates folder ---------------------------------


@pytest.mark.parametrize(
    ("name", "others", "expected"),
    [
        ("certificate-state.docx", [], None),
        (
            "Giấy khen xã.docx",
            [],
            "“Giấy khen xã.docx” không được dùng: draftkit chỉ dùng mẫu đặt tên theo loại và thể thức (như "
            "certificate-state.docx). Nếu đây là mẫu giấy khen, đổi tên thành certificate-state.docx (văn bản "
            "hành chính) hoặc certificate-party.docx (văn bản của Đảng).",
        ),
        (
            "Quyết định khen thưởng Đảng ủy.docx",
            [],
            "“Quyết định khen thưởng Đảng ủy.docx” không được dùng: draftkit chỉ dùng mẫu đặt tên theo loại và "
            "thể thức (như certificate-state.docx). Nếu đây là mẫu quyết định khen thưởng, đổi tên thành "
            "decision-party.docx.",
        ),
        (
            "certificate-state (1).docx",
            ["certificate-state.docx"],
            "“certificate-state (1).docx” không được dùng: đây là một bản sao; mẫu được dùng là "
            "certificate-state.docx trong cùng thư mục. Nếu bản sao mới là bản đã sửa, xóa (hoặc cất) "
            "certificate-state.docx rồi đổi tên bản sao thành certificate-state.docx.",
        ),
        ("certificate-state (1).docx", [], "“certificate-state (1).docx” không được dùng: đây là một bản sao. "
         "Đổi tên thành certificate-state.docx."),
        ("Danh sach - Copy.docx", [], None),  # said by meaning, below
        (
            "Báo cáo tổng kết.doc",
            [],
            "“Báo cáo tổng kết.doc” không được dùng: draftkit chỉ đọc mẫu .docx. Mở tệp trong Word (hoặc "
            "LibreOffice) và Lưu thành .docx (File → Save As → Word Document .docx; LibreOffice: Giữ định dạng "
            "hiện tại → Word 2007-365), rồi đổi tên thành report-state.docx (văn bản hành chính) hoặc "
            "report-party.docx (văn bản của Đảng).",
        ),
        (
            "~$rtificate-state.docx",
            ["certificate-state.docx"],
            "“~$rtificate-state.docx” là tệp tạm của Word (có một mẫu trong thư mục đang mở trong Word), không "
            "phải mẫu. Lưu và đóng mẫu trong Word trước khi dựng văn bản để dùng bản mới nhất.",
        ),
    ],
)
def test_what_each_stray_file_is_told(name: str, others: list[str], expected: str | None, tmp_path: Path) -> None:
    for other in [name, *others]:
        (tmp_path / other).write_bytes(b"")
    message = stray_message(tmp_path / name)
    if name == "Danh sach - Copy.docx":
        assert message is not None and "Nếu đây là mẫu danh sách khen thưởng, đổi tên thành list-state.docx" in message
        return
    assert message == expected


def test_a_name_in_other_letter_case_is_told_or_used(tmp_path: Path) -> None:
    path = tmp_path / "Certificate-State.docx"
    path.write_bytes(b"")
    message = stray_message(path)
    if (tmp_path / "certificate-state.docx").exists():  # a folder that ignores case: the file is used
        assert message is None
    else:
        assert message == (
            "“Certificate-State.docx” không được dùng: tên mẫu phải viết thường đúng từng chữ. "
            "Đổi tên thành certificate-state.docx."
        )


@pytest.mark.parametrize(
    ("name", "kind", "style"),
    [
        ("Giấy khen xã.docx", "certificate", None),
        ("GIAY_KHEN_DANG.docx", "certificate", "party"),
        ("quyet-dinh-ubnd.docx", "decision", "state"),
        ("Danh sách.docx", "list", None),
        ("bao cao huyen uy.docx", "report", "party"),
        ("mau moi.docx", None, None),
    ],
)
def test_what_a_file_name_means(name: str, kind: str | None, style: str | None) -> None:
    assert guess_kind_style(name) == (kind, style)


def test_list_and_render_warn_about_stray_files_and_name_every_template(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    shutil.copyfile(builtin_template("certificate", "state"), folder / "Giấy khen xã.docx")
    shutil.copyfile(builtin_template("list", "state"), folder / "list-state.docx")
    warning = (
        "Cảnh báo: “Giấy khen xã.docx” không được dùng: draftkit chỉ dùng mẫu đặt tên theo loại và thể thức "
        "(như certificate-state.docx). Nếu đây là mẫu giấy khen, đổi tên thành certificate-state.docx (văn bản "
        f"hành chính) hoặc certificate-party.docx (văn bản của Đảng). (Ở thư mục --templates {folder}.)"
    )
    code, output = run("templates", "list", "--templates", folder)
    assert code == 0 and warning in flat(output), output
    code, output = run("render", AWARDS, "-o", tmp_path / "out", "--templates", folder)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == f"Dùng mẫu list-state.docx từ thư mục --templates {folder}."
    assert lines[1] == "Dùng mẫu có sẵn trong draftkit: decision-state.docx, certificate-state.docx."
    assert warning in flat(output)


def test_a_render_with_built_in_templates_only_names_them() -> None:
    from draftkit.template_search import find_template

    found = [find_template(k, "party", [TemplateFolder(Path("/nonexistent"), "x")]) for k in ("decision", "list")]
    assert used_lines(found) == ["Dùng mẫu có sẵn trong draftkit: decision-party.docx, list-party.docx."]


def test_check_of_a_file_with_a_meaningful_name_suggests_the_kind(tmp_path: Path) -> None:
    path = tmp_path / "Giấy khen xã.docx"
    shutil.copyfile(builtin_template("certificate", "state"), path)
    code, output = run("templates", "check", path)
    assert code == 2
    assert "ví dụ --kind certificate" in flat(output)
    code, output = run("templates", "check", path, "--kind", "certificate")
    assert code == 0, output


# --- the parts the messages rest on ------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "strays", "unclosed"),
    [
        (["for", "endfor"], [], []),
        (["for", "if", "elif", "else", "endif", "else", "endfor"], [], []),  # for ... else is Jinja's
        (["endfor"], [0], []),
        (["for"], [], [(0, None)]),
        (["for", "if", "endfor"], [], [(1, 2)]),
        (["for", "if", "endfor", "endif"], [3], [(1, 2)]),
        (["else", "if", "endif"], [0], []),
        (["for", "elif", "endfor"], [1], []),
        (["set=", "set", "endset", "endif"], [3], []),
    ],
)
def test_which_block_tags_have_no_partner(words: list[str], strays: list[int], unclosed: list[tuple[int, int | None]]) -> None:
    from draftkit.docx_engine._analysis import balance

    assert balance(words) == (strays, unclosed)


def test_the_rest_of_a_template_is_still_checked_after_a_deleted_endfor(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        delete(ENDFOR)(doc)
        retype("{{ c.position }}", "{{ c.postion }}")(doc)

    path = template("certificate", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert len(checked) == 2, checked
    assert checked[0].startswith(f"{FOR} mở vòng lặp nhưng không có {ENDFOR}")
    assert checked[1].startswith("Biến “c.postion” không có: “c” chỉ có các trường") and "“position”" in checked[1]


@pytest.mark.parametrize(
    ("holder", "lost"),
    [
        ('<w:p><w:r><w:t>{{ c.reason }}{%p endfor %}</w:t></w:r></w:p>', "c.reason"),
        ('<w:p><w:r><w:t>{%p if a %}{%p endif %}</w:t></w:r></w:p>', "if a"),  # the last tag wins
        ('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{%tr for r in rows %}</w:t></w:r></w:p></w:tc>'
         '<w:tc><w:p><w:r><w:t>{%tr endfor %}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>', "for r in rows"),
    ],
)
def test_docxtpl_still_replaces_the_whole_paragraph_or_row_of_a_control_tag(holder: str, lost: str) -> None:
    """The messages about control lines sharing a paragraph or a row rest on this (docxtpl 0.20)."""
    from draftkit.docx_engine._render import prepared_source

    xml = (
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{holder}</w:body></w:document>"
    )
    assert lost not in prepared_source(xml.encode("utf-8"))


def test_a_closer_moved_above_its_opener_is_one_message(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        cell = doc.tables[0].cell(0, 1)
        (opener,) = [p for p in cell.paragraphs if p.text == "{%p if signer_authority %}"]
        (closer,) = [p for p in cell.paragraphs if p.text == "{%p endif %}"]
        opener._p.addprevious(closer._p)

    path = template("certificate", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "{%p endif %} nằm trên {%p if signer_authority %} (ở bảng 1, hàng 1, cột 2, đoạn: “{%p if signer_authority %}”): "
        "hai thẻ bị đảo thứ tự. Thẻ mở phải ở đầu phần có điều kiện, thẻ đóng ở cuối: chuyển {%p endif %} xuống "
        "dưới {%p if signer_authority %}. Ở bảng 1, hàng 1, cột 2, đoạn: “{%p endif %}”"
    ]


def test_a_deleted_loop_in_a_table_cell_names_its_variable(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        cell = doc.tables[1].cell(0, 0)
        (opener,) = [p for p in cell.paragraphs if p.text == "{%p for line in recipients %}"]
        opener._p.getparent().remove(opener._p)

    path = template("decision", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked[0].startswith("Có {%p endfor %} mà không có {%p for ... %} trước nó")
    assert checked[0].endswith("Ở bảng 2, hàng 1, cột 1, đoạn: “{%p endfor %}”")
    assert checked[1].startswith(
        "Biến “line” dùng “line”, là biến của vòng lặp {%p for line in recipients %} … {%p endfor %} trong mẫu có sẵn"
    )
    assert len(checked) == 2


def test_a_syntax_error_inside_a_control_line_quotes_that_line(tmp_path: Path) -> None:
    # docxtpl puts a {%p %} tag between the paragraphs around it: the message must still
    # quote the clerk's paragraph, not its neighbour.
    def change(doc: DocumentObject) -> None:
        cell = doc.tables[0].cell(0, 1)
        (opener,) = [p for p in cell.paragraphs if p.text == "{%p if signer_authority %}"]
        opener.runs[0].text = "{%p if signer_authority = 1 %}"
        for run in opener.runs[1:]:
            run.text = ""

    path = template("certificate", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "Lỗi cú pháp: cần “%}” nhưng gặp “=”. "
        "Ở bảng 1, hàng 1, cột 2, đoạn: “{%p if signer_authority = 1 %}”"
    ]


def test_tc_tags_in_one_cell_are_one_message(tmp_path: Path) -> None:
    def change(doc: DocumentObject) -> None:
        cell = doc.tables[2].cell(0, 2)  # "Chức vụ, đơn vị công tác" of the individuals' table
        cell.paragraphs[0].runs[0].text = "{%tc if group.collective %}Chức vụ"
        cell.add_paragraph("{%tc endif %}")

    path = template("list", tmp_path / "mau", change)
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "Một ô bảng có 2 thẻ {%tc if group.collective %} và {%tc endif %}: mỗi thẻ {%tc … %} phải đứng riêng "
        "một ô bảng (khi dựng, cả ô bảng được thay bằng thẻ cuối, các thẻ trước nó bị mất). Tách mỗi thẻ ra một "
        "ô bảng riêng. Ở bảng 3, hàng 1, cột 3, đoạn: “{%tc if group.collective %}Chức vụ”"
    ]


def test_a_folder_of_rightly_named_templates_warns_about_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    for kind in KINDS:
        assert run("templates", "copy", kind, folder, "--style", "party")[0] == 0
    code, output = run("templates", "list", "--templates", folder)
    assert code == 0 and "không được dùng" not in output and "Cảnh báo" not in output, output


def test_a_name_in_other_letter_case_beside_the_right_one_is_told_which_is_used(tmp_path: Path) -> None:
    (tmp_path / "certificate-state.docx").write_bytes(b"")
    other = tmp_path / "Certificate-State.docx"
    if other.exists():  # a folder that ignores case holds one file only
        pytest.skip("this file system does not tell letter case apart")
    other.write_bytes(b"")
    assert stray_message(other) == (
        "“Certificate-State.docx” không được dùng: tên mẫu phải viết thường đúng từng chữ; mẫu được dùng là "
        "certificate-state.docx trong cùng thư mục. Giữ một trong hai tệp, đặt tên certificate-state.docx."
    )


def test_loop_outside_any_loop_is_explained(tmp_path: Path) -> None:
    # "Quyết định:" numbered by hand outside the articles' loop.
    path = template("decision", tmp_path / "mau", retype("QUYẾT ĐỊNH:", "QUYẾT ĐỊNH {{ loop.index }}:"))
    checked, _ = check_and_render(path, AWARDS, tmp_path / "out")
    assert checked == [
        "Biến “loop.index” chỉ dùng được bên trong một vòng lặp ({%p for ... %} … {%p endfor %} hoặc "
        "{%tr for ... %} … {%tr endfor %}): “loop” là lần lặp đang viết. Chuyển đoạn này vào trong vòng lặp."
        " Xem các biến dùng được: draftkit templates vars decision. Ở đoạn: “QUYẾT ĐỊNH {{ loop.index }}:”"
    ]

"""Hostile and odd templates and .docx files: a message or a right document, never a corrupt
file, a hang, a leak or a traceback.

Each hostile template is a built-in one with its XML edited inside the zip, the way a
broken office file, a macro-enabled save or a linked picture would leave it. Every test
goes through the CLI or the pipeline and asserts on what the user sees: the message and
exit code, or the package that was written.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit import safefile
from draftkit.cli import app
from draftkit.docx_engine import _limits, _render, render_docx
from draftkit.errors import TemplateError
from draftkit.template_search import builtin_template

runner = CliRunner()
REPORT = EXAMPLES / "ngoc-lac-2023-bao-cao.yaml"
SUBJECT = "{{ subject }}"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def flat(text: str) -> str:
    return " ".join(text.split())


Parts = dict[str, bytes]


def rebuilt(folder: Path, change: Callable[[Parts], object], kind: str = "report") -> Path:
    """The built-in template of ``kind`` with its parts changed by ``change``, in ``folder``."""
    with zipfile.ZipFile(builtin_template(kind, "state")) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    change(parts)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{kind}-state.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return target


def retag(old: str, new: str) -> Callable[[Parts], None]:
    """Replace a tag's text in the body (escaped as Word would store what the clerk typed)."""

    def change(parts: Parts) -> None:
        body = parts["word/document.xml"].decode()
        assert old in body
        escaped = new.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts["word/document.xml"] = body.replace(old, escaped, 1).encode()

    return change


def add_relationship(part_rels: str, rel_type: str, target: str, external: bool = True) -> Callable[[Parts], None]:
    def change(parts: Parts) -> None:
        rels = parts[part_rels].decode()
        mode = ' TargetMode="External"' if external else ""
        rel = f'<Relationship Id="rId99" Type="{rel_type}" Target="{target}"{mode}/>'
        parts[part_rels] = rels.replace("</Relationships>", rel + "</Relationships>").encode()

    return change


def render_report(out: Path, templates: Path) -> tuple[int, str]:
    return run("render", REPORT, "-o", out, "--templates", templates)


def nothing_written(out: Path) -> bool:
    return not out.exists() or not any(out.iterdir())


def package(path: Path) -> Parts:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


# --- raw markup and broken structure ------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("{{ subject|safe }}", "bộ lọc “safe” không được dùng"),
        ("{{ '<w:p>'|safe }}", "bộ lọc “safe” không được dùng"),
        ("{{ subject|urlize }}", "bộ lọc “urlize” không được dùng"),
        ("{% autoescape false %}{{ subject }}{% endautoescape %}", "thẻ autoescape không được dùng"),
    ],
)
def test_raw_markup_is_refused_by_check_and_render(tag: str, expected: str, tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, retag(SUBJECT, tag))

    code, output = run("templates", "check", template)
    assert code == 1 and expected in flat(output), output

    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1 and expected in flat(output), output
    assert nothing_written(out)


def test_without_the_check_the_engine_refuses_raw_markup_too(tmp_path: Path) -> None:
    template = rebuilt(tmp_path, retag(SUBJECT, "{{ subject|safe }}"))
    with pytest.raises(TemplateError) as error:
        render_docx(template, {"subject": "<w:p>"})
    assert "bộ lọc “safe” không được dùng" in error.value.message


def _cut_across_the_table(parts: Parts) -> None:
    """{% if %} opened inside the header table, closed in a body paragraph after it."""
    retag("{{ issuer_name }}", "{{ issuer_name }}{% if parent_body == 'không bao giờ' %}")(parts)
    retag("{{ doc_type }}", "{% endif %}{{ doc_type }}")(parts)


def test_tags_that_cut_the_document_structure_are_found_by_check(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, _cut_across_the_table)
    expected = "Thẻ {% endif %} không cùng chỗ với thẻ {% if … %} mở nó"

    code, output = run("templates", "check", template)
    assert code == 1, output
    (problem,) = [line for line in output.splitlines() if "•" in line]
    assert expected in problem and "{{ doc_type }}" in problem, output

    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1 and expected in flat(output), output
    assert nothing_written(out)


@pytest.mark.parametrize(
    "change",
    [
        _cut_across_the_table,
        # a paragraph opened in the body and closed in a cell: same fault, other direction
        lambda parts: (
            retag("{{ subject }}", "{% if parent_body == 'không bao giờ' %}{{ subject }}")(parts),
            retag("{{ signer_name }}", "{{ signer_name }}{% endif %}")(parts),
        ),
    ],
)
def test_the_engine_never_returns_a_corrupt_docx_even_without_the_check(
    change: Callable[[Parts], None], tmp_path: Path
) -> None:
    template = rebuilt(tmp_path, change)
    with pytest.raises(TemplateError) as error:
        render_docx(template, _report_context(), name="report-state.docx")
    assert "dựng ra nội dung hỏng ở phần word/document.xml" in error.value.message
    assert "chưa ghi tệp nào" in error.value.message
    assert error.value.hint is not None and "{%p ... %}" in error.value.hint


def test_control_characters_that_reach_the_xml_are_a_message(tmp_path: Path) -> None:
    template = rebuilt(tmp_path, lambda parts: None)
    context = _report_context()
    context["subject"] = "Về việc \x01 khen thưởng"
    with pytest.raises(TemplateError) as error:
        render_docx(template, context, name="report-state.docx")
    assert "dựng ra nội dung hỏng" in error.value.message


def _drop_jpeg_type(parts: Parts) -> None:
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", types).encode()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda parts: parts.update({"word/styles.xml": parts["word/styles.xml"][:-40]}),
         "phần word/styles.xml không phải XML hợp lệ"),
        (lambda parts: parts.update({"word/settings.xml": b"<w:settings><w:zoom/></w:settings>"}),
         "phần word/settings.xml không phải XML hợp lệ"),  # unbound prefix
        (_drop_jpeg_type, "[Content_Types].xml không khai báo phần docProps/thumbnail.jpeg"),
        (lambda parts: parts.pop("[Content_Types].xml"), "thiếu phần [Content_Types].xml"),
    ],
)
def test_a_broken_package_is_refused_before_rendering(
    change: Callable[[Parts], object], expected: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, change)
    code, output = run("templates", "check", template)
    assert code == 1 and expected in flat(output), output
    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1 and expected in flat(output) and "lưu lại thành .docx" in output, output
    assert nothing_written(out)


def test_a_lone_surrogate_that_reaches_the_engine_is_a_message(tmp_path: Path) -> None:
    context = _report_context()
    context["subject"] = "Về việc \ud800 khen thưởng"
    with pytest.raises(TemplateError) as error:
        render_docx(builtin_template("report", "state"), context, name="report-state.docx")
    assert "ký tự không hợp lệ (U+D800)" in error.value.message


# --- macros -----------------------------------------------------------------------------


def _macro_enabled(parts: Parts) -> None:
    types = parts["[Content_Types].xml"].decode().replace(DOCUMENT_MAIN, MACRO_MAIN)
    types = types.replace(
        "<Default Extension=\"rels\"",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="rels"',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/></Types>',
    )
    parts["[Content_Types].xml"] = types.encode()
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 Attribute VB_Name = \"AutoOpen\" Shell(\"calc\")"
    parts["word/vbaData.xml"] = b'<?xml version="1.0"?><wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>'
    parts["word/_rels/vbaProject.bin.rels"] = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/wordVbaData" '
        b'Target="vbaData.xml"/></Relationships>'
    )
    add_relationship(
        "word/_rels/document.xml.rels",
        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin",
        external=False,
    )(parts)


def test_macros_never_reach_the_docx(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, _macro_enabled)

    code, output = run("templates", "check", template)
    assert code == 0, output
    assert "Lưu ý: Mẫu" in output and "có macro (VBA); đã bỏ macro" in flat(output)

    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 0, output
    assert "Cảnh báo:" in output and "có macro (VBA); đã bỏ macro" in flat(output)
    written = package(out / "ngoc-lac-2023-bao-cao.docx")
    assert not [name for name in written if "vba" in name.lower()]
    assert b"vbaProject" not in written["word/_rels/document.xml.rels"]
    types = written["[Content_Types].xml"].decode()
    assert MACRO_MAIN not in types and DOCUMENT_MAIN in types and "vbaProject" not in types and "vbaData" not in types
    # Still the clerk's document.
    text = [p.text for p in Document(str(out / "ngoc-lac-2023-bao-cao.docx")).paragraphs]
    assert any("Tổng kết" in t or "tổng kết" in t for t in text)


# --- external relationships ------------------------------------------------------------------

IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
ATTACHED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
OLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject"


@pytest.mark.parametrize(
    ("rel_type", "target", "label"),
    [
        (IMAGE, "file:///C:/Users/van-thu/Pictures/chu-ky.png", "ảnh liên kết"),
        (IMAGE, "\\\\may-chu\\chia-se\\logo.png", "ảnh liên kết"),
        (IMAGE, "https://example.com/logo.png", "ảnh liên kết"),
        (OLE, "file:///C:/bang-luong.xlsx", "đối tượng OLE liên kết"),
    ],
)
def test_external_links_are_refused(rel_type: str, target: str, label: str, tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, add_relationship("word/_rels/document.xml.rels", rel_type, target))
    expected = f"{label} tới “{target}” (phần word/document.xml)"

    code, output = run("templates", "check", template)
    assert code == 1 and expected in flat(output), output

    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1 and expected in flat(output) and "Link to File" in output, output
    assert nothing_written(out)


def test_a_field_that_fetches_a_file_is_refused(tmp_path: Path) -> None:
    def field(parts: Parts) -> None:
        body = parts["word/document.xml"].decode()
        run_xml = '<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "\\\\\\\\may-chu\\\\anh.png" </w:instrText></w:r>'
        parts["word/document.xml"] = body.replace("<w:r>", run_xml + "<w:r>", 1).encode()

    folder = tmp_path / "mau"
    rebuilt(folder, field)
    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1 and "trường INCLUDEPICTURE" in output, output
    assert nothing_written(out)


def test_the_attached_template_is_removed_with_a_warning_and_hyperlinks_stay(tmp_path: Path) -> None:
    def links(parts: Parts) -> None:
        add_relationship("word/_rels/settings.xml.rels", ATTACHED, "file:///\\\\may-chu\\mau\\Normal.dotm")(parts)
        settings = parts["word/settings.xml"].decode()
        parts["word/settings.xml"] = re.sub(
            r"(<w:settings\b[^>]*>)", r'\1<w:attachedTemplate r:id="rId99"/>', settings, count=1
        ).encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        link = f'<Relationship Id="rId98" Type="{HYPERLINK}" Target="https://thuvienphapluat.vn/" TargetMode="External"/>'
        parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", link + "</Relationships>").encode()

    folder = tmp_path / "mau"

    def with_settings_rels(parts: Parts) -> None:
        parts["word/_rels/settings.xml.rels"] = (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b"</Relationships>"
        )
        links(parts)

    rebuilt(folder, with_settings_rels)
    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 0, output
    assert "Normal.dotm" in output and "đã bỏ liên kết này" in flat(output)
    written = package(out / "ngoc-lac-2023-bao-cao.docx")
    assert b"attachedTemplate" not in written["word/settings.xml"]
    assert b"attachedTemplate" not in written["word/_rels/settings.xml.rels"]
    assert b"https://thuvienphapluat.vn/" in written["word/_rels/document.xml.rels"]
    Document(str(out / "ngoc-lac-2023-bao-cao.docx"))  # still opens


# --- bounds: size and time --------------------------------------------------------------------

HUGE = [
    "{{ 'x' * 10**9 }}",
    "{{ 'x' * 100000 * 100000 }}",
    "{{ ['x'] * 10**9 }}",
    "{{ 'x'|center(1000000000) }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ 'a\tb'.expandtabs(1000000000) }}",
    "{{ '{:999999999}'.format(1) }}",
    "{{ '{:{}}'.format(1, 999999999) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '%*d'|format(999999999, 1) }}",
    "{{ 10 ** 100000000 }}",
    "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 0 }}",
    "{{ ('x' * 1000)|replace('', 'y' * 100000) }}",
    "{{ range(1000)|join('x' * 9999999) }}",
    "{{ 'ab'|indent(1000000000) }}",
    "{{ ('x' * 1000000)|wordwrap(1, true, 'y' * 100) }}",
    "{{ [1]|batch(1000000000, 0)|list }}",
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{{ 'x' * 100000 }}{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("tag", HUGE)
def test_huge_values_are_a_message_and_check_never_evaluates_them(
    tag: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, retag(SUBJECT, tag))

    evaluated: list[object] = []
    real_checked = _limits.checked
    monkeypatch.setattr(_limits, "checked", lambda value: evaluated.append(value) or real_checked(value))
    code, output = run("templates", "check", template)
    assert code == 0, output
    # Compiled, never run: Jinja folds constant expressions at compile time, but not these
    # (it may look up a method, "'x'.ljust", without calling it).
    assert [value for value in evaluated if not callable(value)] == []
    monkeypatch.undo()

    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1, output
    text = flat(output)
    assert "quá lớn" in text and f"Mẫu {template}" in text, output
    assert nothing_written(out)


def test_filler_text_is_not_available(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, retag(SUBJECT, "{{ lipsum(1000000000) }}"))
    code, output = run("templates", "check", template)
    assert code == 1 and "Biến “lipsum” không có trong dữ liệu" in output, output
    with pytest.raises(TemplateError, match="“lipsum” chưa được định nghĩa"):
        render_docx(template, _report_context())


def test_a_loop_that_never_ends_is_stopped_by_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A render first, so that the watchdog sleeps towards a far deadline when the short one comes.
    code, output = run("render", REPORT, "-o", tmp_path / "before")
    assert code == 0, output
    monkeypatch.setattr(_limits, "RENDER_SECONDS", 1.0)
    monkeypatch.setattr(_limits, "SECONDS_PER_ITEM", 0.0)
    endless = "{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}{% endfor %}{% endfor %}{% endfor %}"
    folder = tmp_path / "mau"
    rebuilt(folder, retag(SUBJECT, endless))
    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1, output
    assert "chạy quá 1 giây mà chưa xong" in flat(output)
    assert nothing_written(out)
    # The next render in the same process is not hit by a stray timeout.
    code, output = run("render", REPORT, "-o", tmp_path / "again")
    assert code == 0, output


def test_the_limits_leave_big_real_rounds_alone(tmp_path: Path) -> None:
    context = _certificate_context(people=3000)
    data = render_docx(builtin_template("certificate", "state"), context)
    names = [p.text for p in Document(io.BytesIO(data)).paragraphs if p.text.startswith("Ông Người")]
    assert len(names) == 3000


# --- the sandbox is immutable, and the cache follows it ---------------------------------------


@pytest.mark.parametrize(
    "tag", ["{{ blocks.clear() }}", "{{ recipients.pop() }}", "{% set x = blocks.append(1) %}", "{{ blocks.sort() }}"]
)
def test_templates_cannot_change_the_data(tag: str, tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    template = rebuilt(folder, retag(SUBJECT, tag))
    code, output = run("templates", "check", template)
    assert code == 1 and "lệnh này sửa dữ liệu" in flat(output), output

    context = _report_context()
    before = [dict(b) for b in context["blocks"]], list(context["recipients"])
    with pytest.raises(TemplateError) as error:
        render_docx(template, context)
    assert "không được thay đổi" in error.value.message
    assert ([dict(b) for b in context["blocks"]], list(context["recipients"])) == before


def test_cached_code_keeps_the_sandbox_and_the_bounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setattr(_render, "_cache_folder", lambda: folder)
    clear = rebuilt(tmp_path / "a", retag(SUBJECT, "{{ blocks.clear() }}"))
    huge = rebuilt(tmp_path / "b", retag(SUBJECT, "{{ 'x' * 10**9 }}"))
    for _ in range(2):  # the second run compiles nothing: it runs the cached code
        _render._compile_cached.cache_clear()
        with pytest.raises(TemplateError, match="không được thay đổi"):
            render_docx(clear, _report_context())
        with pytest.raises(TemplateError, match="quá lớn"):
            render_docx(huge, _report_context())
        monkeypatch.setattr(_limits.BoundedEnvironment, "compile", _no_compile)
    assert any(folder.glob("*.code"))


def _no_compile(*args: object, **kwargs: object) -> object:
    raise AssertionError("compiled again instead of using the cache")


def test_the_cache_key_follows_the_sandbox(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_render, "_cache_folder", lambda: tmp_path)
    _render._cache_salt.cache_clear()
    before = _render._cache_files(b"<w:document/>")
    monkeypatch.setattr(_render, "environment_fingerprint", lambda: "jinja2.sandbox.SandboxedEnvironment")
    _render._cache_salt.cache_clear()
    after = _render._cache_files(b"<w:document/>")
    _render._cache_salt.cache_clear()
    assert before != after


# --- zip bombs and encrypted files ------------------------------------------------------------


def _bomb(path: Path, size: int = 24 * 1024 * 1024) -> Path:
    shutil.copyfile(builtin_template("report", "state"), path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document2.xml", b" " * size)
    return path


def test_check_refuses_a_zip_bomb_before_unpacking_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _bomb(tmp_path / "bao-cao.docx")
    monkeypatch.setattr(zipfile.ZipFile, "testzip", _no_unpacking)
    code, output = run("check", bomb)
    assert code == 2, output
    assert "bom nén" in output and "word/document2.xml" in output


def test_templates_refuse_a_zip_bomb(tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    bomb = _bomb(folder / "report-state.docx")
    code, output = run("templates", "check", bomb)
    assert code == 1 and "bom nén" in output, output
    out = tmp_path / "out"
    code, output = render_report(out, folder)
    assert code == 1 and "bom nén" in output, output
    assert nothing_written(out)


def test_the_total_unpacked_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safefile, "MAX_UNCOMPRESSED", 4 * 1024 * 1024)
    path = _bomb(tmp_path / "bao-cao.docx", size=4 * 1024 * 1024)  # well compressed, but too much in all
    code, output = run("check", path)
    assert code == 2 and "(tối đa 4 MB): quá lớn để đọc" in output, output


def _no_unpacking(self: zipfile.ZipFile) -> None:
    raise AssertionError("unpacked before the sizes were checked")


def _ole(path: Path, encrypted: bool) -> Path:
    body = bytearray(safefile.CFB_MAGIC + b"\x00" * 4088)
    if encrypted:
        body[2000:2000] = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(bytes(body))
    return path


@pytest.mark.parametrize(
    ("encrypted", "expected"), [(True, "được đặt mật khẩu"), (False, "văn bản Word cũ (.doc")]
)
def test_ole_files_are_named_for_what_they_are(encrypted: bool, expected: str, tmp_path: Path) -> None:
    document = _ole(tmp_path / "bao-cao.docx", encrypted)
    code, output = run("check", document)
    assert code == 2 and expected in flat(output), output

    template = _ole(tmp_path / "report-state.docx", encrypted)
    code, output = run("templates", "check", template)
    assert code == 2 and expected in flat(output), output


# --- which templates were used ----------------------------------------------------------------


def test_a_templates_folder_beside_the_data_file_is_named(tmp_path: Path) -> None:
    data = tmp_path / "bao-cao.yaml"
    shutil.copyfile(REPORT, data)
    beside = tmp_path / "templates"
    beside.mkdir()
    shutil.copyfile(builtin_template("report", "state"), beside / "report-state.docx")
    code, output = run("render", data, "-o", tmp_path / "out")
    assert code == 0, output
    assert f"Dùng mẫu report-state.docx từ thư mục templates cạnh tệp dữ liệu ({beside})." in flat(output)

    code, output = run("render", REPORT, "-o", tmp_path / "out2")
    # Without an office template, the built-in one is named (issue 13: every document's template).
    assert code == 0 and "Dùng mẫu report-state.docx từ" not in output, output
    assert "Dùng mẫu có sẵn trong draftkit: report-state.docx." in output, output


# --- helpers ----------------------------------------------------------------------------------


def _report_context() -> dict[str, object]:
    from draftkit.pipeline import load_model, plan_documents

    model, _ = load_model(REPORT)
    (planned,) = plan_documents(model)
    return planned.context()


def _certificate_context(people: int) -> dict[str, object]:
    from draftkit.pipeline import load_model, plan_documents

    model, _ = load_model(EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml")
    context = next(p for p in plan_documents(model) if p.kind == "certificate").context()
    one = context["certificates"][0]
    assert isinstance(one, dict)
    context["certificates"] = [{**one, "name": f"Ông Người {i}", "person": f"Người {i}"} for i in range(people)]
    return context


def test_the_interview_names_the_templates_folder_it_found_too(tmp_path: Path) -> None:
    from test_interview import ANSWERS, SAVE, invoke

    out = tmp_path / "van-ban"
    beside = out / "templates"
    beside.mkdir(parents=True)
    shutil.copyfile(builtin_template("report", "state"), beside / "report-state.docx")
    result = invoke(["new-report", "-o", str(out)], list(ANSWERS) + SAVE)
    assert result.exit_code == 0, result.output
    assert f"Dùng mẫu report-state.docx từ thư mục templates cạnh tệp dữ liệu ({beside})." in flat(result.output)

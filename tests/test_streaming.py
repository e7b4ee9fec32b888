"""Rendered parts are written a window at a time, and the documents are the same as ever.

The reference is the whole-string path the engine used before (render the part whole,
renumber drawings, post-process, encode, check, remove the "\\n<w:p" line breaks, writestr):
it is kept here, so that every class of input is compared byte for byte with it, with
windows small enough to put cuts everywhere (one window per paragraph) as well as the
real size.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import EXAMPLES
from draftkit.cli import app
from draftkit.docx_engine import (
    _stream,
    adapt_for_form,
    compile_template,
    render_docx,
    render_docx_each,
)
from draftkit.docx_engine._package import rendered_problem
from draftkit.errors import TemplateError
from draftkit.pipeline import load_model, plan_documents, render_file
from draftkit.template_search import builtin_template

AWARDS = EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml"
# Window sizes: a cut before every paragraph, a few paragraphs a window, the real size.
WINDOWS = (1, 3000, _stream.WINDOW)
TRICKY = (
    "Nguyễn Văn <w:p> Bình",
    "Lê <w:p w:rsidR='1'>Thị\n<w:p Hoa",
    "Trần & Con <w:pgBorders> {{ x }}",
    "Phạm\tVăn\r\nĐức",
)


# --- the reference: the whole-string path ---------------------------------------------------


def whole_string_docx(template: Path, context: dict[str, Any], post_process: Callable[[str], str] | None = None) -> bytes:
    compiled = compile_template(template)
    rendered: dict[str, bytes] = {}
    for part, (jinja_template, _) in compiled.parts.items():
        xml = jinja_template.render(context)
        if part == "word/document.xml":
            xml = _renumbered(xml)
            if post_process is not None:
                xml = post_process(xml)
        data = xml.encode("utf-8")
        problem = rendered_problem(compiled.name, part, data)
        if problem is not None:
            raise problem
        rendered[part] = data.replace(b"\n<w:p", b"<w:p")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in compiled.members:
            out.writestr(copy.copy(info), rendered.get(info.filename, data), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _renumbered(xml: str) -> str:
    counter = itertools.count(1)
    return re.sub(r'(<wp:docPr\b[^>]*?\bid=")(\d+)(")', lambda m: f"{m.group(1)}{next(counter)}{m.group(3)}", xml)


# --- helpers --------------------------------------------------------------------------------


def round_file(folder: Path, names: list[str], **extra: Any) -> Path:
    """The Ngọc Lặc round with ``names`` as its awardees, as a data file in ``folder``."""
    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    data["awardees"] = [
        {
            "name": name,
            "kind": "individual",
            "gender": "male" if index % 2 else "female",
            "position": "Chỉ huy trưởng Ban Chỉ huy Quân sự xã",
            "unit": f"xã Số {index}, huyện Ngọc Lặc",
        }
        for index, name in enumerate(names, start=1)
    ]
    data.update(extra)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dot-khen.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def contexts(folder: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    model, _ = load_model(round_file(folder, names))
    return {planned.kind: planned.context() for planned in plan_documents(model)}


def people(count: int) -> list[str]:
    return [f"Nguyễn Văn Người {i}" for i in range(1, count + 1)]


def document_xml(docx: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")


def paragraph_texts(docx: bytes) -> list[str]:
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(io.BytesIO(docx)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


@pytest.fixture
def window(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    size: int = request.param
    monkeypatch.setattr(_stream, "WINDOW", size)
    return size


# --- byte for byte ----------------------------------------------------------------------------


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
@pytest.mark.parametrize("count", [1, 2, 7, 60])
@pytest.mark.parametrize("kind", ["decision", "list", "certificate"])
def test_documents_are_byte_identical_to_the_whole_string_path(
    kind: str, count: int, window: int, tmp_path: Path
) -> None:
    context = contexts(tmp_path, people(count))[kind]
    template = builtin_template(kind, "state")
    streamed = render_docx(template, context)
    assert streamed == whole_string_docx(template, context)
    if kind == "certificate":
        texts = paragraph_texts(streamed)
        assert [name for name in people(count) if any(name in text for text in texts)] == people(count)


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
def test_names_that_look_like_paragraph_starts_come_out_as_typed(window: int, tmp_path: Path) -> None:
    names = [f"{name} {i}" for i in range(3) for name in TRICKY]
    context = contexts(tmp_path, names)["certificate"]
    template = builtin_template("certificate", "party")
    streamed = render_docx(template, context)
    assert streamed == whole_string_docx(template, context)
    texts = paragraph_texts(streamed)
    for name in names:
        # A line break typed in a name is a Word line break, a tab a Word tab: no new paragraph.
        seen = re.sub(r"\r\n|[\r\n\t]", "", name)
        assert sum(text.endswith(seen) for text in texts) == 1, name
    assert "Phạm</w:t><w:tab/>" in document_xml(streamed)


def test_an_awardee_straddling_a_window_cut_is_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Windows of 1,000 characters, names of 1,500: every name passes a window's end.
    monkeypatch.setattr(_stream, "WINDOW", 1000)
    names = [f"Người {i} " + "Văn" * 500 for i in range(5)]
    context = contexts(tmp_path, names)["certificate"]
    template = builtin_template("certificate", "state")
    streamed = render_docx(template, context)
    assert streamed == whole_string_docx(template, context)
    texts = paragraph_texts(streamed)
    assert all(any(text.endswith(name) for text in texts) for name in names)


_PIECES = [*"aăâbđeêoơuưyỹ ĐÊ<>&/\"'\n\t{}%p:w", "<w:p", "<w:p>", "\n<w:p ", "<w:pg", "\r\n"]


@pytest.fixture(scope="module")
def base_certificate(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return contexts(tmp_path_factory.mktemp("round"), people(1))["certificate"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    size=st.integers(min_value=1, max_value=4000),
    names=st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join), min_size=1, max_size=6),
)
def test_any_window_size_and_any_names_give_the_same_bytes(
    size: int, names: list[str], base_certificate: dict[str, Any]
) -> None:
    # Straight into the engine: the names need not pass the data file's checks.
    (one,) = base_certificate["certificates"]
    context = {**base_certificate, "certificates": [{**one, "person": name, "name": name} for name in names]}
    template = builtin_template("certificate", "state")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_stream, "WINDOW", size)
        assert render_docx(template, context) == whole_string_docx(template, context)


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
def test_no_certificates_is_the_empty_document_as_before(window: int, tmp_path: Path) -> None:
    context = {**contexts(tmp_path, people(1))["certificate"], "certificates": []}
    template = builtin_template("certificate", "state")
    streamed = render_docx(template, context)
    assert streamed == whole_string_docx(template, context)
    assert not any(text.strip() for text in paragraph_texts(streamed))


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
@pytest.mark.parametrize(
    ("top", "left", "keep_frame"), [(5.0, -3.0, True), (0.0, 0.0, False), (-2.5, 4.0, False)]
)
def test_the_form_offsets_apply_per_window_as_they_did_whole(
    top: float, left: float, keep_frame: bool, window: int, tmp_path: Path
) -> None:
    context = contexts(tmp_path, people(12))["certificate"]
    template = builtin_template("certificate", "state")
    post = partial(adapt_for_form, top_mm=top, left_mm=left, keep_frame=keep_frame)
    streamed = render_docx(template, context, post_process=post)
    assert streamed == whole_string_docx(template, context, post)
    assert ("<w:pgBorders" in document_xml(streamed)) == keep_frame


# --- drawings -------------------------------------------------------------------------------

_LOGO = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="9525" cy="9525"/>'
    '<wp:docPr id="1" name="Logo"/></wp:inline></w:drawing></w:r>'
)


def with_logo(folder: Path) -> Path:
    """The built-in certificate with a drawing after each awardee's name."""
    source = builtin_template("certificate", "state")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "certificate-state.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                run = re.search(r"<w:r>(?:(?!<w:r>).)*?\{\{ c\.name \}\}</w:t></w:r>", xml)
                assert run is not None
                xml = xml[: run.end()] + _LOGO + xml[run.end() :]
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
def test_drawing_ids_are_unique_across_windows(window: int, tmp_path: Path) -> None:
    template = with_logo(tmp_path / "mau")
    context = contexts(tmp_path, people(40))["certificate"]
    streamed = render_docx(template, context)
    assert streamed == whole_string_docx(template, context)
    ids = re.findall(r'<wp:docPr id="(\d+)"', document_xml(streamed))
    assert ids == [str(i) for i in range(1, 41)]


# --- a template whose tags cut the structure -------------------------------------------------


def broken_for(folder: Path, who: str) -> Path:
    """The certificate template with an ``if`` opened in a paragraph and closed in a table cell:
    false for ``who`` only, whose certificate then cuts the table (the check would refuse
    such a template; this one stands for a fault it misses)."""
    source = builtin_template("certificate", "state")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "certificate-state.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = xml.replace("{{ c.reason }}", f"{{% if c.name != '{who}' %}}{{{{ c.reason }}}}")
                xml = xml.replace("{{ place_date }}", "{{ place_date }}{% endif %}")
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
@pytest.mark.parametrize("position", [1, 37, 60])
def test_a_fault_in_any_window_is_the_message_it_always_was(position: int, window: int, tmp_path: Path) -> None:
    # A control character straight into the engine (the data file's checks would remove it).
    context = contexts(tmp_path, people(60))["certificate"]
    bad = context["certificates"][position - 1]
    context["certificates"][position - 1] = {**bad, "name": bad["name"] + "\x01"}
    template = builtin_template("certificate", "state")
    with pytest.raises(TemplateError) as whole:
        whole_string_docx(template, context)
    with pytest.raises(TemplateError) as streamed:
        render_docx(template, context)
    assert "dựng ra nội dung hỏng ở phần word/document.xml" in streamed.value.message
    assert (streamed.value.message, streamed.value.hint) == (whole.value.message, whole.value.hint)
    assert streamed.value.hint is not None and f"Người {position}\x01”" in streamed.value.hint


def _edited(folder: Path, edit: Callable[[str], str]) -> Path:
    source = builtin_template("certificate", "state")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "certificate-state.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, edit(data.decode("utf-8")).encode("utf-8") if info.filename == "word/document.xml" else data)
    return target


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
@pytest.mark.parametrize(
    "edit",
    [
        # The body left open: found only when the document ends, in the last window.
        lambda xml: xml.replace("</w:body>", "{% if certificates|length > 1000 %}</w:body>{% endif %}"),
        # The page set-up left open after the last certificate.
        lambda xml: xml.replace("</w:sectPr>", "{% if certificates|length > 1000 %}</w:sectPr>{% endif %}"),
    ],
)
def test_a_fault_found_at_the_end_is_the_message_it_always_was(
    edit: Callable[[str], str], window: int, tmp_path: Path
) -> None:
    template = _edited(tmp_path / "mau", edit)
    context = contexts(tmp_path, people(40))["certificate"]
    with pytest.raises(TemplateError) as whole:
        whole_string_docx(template, context)
    with pytest.raises(TemplateError) as streamed:
        render_docx(template, context)
    assert "dựng ra nội dung hỏng ở phần word/document.xml" in streamed.value.message
    assert (streamed.value.message, streamed.value.hint) == (whole.value.message, whole.value.hint)


@pytest.mark.parametrize("window", [2000, _stream.WINDOW], indirect=True)
def test_a_template_that_cuts_the_table_on_one_certificate_writes_nothing(
    window: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import draftkit.template_tools

    monkeypatch.setattr(
        draftkit.template_tools, "ensure_template_ok", lambda *args: draftkit.template_tools.TemplateVerdict([], [])
    )
    names = people(30)
    context = contexts(tmp_path / "c", names)["certificate"]
    template = broken_for(tmp_path / "mau", context["certificates"][19]["name"])
    with pytest.raises(TemplateError):
        whole_string_docx(template, context)
    data = round_file(tmp_path / "data", names)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["render", str(data), "-o", str(out), "--templates", str(tmp_path / "mau")])
    assert result.exit_code == 1, result.output
    assert "dựng ra nội dung hỏng" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []


# --- split files ------------------------------------------------------------------------------


@pytest.mark.parametrize("window", [1, _stream.WINDOW], indirect=True)
def test_split_files_take_the_same_path_and_the_same_bytes(window: int, tmp_path: Path) -> None:
    context = contexts(tmp_path, list(TRICKY) + people(3))["certificate"]
    template = with_logo(tmp_path / "mau")
    singles = list(render_docx_each(template, ({**context, "certificates": [c]} for c in context["certificates"])))
    expected = [whole_string_docx(template, {**context, "certificates": [c]}) for c in context["certificates"]]
    assert [document_xml(s) for s in singles] == [document_xml(e) for e in expected]
    assert [paragraph_texts(s) for s in singles] == [paragraph_texts(e) for e in expected]


# --- progress -------------------------------------------------------------------------------


@pytest.mark.parametrize("window", WINDOWS, indirect=True)
@pytest.mark.parametrize("count", [0, 1, 25])
def test_progress_goes_up_and_ends_at_the_total(count: int, window: int, tmp_path: Path) -> None:
    context = contexts(tmp_path, people(max(count, 1)))["certificate"]
    context = {**context, "certificates": context["certificates"][:count]}
    calls: list[tuple[int, int]] = []
    streamed = render_docx(
        builtin_template("certificate", "state"), context, progress=lambda d, t: calls.append((d, t)), counted="certificates"
    )
    assert streamed == whole_string_docx(builtin_template("certificate", "state"), context)
    assert calls[0] == (0, count) and calls[-1] == (count, count)
    assert all(total == count for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    if window == 1 and count > 1:
        assert len(set(done)) > 2  # reported along the way, not only at the ends


class _Recorder:
    """A progress display (progress.Steps) that hands every (done, total) to ``record``."""

    def __init__(self, record: Callable[[tuple[int, int]], object]) -> None:
        self.record = record
        self.labels: list[str] = []

    @contextmanager
    def step(self, label: str) -> Iterator[Callable[[int, int], None]]:
        self.labels.append(label)
        yield lambda done, total: self.record((done, total)) and None


@pytest.mark.parametrize("split", [False, True])
def test_render_reports_progress_of_the_certificates(split: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_stream, "WINDOW", 2000)
    data = round_file(tmp_path / "data", people(12))
    calls: list[tuple[int, int]] = []
    render_file(data, tmp_path / "out", split=split, progress=_Recorder(calls.append))
    total = 24 if split else 12
    assert calls[-1] == (total, total)
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done) and len(set(done)) > 3


def test_stopping_from_the_progress_callback_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_stream, "WINDOW", 2000)
    data = round_file(tmp_path / "data", people(12))

    def interrupt(done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render_file(data, tmp_path / "out", progress=_Recorder(lambda call: interrupt(*call)))
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# --- the cutter itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("<w:body>\n<w:p>a</w:p>\n<w:p w:x='1'>b</w:p>", 21),
        ("<w:body>\n<w:p>a</w:p>\n<w:pgBorders/>", 8),  # not before a page border
        ("\n<w:p>a</w:p>", -1),  # nothing before the only paragraph
        ("<w:body>\n<w:p", -1),  # the next letter is not known yet
        ("no paragraph at all", -1),
    ],
)
def test_windows_are_cut_just_before_a_paragraph_start(text: str, cut: int) -> None:
    assert _stream.paragraph_cut(text) == cut


@given(chunks=st.lists(st.sampled_from(["\n<w:p>", "x", "é" * 7, "\n<w:pgMar/>", "</w:p>", "\n<w:p "]), max_size=60),
       size=st.integers(min_value=1, max_value=50))
def test_windows_keep_every_character_in_order(chunks: list[str], size: int) -> None:
    pieces = list(_stream.windows(iter(chunks), size))
    assert "".join(pieces) == "".join(chunks)
    assert all(piece for piece in pieces)
    assert all(re.match(r"\n<w:p[ >]", piece) for piece in pieces[1:])

"""The one door to docxtpl, Jinja2 and python-docx for rendering.

Rendering is strict (an undefined variable is an error, never a blank), escaped (every
string comes out exactly: ``&``, ``<``, ``{{ }}``, line breaks, tabs, leading spaces) and
sandboxed (a template cannot reach Python internals or files). Errors come back as
:class:`TemplateError` naming the template and the paragraph around the faulty tag.

docxtpl supplies what it does best: ``patch_xml``, which turns the tags Word scattered
across runs (and the ``{%p %}``/``{%tr %}`` paragraph and row tags) back into Jinja. The
rest is done here, on the XML text, because docxtpl's own render re-parses and re-writes
the whole document several times: fine for a report, but 10,000 certificates took 10 s
and 1 GB that way, against well under a second and a few hundred MB this way.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import CodeType, TracebackType
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from draftkit.errors import TemplateError

from ._limits import (
    BoundedEnvironment,
    LimitError,
    RenderTimeout,
    data_items,
    environment_fingerprint,
    forbidden_filter_message,
    output_limit,
    render_seconds,
    time_limit,
)
from ._package import (
    clean_template,
    container_problem,
    finish_tags,
    prepare_xml,
    prepared_problem,
    zip_problem,
)
from ._stream import DrawingIds, windows, write_part

# Parts of a .docx that hold text a template may fill.
_RENDERED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")

# docxtpl's escapes for template authors ({_{ prints "{{"), applied to the template source
# so that they can never alter a value that happens to contain them.
_AUTHOR_ESCAPES = (
    ("{_{", "{{ '{{' }}"),
    ("}_}", "{{ '}}' }}"),
    ("{_%", "{{ '{%' }}"),
    ("%_}", "{{ '%}' }}"),
)

# A value's line break becomes a Word line break, a tab a Word tab, inside the same run.
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_TAGS = re.compile(r"<[^>]+>")



def _finalize(value: Any) -> Any:
    """Turn line breaks and tabs in a value into Word's, after escaping the rest."""
    if isinstance(value, str) and not isinstance(value, Markup) and ("\n" in value or "\t" in value or "\r" in value):
        text = str(escape(value.replace("\r\n", "\n").replace("\r", "\n")))
        return Markup(text.replace("\n", _BREAK).replace("\t", _TAB))
    return value


def make_environment() -> BoundedEnvironment:
    """Jinja's immutable sandbox (a template cannot change the data), strict, escaped, bounded."""
    return BoundedEnvironment(undefined=StrictUndefined, autoescape=True, finalize=_finalize)


@dataclass(frozen=True)
class CompiledTemplate:
    """A .docx template read and compiled once: its zip members and one Jinja template per part."""

    name: str
    members: tuple[tuple[zipfile.ZipInfo, bytes], ...]
    parts: dict[str, tuple[Template, list[str]]]  # part name -> (template, source lines)
    notices: tuple[str, ...] = ()  # what was removed from the template (macros, attached template)


def _prepare(xml: str, name: str = "") -> str:
    from docxtpl import DocxTemplate

    # patch_xml uses no instance state, so a bare instance serves. What Word and
    # LibreOffice do to tags is undone around it (_package.prepare_xml, finish_tags).
    source: str = finish_tags(DocxTemplate.__new__(DocxTemplate).patch_xml(prepare_xml(xml, name)), name)
    for escape_tag, literal in _AUTHOR_ESCAPES:
        source = source.replace(escape_tag, literal)
    # Keep spaces at the edges of a value, as typed.
    source = source.replace("<w:t>", '<w:t xml:space="preserve">')
    # One paragraph per source line, so that a Jinja line number names a paragraph.
    source = _PARAGRAPH_START.sub(r"\n<w:p\1", source)
    problem = prepared_problem(name, source)  # here, so that templates check says it too
    if problem is not None:
        raise problem
    return source


# Preparing a part needs docxtpl, whose import (python-docx with it) is a third of the
# start-up of a one-report run, and compiling it runs Jinja's parser and code generator
# (~10 ms for a report). A small disk cache, keyed by the part's bytes, keeps the prepared
# source and the compiled code (marshalled, as Jinja's own bytecode cache does), so a
# template that has not changed since the last run skips both.
#
# The cache is an optimisation only. Each entry starts with the SHA-256 of its content, so
# a damaged or half-written entry is never used (marshal would run damaged code or crash);
# any entry that cannot be read or checked is ignored and written again.


def _cache_files(xml: bytes) -> tuple[Path, Path] | None:
    """Where the prepared source and the compiled code of this part are cached."""
    folder = _cache_folder()
    if folder is None:
        return None
    key = hashlib.sha256(_cache_salt() + xml).hexdigest()
    return folder / f"{key}.xml", folder / f"{key}.code"


def prepared_source(xml: bytes, name: str = "") -> str:
    """The Jinja source that rendering compiles for a part (``templates check`` reads it)."""
    files = _cache_files(xml)
    return _prepared_source(xml, files[0] if files else None, name)


def _prepared_source(xml: bytes, cached: Path | None, name: str = "") -> str:
    data = _read_cached(cached)
    if data is not None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    source = _prepare(xml.decode("utf-8"), name)
    _write_cached(cached, source.encode("utf-8"))
    return source


def _compiled_code(env: BoundedEnvironment, source: str, cached: Path | None) -> CodeType:
    data = _read_cached(cached)
    if data is not None:
        try:
            code = marshal.loads(data)
        except Exception:  # marshal raises several kinds on bad input; any means "rebuild"
            code = None
        if isinstance(code, CodeType):
            return code
    code = env.compile(source)
    _write_cached(cached, marshal.dumps(code))
    return code


def _read_cached(path: Path | None) -> bytes | None:
    """The entry's content if it is there and intact, else None."""
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, content = data[:32], data[32:]
    return content if hashlib.sha256(content).digest() == digest else None


def _write_cached(path: Path | None, content: bytes) -> None:
    if path is None:
        return
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A unique temporary name, then an atomic rename: two runs writing the same entry
        # (a shared home folder, containers with the same pid) never mix their bytes.
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.stem[:16], suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(hashlib.sha256(content).digest() + content)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _cache_folder() -> Path | None:
    if os.environ.get("DRAFTKIT_NO_CACHE", "") not in ("", "0"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("draftkit", appauthor=False)) / "prepared"


@lru_cache(maxsize=1)
def _cache_salt() -> bytes:
    """What else decides the cached source and code: draftkit's version, this file and
    docxtpl's (by size and time, so that an edited draftkit never runs old code), Jinja's
    version and the Python bytecode format."""
    from importlib.util import MAGIC_NUMBER, find_spec

    import jinja2

    from draftkit import __version__

    # find_spec of "docxtpl.template" would import docxtpl, the very cost being saved.
    spec = find_spec("docxtpl")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    docxtpl_file = Path(folders[0]) / "template.py" if folders else None
    package = Path(__file__).with_name("_package.py")  # prepare_xml and finish_tags
    stamps = "|".join(_stamp(path) for path in (Path(__file__), package, docxtpl_file))
    engine = environment_fingerprint()
    return f"{_CACHE_FORMAT}|{__version__}|{stamps}|{jinja2.__version__}|{engine}|".encode() + MAGIC_NUMBER


def _stamp(path: Path | None) -> str:
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        stat = None
    return f"{stat.st_mtime_ns}:{stat.st_size}" if stat is not None else "?"


_CACHE_FORMAT = 4  # bump when the layout of a cache entry changes


def compile_template(path: Path, name: str | None = None) -> CompiledTemplate:
    """Read and compile ``path``; cached while the file is unchanged."""
    stat = path.stat()
    return _compile_cached(path.resolve(), stat.st_mtime_ns, stat.st_size, name or path.name)


@lru_cache(maxsize=32)
def _compile_cached(path: Path, _mtime: int, _size: int, name: str) -> CompiledTemplate:
    members = read_members(path, name)
    members, notices = _clean_cached(members, name)
    env = make_environment()
    parts: dict[str, tuple[Template, list[str]]] = {}
    for info, data in members:
        if _RENDERED_PARTS.match(info.filename):
            parts[info.filename] = _compile_checked(env, data, name, info.filename)
    if "word/document.xml" not in parts:
        raise TemplateError(f"Mẫu {name} không có phần nội dung (word/document.xml).")
    return CompiledTemplate(name=name, members=tuple(members), parts=parts, notices=tuple(notices))


_CLEAN = b"clean"


def _clean_cached(members: list[tuple[zipfile.ZipInfo, bytes]], name: str) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], list[str]]:
    """:func:`clean_template`, with its verdict kept in the cache: a template whose exact
    parts were found clean before (well formed, nothing to remove, nothing to say) is not
    parsed again. Parsing every part is ~45 ms, most of a one-report run's rendering."""
    from . import _package

    folder = _cache_folder()
    marker = None
    if folder is not None:
        digest = hashlib.sha256(_cache_salt() + _stamp(Path(_package.__file__)).encode())
        for info, data in members:
            digest.update(b"%s\0%d\0" % (info.filename.encode("utf-8", "surrogateescape"), len(data)))
            digest.update(data)
        marker = folder / f"{digest.hexdigest()}.clean"
        if _read_cached(marker) == _CLEAN:
            return members, []
    cleaned, notices = clean_template(members, name)
    unchanged = len(cleaned) == len(members) and all(a[1] is b[1] for a, b in zip(cleaned, members, strict=True))
    if not notices and unchanged:
        _write_cached(marker, _CLEAN)
    return cleaned, notices


def open_template_zip(path: Path, name: str) -> zipfile.ZipFile:
    """The template's zip, once its sizes are known to be safe to unpack."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        other = container_problem(path)
        if other is not None:
            raise TemplateError(f"Không dùng được mẫu {name}: tệp {other}.") from None
        raise TemplateError(f"Không mở được mẫu {name}: không phải tệp .docx hợp lệ ({exc}).") from None
    problem = zip_problem(archive)
    if problem is not None:
        archive.close()
        raise TemplateError(f"Không dùng được mẫu {name}: tệp {problem}.")
    return archive


def read_members(path: Path, name: str) -> list[tuple[zipfile.ZipInfo, bytes]]:
    members = []
    with open_template_zip(path, name) as archive:
        for info in archive.infolist():
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise damaged(name, info.filename, exc) from None
            members.append((info, data))
    return members


def template_notices(path: Path, name: str | None = None) -> tuple[str, ...]:
    """What was removed from the template at ``path`` before rendering, for warnings."""
    return compile_template(path, name).notices


def _compile_checked(
    env: BoundedEnvironment, data: bytes, name: str, part: str
) -> tuple[Template, list[str]]:
    files = _cache_files(data)
    try:
        source = _prepared_source(data, files[0] if files else None, name)
    except UnicodeDecodeError as exc:
        raise damaged(name, part, exc) from None
    try:
        code = _compiled_code(env, source, files[1] if files else None)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"Mẫu {name} có lỗi cú pháp: {_vietnamese(exc)}",
            hint=_where(source.splitlines(), exc.lineno),
        ) from None
    template = env.template_class.from_code(env, code, env.make_globals(None))
    return template, source.splitlines()


def damaged(name: str, part: str, exc: Exception) -> TemplateError:
    return TemplateError(
        f"Mẫu {name} bị hỏng (phần {part}: {exc}).",
        hint="Mở mẫu bằng Word hoặc LibreOffice và lưu lại, hoặc chép lại mẫu có sẵn.",
    )


Progress = Callable[[int, int], None]


def render_docx(
    template: Path,
    context: dict[str, Any],
    *,
    name: str | None = None,
    post_process: Callable[[str], str] | None = None,
    progress: Progress | None = None,
    counted: str | None = None,
) -> bytes:
    """Render ``template`` with ``context`` and return the .docx bytes.

    ``post_process`` may rewrite the rendered ``word/document.xml`` (page set-up changes
    that a template cannot express with tags). The part is written as it renders, a window
    of about a megabyte at a time (see :mod:`._stream`), so ``post_process`` gets one window
    at a time, each cut just before a paragraph start: it must only rewrite what lies
    between two paragraph starts (a tag, a ``<w:sectPr>``).

    ``progress`` is called with (items done, items in all) about once per window and last
    with (all, all), where the items are those of the list ``context[counted]`` (the
    certificates of a round) that the template has reached.
    """
    compiled = compile_template(template, name)
    items = data_items(context)  # once: walking a 30,000-row list per part is not free
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in compiled.members:
            if info.filename in compiled.parts:
                _write_rendered(out, compiled, info, context, items, post_process, progress, counted)
            else:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def render_docx_each(
    template: Path,
    contexts: Iterable[dict[str, Any]],
    *,
    name: str | None = None,
    post_process: Callable[[str], str] | None = None,
) -> Iterator[bytes]:
    """One .docx per context, for offices that want one file per person (see
    :func:`docx_maker`, which makes them one at a time, when asked)."""
    make = docx_maker(template, name=name, post_process=post_process)
    for context in contexts:
        yield make(context)


def docx_maker(
    template: Path,
    *,
    name: str | None = None,
    post_process: Callable[[str], str] | None = None,
) -> Callable[[dict[str, Any]], bytes]:
    """A function that renders one .docx of ``template`` per context it is given.

    The template is compiled once, and every part but the rendered ones is compressed once
    into a base package; each file is a copy of that base with its rendered parts appended,
    so the unchanged parts (styles, fonts, images) are never compressed again. The rendered
    parts go through the same streaming writer as :func:`render_docx`. Nothing of a file
    is kept once it is returned: ``--split`` makes each file as it writes it.
    """
    compiled = compile_template(template, name)
    base = io.BytesIO()
    with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in compiled.members:
            if info.filename not in compiled.parts:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    base_bytes = base.getvalue()
    rendered = [info for info, _ in compiled.members if info.filename in compiled.parts]

    def make(context: dict[str, Any]) -> bytes:
        buffer = io.BytesIO(base_bytes)
        items = data_items(context)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out:
            for info in rendered:
                _write_rendered(out, compiled, info, context, items, post_process, None, None)
        return buffer.getvalue()

    return make


def _write_rendered(
    out: zipfile.ZipFile,
    compiled: CompiledTemplate,
    info: zipfile.ZipInfo,
    context: dict[str, Any],
    items: int,
    post_process: Callable[[str], str] | None,
    progress: Progress | None,
    counted: str | None,
) -> None:
    """Render one part into ``out`` as Jinja produces it: checked to be well-formed XML,
    bounded in size while it streams out of Jinja, and in time (``items``: see
    :func:`data_items`)."""
    part = info.filename
    jinja_template, lines = compiled.parts[part]
    env = jinja_template.environment
    assert isinstance(env, BoundedEnvironment)
    seconds = render_seconds(items)
    limit = output_limit(info.file_size, items)  # the template's member: its own size
    rewrite: Callable[[str], str] | None = None
    after_piece: Callable[[], None] | None = None
    finished: Callable[[], None] | None = None
    if part == "word/document.xml":
        rewrite = _document_rewrite(post_process)
        if progress is not None:
            context, after_piece, finished = _counting(context, counted, progress)
    try:
        with time_limit(seconds, env):
            pieces = windows(
                jinja_template.generate(context),
                limit=limit,
                failed=lambda exc: _render_error(compiled.name, exc, lines),
            )
            write_part(out, info, pieces, name=compiled.name, rewrite=rewrite, after_piece=after_piece)
    except RenderTimeout as exc:
        raise _render_error(compiled.name, exc, lines, seconds) from None
    if finished is not None:
        finished()


def _document_rewrite(post_process: Callable[[str], str] | None) -> Callable[[str], str]:
    """Drawing ids made unique (one counter across windows), then the page changes."""
    drawings = DrawingIds()
    if post_process is None:
        return drawings
    after = post_process
    return lambda xml: after(drawings(xml))


class _Counted(list[Any]):
    """A context list that counts the items a template has taken from it, for progress."""

    __slots__ = ("taken",)

    def __init__(self, items: Iterable[Any]) -> None:
        super().__init__(items)
        self.taken = 0

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            self.taken += 1
            yield item


def _counting(
    context: dict[str, Any], counted: str | None, progress: Progress
) -> tuple[dict[str, Any], Callable[[], None], Callable[[], None]]:
    """The context to render, what to call after each window and what to call at the end.

    Reports never go backwards and never pass the total (a template may loop twice)."""
    items = context.get(counted) if counted is not None else None
    tracked = _Counted(items) if isinstance(items, list) else None
    total = len(tracked) if tracked is not None else 0
    reported = 0
    progress(0, total)

    def after_window() -> None:
        nonlocal reported
        taken = min(tracked.taken, total) if tracked is not None else 0
        if taken > reported:
            reported = taken
            progress(taken, total)

    def finished() -> None:
        if reported < total or total == 0:
            progress(total, total)

    if tracked is not None and counted is not None:
        context = {**context, counted: tracked}
    return context, after_window, finished


def _template_line(tb: TracebackType | None) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _render_error(name: str, exc: BaseException, lines: list[str], seconds: float = 0.0) -> TemplateError:
    where = _where(lines, _template_line(exc.__traceback__))
    if isinstance(exc, RenderTimeout):
        return TemplateError(
            f"Mẫu {name} chạy quá {seconds:.0f} giây mà chưa xong (có vòng lặp quá lớn hoặc không dừng?).",
            hint=where,
        )
    if isinstance(exc, LimitError):
        return TemplateError(f"Mẫu {name} {exc}", hint=where)
    if isinstance(exc, MemoryError):
        return TemplateError(f"Mẫu {name} cần quá nhiều bộ nhớ để dựng (có vòng lặp hoặc phép nhân quá lớn?).", hint=where)
    if isinstance(exc, RecursionError):
        return TemplateError(f"Mẫu {name} gọi lồng nhau quá sâu (macro tự gọi lại chính nó?).", hint=where)
    if isinstance(exc, UndefinedError):
        return TemplateError(f"Mẫu {name} dùng biến không có trong dữ liệu: {_vietnamese(exc)}", hint=where)
    if isinstance(exc, SecurityError):
        return TemplateError(f"Mẫu {name} dùng lệnh không được phép (vì an toàn): {_security(exc)}", hint=where)
    return TemplateError(f"Mẫu {name} không dựng được: {exc}.", hint=where)


def _security(exc: BaseException) -> str:
    match = re.search(r"access to attribute '([^']+)' of '(\w+)' object is unsafe", str(exc))
    if match and not match.group(1).startswith("_"):
        return (
            f"“{match.group(1)}” sẽ sửa dữ liệu ({match.group(2)}); mẫu chỉ được đọc dữ liệu, "
            f"không được thay đổi nó ({exc})."
        )
    return f"{exc}."


def _vietnamese(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    forbidden = forbidden_filter_message(message)
    if forbidden is not None:
        return forbidden
    match = re.match(r"'([^']+)' is undefined", message)
    if match:
        return f"“{match.group(1)}” chưa được định nghĩa."
    match = re.match(r"'([^']+)' has no attribute '([^']+)'", message)
    if match:
        return f"“{match.group(1)}” không có thuộc tính “{match.group(2)}”."
    return f"{message}."


def _where(lines: list[str], lineno: int | None) -> str | None:
    """The text of the paragraph a Jinja line number points at."""
    if lineno is None or not lines:
        return None
    index = min(max(lineno - 1, 0), len(lines) - 1)
    text = _TAGS.sub("", lines[index]).strip()
    if not text:
        return None
    return f"Ở đoạn: “{text[:200]}”"


_PAGE_MARGINS = re.compile(r"<w:pgMar\b[^>]*/>")
_PAGE_BORDERS = re.compile(r"<w:pgBorders\b.*?</w:pgBorders>", re.DOTALL)
_MARGIN_ATTR = re.compile(r'(w:(top|bottom|left|right)=")(-?\d+)(")')
_MM_TO_TWIPS = 1440 / 25.4


def adapt_for_form(xml: str, top_mm: float, left_mm: float, keep_frame: bool) -> str:
    """Fit rendered pages to pre-printed forms: shift everything, drop the drawn frame.

    Moving the margins moves every line by the same distance, so a printer that feeds the
    form a few millimetres off is corrected without touching the template.
    """

    deltas = {"top": top_mm, "bottom": -top_mm, "left": left_mm, "right": -left_mm}

    def moved(match: re.Match[str]) -> str:
        twips = int(match.group(3)) + round(deltas[match.group(2)] * _MM_TO_TWIPS)
        return f"{match.group(1)}{max(twips, 0)}{match.group(4)}"

    def shift(match: re.Match[str]) -> str:
        return _MARGIN_ATTR.sub(moved, match.group(0))

    xml = _PAGE_MARGINS.sub(shift, xml)
    return xml if keep_frame else _PAGE_BORDERS.sub("", xml)

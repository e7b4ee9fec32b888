"""Rendered parts written into the .docx as they come out of Jinja, never held whole.

A 30,000-awardee certificates part is ~200 MB of XML. Built as one str (2 bytes per
character: Vietnamese letters force Python's 2-byte form), copied by a replace and then
encoded, it took ~850 MiB. Here Jinja's output is cut into windows of about
:data:`WINDOW` characters, and each window is renumbered, post-processed, encoded, checked
by an incremental XML parser and deflated into its zip member, then dropped.

Every window ends just before a paragraph start (``\\n<w:p `` or ``\\n<w:p>``, which
rendering's preparation puts before every paragraph; not ``\\n<w:pgBorders``). What is
rewritten per window is therefore always whole inside one window: a drawing's
``<wp:docPr>`` tag, the page set-up (a ``<w:sectPr>`` holds no paragraph) and the
``\\n<w:p`` the writer removes again. The document is byte for byte the one rendering it
whole gave (tests/test_streaming.py compares the two).
"""

from __future__ import annotations

import copy
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from xml.parsers import expat

from draftkit.errors import TemplateError

from ._limits import too_large
from ._package import rendered_error

WINDOW = 1 << 20  # characters; ~1 MB keeps the peak flat and the per-window costs negligible

# What rendering's preparation puts before each paragraph (one paragraph per line), and what
# the written part must not keep.
_LINE_START = "\n<w:p"
_LINE_START_BYTES = _LINE_START.encode()
_DOC_PR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')


def paragraph_cut(text: str, start: int = 1) -> int:
    """Where the last paragraph of ``text`` starts (its ``\n``), at ``start`` or after; -1
    when there is none (one at the very end, whose next letter is unknown, does not count)."""
    end = len(text)
    while True:
        index = text.rfind(_LINE_START, start, end)
        if index < 0:
            return -1
        if text[index + len(_LINE_START) : index + len(_LINE_START) + 1] in (" ", ">"):
            return index
        end = index  # "\n<w:pgBorders", or the end of the text: look further back


def windows(
    chunks: Iterable[str],
    size: int | None = None,
    *,
    limit: int | None = None,
    failed: Callable[[Exception], BaseException] | None = None,
) -> Iterator[str]:
    """``chunks`` regrouped into pieces of at least about ``size`` (:data:`WINDOW`)
    characters, each cut just before a paragraph start (the last piece ends where the text
    does).

    The cut is looked for inside Jinja's chunks (a paragraph start is template text, never
    split between two chunks by a value), so that the text is joined once, into the piece.
    Past ``limit`` characters in all, :func:`too_large` is raised (checked once per window:
    at most a window late). ``failed`` turns what ``chunks`` raises (Jinja's errors) into
    the error to raise instead; it is applied here, in one ``try`` around the loop, rather
    than by a wrapper per chunk: a round is a million chunks.
    """
    size = WINDOW if size is None else size
    pending: list[str] = []
    length = 0  # characters in ``pending``
    target = size
    given = 0  # characters yielded so far
    searched = 0  # chunks of ``pending`` known to hold no cut
    try:
        for chunk in chunks:
            pending.append(chunk)
            length += len(chunk)
            if length < target:
                continue
            if limit is not None and given + length > limit:
                raise too_large(limit)
            index, cut = _last_cut(pending, searched)
            if cut < 0:
                # Nothing to cut at yet: wait for another window's worth before searching
                # the new chunks, so that a paragraph-less stretch is not searched over again.
                searched = len(pending)
                target = length + size
                continue
            head = pending[:index]
            head.append(pending[index][:cut])
            piece = "".join(head)
            pending = [pending[index][cut:], *pending[index + 1 :]]
            length -= len(piece)
            given += len(piece)
            searched = 0
            target = length + size
            yield piece
        if limit is not None and given + length > limit:
            raise too_large(limit)
    except Exception as exc:
        if failed is None:
            raise
        raise failed(exc) from None
    text = "".join(pending)
    if text:
        yield text


def _last_cut(chunks: list[str], searched: int) -> tuple[int, int]:
    """(chunk, position) of the last paragraph start in ``chunks[searched:]``, not at the very
    beginning of the first chunk (a piece is never empty); (-1, -1) when there is none."""
    for index in range(len(chunks) - 1, searched - 1, -1):
        cut = paragraph_cut(chunks[index], 1 if index == 0 else 0)
        if cut >= 0:
            return index, cut
    return -1, -1


class DrawingIds:
    """Gives every drawing a unique id across windows: a logo repeated per certificate must
    not share one (Word reports the file as damaged)."""

    def __init__(self) -> None:
        self._next = itertools.count(1)

    def __call__(self, xml: str) -> str:
        return _DOC_PR_ID.sub(self._renumber, xml)

    def _renumber(self, match: re.Match[str]) -> str:
        return f"{match.group(1)}{next(self._next)}{match.group(3)}"


class WellFormed:
    """Checks a part for well-formed XML as it is written, piece by piece (expat keeps only
    an unfinished tag between pieces), so that a template whose tags cut the document's
    structure is a message, never a corrupt .docx.

    Only the last two pieces are kept, to quote the paragraph where the parser stopped.
    """

    def __init__(self, name: str, part: str) -> None:
        self._parser = expat.ParserCreate()
        self._name = name
        self._part = part
        self._previous = b""
        self._current = b""
        self._offset = 0  # bytes before ``_previous``

    def feed(self, data: bytes) -> None:
        self._offset += len(self._previous)
        self._previous, self._current = self._current, data
        self._parse(data, final=False)

    def close(self) -> None:
        self._parse(b"", final=True)

    def _parse(self, data: bytes, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as exc:
            reason = expat.errors.messages.get(exc.code, str(exc)) if exc.code else str(exc)
            raise rendered_error(self._name, self._part, reason, self._line()) from None

    def _line(self) -> bytes:
        """The line (paragraph) holding the parser's error, found by its byte offset: cheaper
        than counting every line break of a part on the way."""
        text = self._previous + self._current
        index = self._parser.ErrorByteIndex - self._offset
        if not 0 <= index <= len(text):
            return b""
        end = text.find(b"\n", index)
        return text[text.rfind(b"\n", 0, index) + 1 : end if end >= 0 else len(text)]


def encoded(name: str, xml: str) -> bytes:
    try:
        return xml.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate that came through the data
        bad = xml[exc.start : exc.end]
        raise TemplateError(
            f"Dữ liệu có ký tự không hợp lệ (U+{ord(bad[0]):04X}) nên không dựng được văn bản theo mẫu {name}.",
            hint="Gõ lại đoạn chữ đó (thường do dán từ một tệp hỏng).",
        ) from None


def write_part(
    out: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    pieces: Iterable[str],
    *,
    name: str,
    rewrite: Callable[[str], str] | None = None,
    after_piece: Callable[[], None] | None = None,
) -> None:
    """Write the rendered ``pieces`` of ``info``'s part into ``out``, checked and deflated.

    ``rewrite`` changes each piece before it is checked (drawing ids, page set-up); it must
    only touch what lies between two paragraph starts. ``after_piece`` runs once per piece
    written (progress).
    """
    member = copy.copy(info)  # the template's own ZipInfo is shared by every render
    member.compress_type = zipfile.ZIP_DEFLATED
    member.file_size = 0  # unknown yet: a part over 2 GiB is refused below, never zip64
    check = WellFormed(name, info.filename)
    written = 0
    with out.open(member, "w") as dest:
        for piece in pieces:
            data = encoded(name, rewrite(piece) if rewrite is not None else piece)
            check.feed(data)
            data = data.replace(_LINE_START_BYTES, b"<w:p")
            written += len(data)
            if written > zipfile.ZIP64_LIMIT:
                raise TemplateError(
                    f"Mẫu {name} tạo ra phần {info.filename} lớn hơn 2 GB: Word không mở được văn bản lớn như vậy.",
                    hint="Chia danh sách thành nhiều đợt, mỗi đợt một tệp dữ liệu.",
                )
            dest.write(data)
            if after_piece is not None:
                after_piece()
        check.close()

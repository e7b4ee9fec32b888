"""``draftkit web``: the interview's questions as a local web page.

Framework: Starlette on uvicorn. Both are small, typed, maintained by the encode team
with frequent releases, pure Python (h11 for HTTP, no compiler needed on a clerk's
Windows), and need nothing else at run time but python-multipart for posted forms. A
full framework (Django) would bring an ORM and settings we do not use; Flask is WSGI and
would need a second server. Pages are built on the server from the model specs
(:mod:`.form`); the one script (static/app.js) only saves as the clerk types and
refreshes the preview (:mod:`.preview`).

Everything the page does goes through the same code as the CLI: the interview's specs,
parsers, draft files and writing (:mod:`.session`), ``validation.validate`` for the
messages, ``awardees.read_list`` for uploaded lists, ``output.write_atomic`` for every
file, so nothing is implemented twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from draftkit.errors import DraftkitError, InputError, Problem

from .form import field_words, form_path, render_list, render_section
from .preview import STYLESHEET, PageImages, page_image, preview_section
from .security import (
    MAX_FIELDS,
    MAX_FILES,
    MAX_PART_BYTES,
    TOO_LARGE,
    BodyTooLarge,
    Guard,
    GuardMiddleware,
    form_limit_message,
)
from .session import (
    EDIT_AWARDEES,
    FORCE_LABEL,
    KINDS,
    LIST_MARK,
    LIST_PAGE,
    TITLES,
    DraftEntry,
    ReadList,
    WebSession,
)
from .uploads import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, _free_name, _take_upload, upload_name

if TYPE_CHECKING:
    from pydantic import BaseModel

    from draftkit.interview.fields import FieldSpec

__all__ = ["MAX_UPLOAD_BYTES", "UPLOAD_SUFFIXES", "_free_name", "create_app", "upload_name"]

log = logging.getLogger("draftkit.web")

STATIC = Path(__file__).parent / "static"
MAX_DATA_BYTES = 5 * 1024 * 1024  # datafile.py's own limit for a data file is checked too


FOOTER = (
    "draftkit chạy ngay trên máy này: không cần mạng, không gửi gì ra ngoài.",
    "Muốn dừng: đóng cửa sổ dòng lệnh đang chạy draftkit web (hoặc nhấn Ctrl-C trong cửa sổ đó). "
    "Bản nháp được giữ; lần sau chạy lại draftkit web và bấm “Tiếp tục bản nháp”.",
)


def page(title: str, body: str) -> HTMLResponse:
    """Every page's frame: the header says where the clerk is, the footer how to stop."""
    footer = "".join(f"<p>{escape(line)}</p>" for line in FOOTER)
    return HTMLResponse(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light">'
        f"<title>{escape(title)} — draftkit</title>"
        '<link rel="stylesheet" href="/static/style.css"><script src="/static/app.js" defer></script>'
        '</head><body><header><a href="/" class="brand" title="Về trang đầu">draftkit</a> '
        f'<span class="where">{escape(title)}</span></header>'
        f'<main id="noi-dung">{body}</main><footer>{footer}</footer></body></html>'
    )


HTTP_MESSAGES = {
    400: "Trang gửi lên không đọc được (tệp tải lên bị hỏng hoặc quá nhiều tệp một lúc). Tải lại trang rồi thử lại.",
    404: "Không có trang hay tệp này.",
    405: "Trang này không mở trực tiếp được: quay lại trang đầu.",
    413: "Dữ liệu gửi lên quá lớn.",
}

STALE_MESSAGE = (
    "Trang này đã cũ: từ lúc mở trang, một văn bản khác đã được bắt đầu (có thể ở thẻ khác). "
    "Những gì trên trang này không được lưu, để không ghi đè lên văn bản đang soạn."
)


CSRF_MESSAGE = "Mã bảo vệ biểu mẫu (CSRF) không đúng: tải lại trang rồi thử lại."


def _stale_page() -> HTMLResponse:
    response = page(
        "Trang đã cũ",
        f'<div class="banner error"><p>{escape(STALE_MESSAGE)}</p></div>'
        '<p><a href="/form">Mở văn bản đang soạn</a> · <a href="/">Trang đầu</a></p>',
    )
    response.status_code = 409
    return response


def _csrf_input(guard: Guard) -> str:
    return f'<input type="hidden" name="_csrf" value="{escape(guard.csrf)}">'


def _where(problem: Problem, model: type[BaseModel] | None) -> str:
    """Where a problem is, in the clerk's words: the row or line, the column, and the field
    as the form labels it (never its name in the data-file format)."""
    parts = []
    if problem.line is not None:
        parts.append(f"dòng {problem.line}")
    if problem.column is not None:
        parts.append(f"cột “{problem.column}”")
    words = field_words(model, problem.field)
    if words:
        parts.append(words)
    return ", ".join(parts)


def _problem_list(problems: list[Problem], labels: bool = True, model: type[BaseModel] | None = None, page: int = 0) -> str:
    items = []
    for p in problems:
        target = form_path(p.field)
        where = _where(p, model)
        row = re.match(r"awardees\.(\d+)(\.|$)", target)
        # A person of a long list on another page than the one shown: that page, at the box.
        there = f"/form?trang={int(row.group(1)) // LIST_PAGE + 1}" if row and int(row.group(1)) // LIST_PAGE != page else ""
        if not where:
            link = ""
        elif labels and target:
            link = f' <a href="{there}#f-{escape(target.replace(".", "-"))}">({escape(where)})</a>'
        else:  # a file's rows and lines: said, not linked
            link = f" ({escape(where)})"
        hint = f"<br><span class=hint-fix>Gợi ý: {escape(p.hint)}</span>" if p.hint else ""
        items.append(f"<li>{escape(p.message)}{link}{hint}</li>")
    return f'<ul class="errors summary" role="alert">{"".join(items)}</ul>'


def create_app(guard: Guard, state: WebSession, images: PageImages | None = None) -> GuardMiddleware:
    """The app for one server run; ``guard`` holds its secrets, ``state`` the clerk's work,
    ``images`` makes the pictures of first pages (LibreOffice). The guard wraps the whole
    Starlette app (see :class:`GuardMiddleware`)."""
    page_images = images if images is not None else PageImages()

    async def form_data(request: Request) -> dict[str, Any]:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=MAX_PART_BYTES)
        if not guard.csrf_ok(_text(form.get("_csrf"))):
            raise _Forbidden
        return dict(form.multi_items())

    async def home(request: Request) -> Response:
        drafts = await run_in_threadpool(state.drafts)
        blocks = []
        for name in KINDS:
            has_default = await run_in_threadpool(state.existing_draft, name)
            fresh = (
                '<button name="resume" value="0">Bắt đầu mới (bản nháp cũ cùng tên sẽ bị ghi đè)</button>'
                if has_default is not None
                else '<button name="resume" value="0" class="primary">Bắt đầu</button>'
            )
            blocks.append(
                f'<div class="card"><form method="post" action="/start">{_csrf_input(guard)}'
                f'<input type="hidden" name="document" value="{name}"><h2>{escape(TITLES[name])}</h2>{fresh}</form>'
                f'<form method="post" action="/start-from" enctype="multipart/form-data" class="from">{_csrf_input(guard)}'
                f'<input type="hidden" name="document" value="{name}">'
                f'<label for="from-{name}">Hoặc bắt đầu từ tệp dữ liệu năm trước (.yaml):</label>'
                f'{_file_picker(f"from-{name}", "data", ".yaml,.yml,.json,.toml")}'
                '<button type="submit">Mở tệp</button></form></div>'
            )
        current = ""
        if state.kind is not None:
            current = f'<p><a href="/form">Quay lại văn bản đang soạn ({escape(TITLES[state.kind.document])})</a></p>'
        body = (
            "<h1>Soạn văn bản</h1>"
            f"<p>Văn bản và bản nháp được lưu trong thư mục <code>{escape(str(state.out_dir))}</code>.</p>"
            f"{current}{_drafts_block(guard, drafts)}"
            f'<div class="cards">{"".join(blocks)}</div>'
        )
        return page("Trang đầu", body)

    async def start(request: Request) -> Response:
        form = await form_data(request)
        await run_in_threadpool(
            state.start, _text(form.get("document")) or "", _text(form.get("resume")) == "1", _text(form.get("draft"))
        )
        return RedirectResponse("/form", status_code=303)

    async def start_from(request: Request) -> Response:
        form = await form_data(request)
        file = form.get("data")
        if not isinstance(file, UploadFile) or not file.filename:
            return RedirectResponse("/", status_code=303)
        content = await file.read(MAX_DATA_BYTES + 1)
        if len(content) > MAX_DATA_BYTES:
            raise InputError(file.filename, [Problem(f"Tệp dữ liệu quá lớn (tối đa {MAX_DATA_BYTES // (1024 * 1024)} MB).")])
        question = await run_in_threadpool(state.start_from_file, _text(form.get("document")) or "", file.filename, content)
        if question is not None:
            return RedirectResponse("/start-from/carry", status_code=303)
        return RedirectResponse("/form", status_code=303)

    async def carry_page(request: Request) -> Response:
        pending = state.pending_file
        if pending is None:
            return RedirectResponse("/", status_code=303)
        # The interview's own question and choices (c: có, the default; k: không).
        body = (
            f"<h1>{escape(TITLES[pending.document])}</h1>"
            f'<form method="post" action="/start-from/carry" class="card">{_csrf_input(guard)}'
            f'<p class="question">{escape(pending.question)}</p>'
            '<button type="submit" name="carry" value="1" class="primary">Có (c)</button> '
            '<button type="submit" name="carry" value="0">Không (k): dùng tệp như nó có</button>'
            '</form><p><a href="/">Về trang đầu</a></p>'
        )
        return page("Mở tệp năm trước", body)

    async def carry_answer(request: Request) -> Response:
        form = await form_data(request)
        if state.pending_file is None:
            return RedirectResponse("/", status_code=303)
        await run_in_threadpool(state.answer_carry, _text(form.get("carry")) != "0")
        return RedirectResponse("/form", status_code=303)

    async def show_form(request: Request) -> Response:
        if state.kind is None:
            return RedirectResponse("/", status_code=303)
        kind = state.kind
        if "trang" in request.query_params:
            state.page = _page_number(request.query_params["trang"])
        # A province's list takes a while to read: off the event loop, under the lock, once.
        read = await run_in_threadpool(state.uploaded_list)
        problems = state.problems()
        errors: dict[str, list[Problem]] = {}
        for problem in problems:
            errors.setdefault(form_path(problem.field), []).append(problem)
        answers = state.snapshot()
        today = state.today()
        people = state.awardees_spec()
        # A long list typed in the page: a page of it at a time, the pages above and below.
        list_pager = _pager(
            len(answers.get("awardees") or []) if people is not None else 0,
            state.page,
            lambda n: f'<button type="submit" name="_action" value="page:{n + 1}" formnovalidate>{n + 1}</button>',
        )
        sections = "".join(
            f'<section id="s-{name}">{render_section(kind.model, name, answers, errors, today)}</section>'
            if name not in state.special()
            else (
                f'<section id="s-{name}">{_awardees_block(state, read)}'
                + (
                    f'<input type="hidden" name="{name}.{LIST_MARK}" value="1">{list_pager}'
                    f"{render_list(people, answers, errors, today, _window(answers.get(name), state.page))}{list_pager}"
                    if people is not None and name == people.name
                    else ""
                )
                + "</section>"
            )
            for name in kind.sections
        )
        # The upload's own form: its controls sit in the list's section (form="upload"),
        # since forms cannot nest.
        special = (
            f'<form method="post" action="/upload" enctype="multipart/form-data" id="upload">{_csrf_input(guard)}</form>'
            if "awardees" in state.special()
            else ""
        )
        top = ""
        if state.message:
            hint = f"<p class=hint-fix>Gợi ý: {escape(state.hint)}</p>" if state.hint else ""
            top += f'<div class="banner error" role="alert"><p>{escape(state.message)}</p>{hint}</div>'
        if state.notes:
            top += '<div class="banner warn"><ul>' + "".join(f"<li>{escape(n)}</li>" for n in state.notes) + "</ul></div>"
        if problems:
            top += f'<div class="banner error"><p>Có {len(problems)} lỗi cần sửa:</p>{_problem_list(problems, model=kind.model, page=state.page)}</div>'
        # The document as it will read, marked where answers are missing (web/preview.py).
        # After the form in the page's order, so Tab reaches the boxes before its links and
        # buttons; on a wide screen its stylesheet keeps it beside the form.
        shown = await run_in_threadpool(preview_section, state, guard.csrf)
        preview = f'{STYLESHEET}<section class="preview" id="preview">{shown}</section>'
        draft = state.draft.path if state.draft is not None else None
        saved = f"Bản nháp: {draft}" if draft is not None else "Chưa có gì được lưu."
        body = (
            f"<h1>{escape(TITLES[kind.document])}</h1>"
            f'<p class="status" id="status" aria-live="polite">{escape(saved)}</p>{top}'
            f'<form method="post" action="/form" id="doc" novalidate>{_csrf_input(guard)}'
            f'<input type="hidden" name="_rev" value="{escape(state.revision)}">'
            # Enter in a box presses the form's first submit button: let it be "save", not
            # the first list's "+ Thêm" (hidden, out of the Tab order).
            '<button type="submit" name="_action" value="save" class="enter-saves" tabindex="-1" aria-hidden="true">Lưu</button>'
            f"{sections}"
            '<div class="actions">'
            '<button type="submit" name="_action" value="save">Lưu bản nháp</button>'
            '<button type="submit" name="_action" value="check">Kiểm tra</button>'
            f'<label class="force"><input type="checkbox" name="_force" value="1"> {escape(FORCE_LABEL)}</label>'
            '<button type="submit" name="_action" value="render" class="primary">Tạo văn bản</button>'
            # The preview comes after the form; from anywhere in it, the bar that stays in
            # sight leads there (beside the form on a wide screen: no link, see preview.css).
            '<a href="#preview" class="to-preview">Xem trước văn bản ↓</a>'
            "</div></form>"
            f"{special}{preview}"
        )
        return page(TITLES[kind.document], body)

    async def post_form(request: Request) -> Response:
        form = await form_data(request)
        if _text(form.get("_rev")) != state.revision:
            return _stale_page()
        action = _text(form.get("_action")) or "save"
        fields = {k: _text(v) or "" for k, v in form.items() if not k.startswith("_")}
        list_action = action if ":" in action or action == EDIT_AWARDEES else None
        anchor = await run_in_threadpool(state.update, fields, list_action)
        if action == "check":
            await run_in_threadpool(state.check)
            anchor = "doc" if state.problems() else None
        elif action == "render":
            written = await run_in_threadpool(state.write, _text(form.get("_force")) == "1")
            if written is not None:
                return RedirectResponse("/done", status_code=303)
        return RedirectResponse("/form" + (f"#{anchor}" if anchor else ""), status_code=303)

    async def autosave(request: Request) -> Response:
        form = await form_data(request)
        if _text(form.get("_rev")) != state.revision:
            return JSONResponse({"stale": STALE_MESSAGE}, status_code=409)
        fields = {k: _text(v) or "" for k, v in form.items() if not k.startswith("_")}
        await run_in_threadpool(state.update, fields, None)
        draft = state.draft.path if state.draft is not None else None
        return JSONResponse({"saved": str(draft) if draft else None, "problems": len(state.typed_problems)})

    async def upload(request: Request) -> Response:
        form = await form_data(request)
        file = form.get("list")
        if isinstance(file, UploadFile):
            await run_in_threadpool(_take_upload, state, file)
        return RedirectResponse("/form#awardees", status_code=303)

    async def done(request: Request) -> Response:
        written = state.written
        if written is None:
            return RedirectResponse("/form" if state.kind else "/", status_code=303)
        files = [*(p for p in written.documents if p != written.data_file), written.data_file]
        links = "".join(f'<li><a href="/download/{escape(p.name)}" download>{escape(p.name)}</a></li>' for p in files)
        model = state.kind.model if state.kind is not None else None
        warnings = "".join(
            f"<li>{escape(_where(Problem(w.message, field=w.field, line=w.line), model) + ': ' if w.field or w.line else '')}"
            f"{escape(w.message)}</li>"
            for w in written.warnings
        )
        body = (
            "<h1>Đã tạo văn bản</h1>"
            f"<p>Các tệp đã được ghi vào thư mục <code>{escape(str(state.out_dir))}</code>. Tải về:</p>"
            f'<ul class="downloads">{links}</ul>'
            + (f'<div class="banner warn"><p>Lưu ý:</p><ul>{warnings}</ul></div>' if warnings else "")
            + "<p>Tệp dữ liệu (.yaml) dùng lại được năm sau.</p>"
            + _pdf_offer(guard, written.documents)
            + _profile_offer(guard, state)
            + '<p><a href="/">Về trang đầu</a></p>'
        )
        return page("Đã tạo văn bản", body)

    async def make_pdf(request: Request) -> Response:
        form = await form_data(request)
        await run_in_threadpool(state.make_pdf, _text(form.get("_force")) == "1")
        return RedirectResponse("/done", status_code=303)

    async def keep_profile(request: Request) -> Response:
        await form_data(request)
        path = await run_in_threadpool(state.keep_profile)
        said = f"Đã lưu hồ sơ cơ quan: {path}. Lần sau các mục này được điền sẵn." if path else "Đã có hồ sơ cơ quan: không ghi đè."
        return page("Hồ sơ cơ quan", f'<p class="status saved">{escape(said)}</p><p><a href="/">Về trang đầu</a></p>')

    async def download(request: Request) -> Response:
        path = state.downloadable(request.path_params["name"])
        if path is None or not path.is_file():
            return page("Không có tệp", "<p>Không có tệp này trong số văn bản vừa tạo.</p>")
        return FileResponse(path, filename=path.name)

    async def live_preview(request: Request) -> Response:
        # The preview section as the answers are now (after an autosave), for app.js.
        form = await form_data(request)
        if _text(form.get("_rev")) != state.revision:
            return JSONResponse({"stale": STALE_MESSAGE}, status_code=409)
        return HTMLResponse(await run_in_threadpool(preview_section, state, guard.csrf))

    async def preview_image(request: Request) -> Response:
        form = await form_data(request)
        wants_json = _text(form.get("_fmt")) == "json"
        if _text(form.get("_rev")) != state.revision:
            return JSONResponse({"stale": STALE_MESSAGE}, status_code=409) if wants_json else _stale_page()
        try:
            src = await run_in_threadpool(page_image, state, page_images, _text(form.get("doc")) or "")
        except DraftkitError as failed:
            said = failed.message + (f" Gợi ý: {failed.hint}" if failed.hint else "")
            if isinstance(failed, InputError) and failed.problems:
                said = " ".join(p.message for p in failed.problems)
            if wants_json:
                return JSONResponse({"error": said}, status_code=422 if isinstance(failed, InputError) else 503)
            return page("Ảnh trang đầu", f'<div class="banner error"><p>{escape(said)}</p></div><p><a href="/form">Quay lại</a></p>')
        if wants_json:
            return JSONResponse({"src": src})
        return page("Ảnh trang đầu", f'{STYLESHEET}<p><a href="/form">Quay lại</a></p><img class="preview-page" src="{escape(src)}" alt="Ảnh trang đầu">')

    async def page_png(request: Request) -> Response:
        png = page_images.get(request.query_params.get("k", ""))
        if png is None:
            gone = page("Không có ảnh", "<p>Ảnh trang này không còn: bấm lại “Xem ảnh trang đầu”.</p>")
            gone.status_code = 404
            return gone
        return Response(png, media_type="image/png")

    async def server_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, _Forbidden):
            if request.url.path == "/save":
                return JSONResponse({"error": CSRF_MESSAGE}, status_code=403)
            return HTMLResponse(
                f"<!doctype html><meta charset=utf-8><p>{escape(CSRF_MESSAGE)}</p>",
                status_code=403,
            )
        if not isinstance(exc, DraftkitError):
            # Kept for whoever reads the terminal; the page shows a message, never the trace.
            log.error("Lỗi trong draftkit web", exc_info=exc)
        where = state.draft.path if state.draft is not None else None
        kept = f" Bản nháp vẫn được giữ: {where}." if where is not None else ""
        status = 500
        message = f"Có lỗi bất ngờ trong draftkit, văn bản chưa được tạo.{kept}"
        details = ""
        if isinstance(exc, DraftkitError):
            # A refusal the clerk can act on (a data file that cannot be read...): its words.
            status, message = 400, exc.message
            if isinstance(exc, InputError):
                details = _problem_list(exc.problems, labels=False, model=state.kind.model if state.kind is not None else None)
            if exc.hint:
                details += f"<p class=hint-fix>Gợi ý: {escape(exc.hint)}</p>"
        back = "/form" if state.kind is not None else "/"
        body = (
            f'<h1>Có lỗi</h1><div class="banner error"><p>{escape(message)}</p>{details}</div>'
            f'<p><a href="{back}">Quay lại</a></p>'
        )
        response = page("Có lỗi", body)
        response.status_code = status
        return response

    routes = [
        Route("/", home),
        Route("/start", start, methods=["POST"]),
        Route("/start-from", start_from, methods=["POST"]),
        Route("/start-from/carry", carry_page),
        Route("/start-from/carry", carry_answer, methods=["POST"]),
        Route("/form", show_form),
        Route("/form", post_form, methods=["POST"]),
        Route("/save", autosave, methods=["POST"]),
        Route("/upload", upload, methods=["POST"]),
        Route("/done", done),
        Route("/profile", keep_profile, methods=["POST"]),
        Route("/pdf", make_pdf, methods=["POST"]),
        Route("/download/{name}", download),
        Route("/preview", live_preview, methods=["POST"]),
        Route("/preview/image", preview_image, methods=["POST"]),
        Route("/preview/page-1.png", page_png),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    async def http_error(request: Request, exc: Exception) -> Response:
        # Starlette's own answers (404, 405, a broken upload) are English: say them in Vietnamese.
        from starlette.exceptions import HTTPException

        code = exc.status_code if isinstance(exc, HTTPException) else 400
        limit = form_limit_message(str(exc.detail)) if isinstance(exc, HTTPException) else None
        message = limit or HTTP_MESSAGES.get(code, "Yêu cầu này không làm được.")
        if request.url.path == "/save":
            # The autosave (app.js) says the server's own words in the status line.
            return JSONResponse({"error": message}, status_code=code)
        response = page("Có lỗi", f'<h1>Có lỗi</h1><div class="banner error"><p>{escape(message)}</p></div><p><a href="/">Trang đầu</a></p>')
        response.status_code = code
        return response

    async def too_large(request: Request, exc: Exception) -> Response:
        if request.url.path == "/save":
            return JSONResponse({"error": TOO_LARGE}, status_code=413)
        response = page("Có lỗi", f'<h1>Có lỗi</h1><div class="banner error"><p>{escape(TOO_LARGE)}</p></div><p><a href="/">Trang đầu</a></p>')
        response.status_code = 413
        return response

    from starlette.exceptions import HTTPException

    app = Starlette(
        routes=routes,
        exception_handlers={
            Exception: server_error,
            _Forbidden: server_error,
            DraftkitError: server_error,
            HTTPException: http_error,
            BodyTooLarge: too_large,
        },
    )
    # Outermost, outside Starlette's own error layer: every answer carries the headers.
    return GuardMiddleware(app, guard)


def _page_number(text: str) -> int:
    """"?trang=3" → page index 2; anything else, the first page."""
    return int(text) - 1 if text.isdigit() and 0 < int(text) < 1_000_000 else 0


class _Forbidden(Exception):
    """A POST without the page's CSRF token."""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _pdf_offer(guard: Guard, documents: list[Path]) -> str:
    """A PDF of each document, where LibreOffice is installed (and none made yet)."""
    from draftkit.pdf import find_soffice

    if find_soffice() is None or any(p.suffix == ".pdf" for p in documents):
        return ""
    return (
        f'<form method="post" action="/pdf">{_csrf_input(guard)}'
        '<button type="submit">Tạo thêm bản PDF (LibreOffice)</button> '
        f'<label class="force"><input type="checkbox" name="_force" value="1"> {escape(FORCE_LABEL)}</label></form>'
    )


def _profile_offer(guard: Guard, state: WebSession) -> str:
    """The interview's question after the first documents, as a button."""
    values = state.profile_offer()
    if values is None or state.kind is None:
        return ""
    names = ", ".join(state.kind.label(key).lower() for key in values)
    return (
        f'<form method="post" action="/profile" class="card">{_csrf_input(guard)}'
        f"<p>Lưu {escape(names)} vừa nhập làm hồ sơ cơ quan, để lần sau được điền sẵn?</p>"
        '<button type="submit" class="primary">Lưu hồ sơ cơ quan</button></form>'
    )


def _drafts_block(guard: Guard, drafts: list[DraftEntry]) -> str:
    """Every unfinished draft of the output folder, each with its name, its kind and when
    it was last saved, and a button that continues it."""
    if not drafts:
        return ""
    rows = "".join(
        f"<li><strong>{escape(d.name)}</strong> ({escape(TITLES[d.document])}, lưu lúc {d.saved:%H:%M %d/%m/%Y}) "
        f'<form method="post" action="/start" class="inline">{_csrf_input(guard)}'
        f'<input type="hidden" name="document" value="{escape(d.document)}"><input type="hidden" name="resume" value="1">'
        f'<input type="hidden" name="draft" value="{escape(d.path.name)}">'
        f'<button type="submit" class="primary">Tiếp tục bản nháp {escape(d.path.name)}</button></form></li>'
        for d in drafts
    )
    return f'<section class="drafts"><h2>Bản nháp chưa xong</h2><ul>{rows}</ul></section>'


NO_FILE = "Chưa chọn tệp nào"


def _file_picker(ident: str, name: str, accept: str, form: str | None = None, upload_at_once: bool = False) -> str:
    """A file box in the page's words: the browser's own button speaks its language
    ("Choose File"), so the box is hidden (still reached by Tab) behind a label drawn as a
    button, "Chọn tệp…", and the name chosen shown beside it (static/app.js). With
    ``upload_at_once`` the script sends the file as soon as it is chosen: a list chosen but
    not uploaded would be left out of the document without a word."""
    owner = f' form="{escape(form)}"' if form else ""
    at_once = " data-upload-at-once" if upload_at_once else ""
    return (
        f'<span class="picker"><input type="file" id="{escape(ident)}" name="{escape(name)}" accept="{escape(accept)}"{owner}{at_once}>'
        f'<label for="{escape(ident)}" class="pick">Chọn tệp…</label>'
        f'<span class="picked" id="{escape(ident)}-picked">{NO_FILE}</span></span>'
    )


def _cell(spec: FieldSpec, value: str) -> str:
    """A cell as the clerk reads it: a coded choice by its Vietnamese name (the one the
    interview and the drop-downs show), anything else exactly as typed."""
    from draftkit.choices import choice_name

    return choice_name(value) if spec.kind == "choice" and value in spec.choices else value


def _list_table(read: ReadList, page: int) -> str:
    """The list as read: one column per field of the Awardee model that the file fills,
    headed with the interview's labels, the row numbers of the file; a page at a time."""
    from draftkit.interview.fields import field_spec, model_order
    from draftkit.models import Awardee

    used = {key for row in read.rows for key, value in row.values.items() if value}
    columns = [field_spec(Awardee, name) for name in model_order(Awardee) if name in used]
    first, shown = _page_window(len(read.rows), page)
    head = "".join(f"<th>{escape(c.label)}</th>" for c in columns)
    rows = "".join(
        f"<tr><td>{row.row}</td>" + "".join(f"<td>{escape(_cell(c, row.values.get(c.name, '')))}</td>" for c in columns) + "</tr>"
        for row in read.rows[first : first + shown]
    )
    pages = _pager(len(read.rows), page, lambda n: f'<a href="/form?trang={n + 1}#awardees">{n + 1}</a>')
    return f'<table class="people"><thead><tr><th>Dòng</th>{head}</tr></thead><tbody>{rows}</tbody></table>{pages}'


def _window(items: Any, page: int) -> range:
    """The items of a list shown on ``page`` (all of them when the list fits on one)."""
    first, shown = _page_window(len(items) if isinstance(items, list) else 0, page)
    return range(first, first + shown)


def _page_window(count: int, page: int) -> tuple[int, int]:
    """The first index and the number of rows of ``page`` (0-based) of a list of ``count``."""
    last = max(0, (count - 1) // LIST_PAGE)
    page = min(max(page, 0), last)
    return page * LIST_PAGE, min(LIST_PAGE, count - page * LIST_PAGE)


def _pager(count: int, page: int, link: Callable[[int], str]) -> str:
    """Links to every page of a long list ("Trang: 1 2 [3] 4"); nothing for one page."""
    pages = (count + LIST_PAGE - 1) // LIST_PAGE
    if pages <= 1:
        return ""
    page = min(max(page, 0), pages - 1)
    items = " ".join(f"<strong>{n + 1}</strong>" if n == page else link(n) for n in range(pages))
    return f'<p class="pager">Trang ({LIST_PAGE} dòng một trang): {items}</p>'


def _awardees_block(state: WebSession, read: ReadList | None) -> str:
    """The list of a round: the uploaded file, the table as the CLI reads it (kinds,
    rows left out, columns not used, each with its row) and its problems."""
    from draftkit.interview.awardees_step import count_text
    from draftkit.models import Awardee

    listed = state.answers.get("awardees")
    parts = ['<div id="awardees" class="awardees"><h2>Danh sách được khen thưởng</h2>']
    parts.append(
        '<div class="upload"><label for="list">Tệp danh sách của cơ quan (.xlsx, .xls, .csv)</label>'
        + _file_picker("list", "list", ".xlsx,.xls,.csv", form="upload", upload_at_once=True)
        + '<button type="submit" form="upload">Tải lên</button></div>'
    )
    problems = list(state.upload_problems)
    if read is not None:
        parts.append(f"<p>Đang dùng tệp <code>{escape(read.name)}</code>.</p>")
        problems.extend(read.problems)
        if read.warnings:
            parts.append(
                '<div class="banner warn"><p>Lưu ý khi đọc danh sách:</p><ul>'
                + "".join(f"<li>{escape(f'dòng {w.line}: ' if w.line is not None else '')}{escape(w.message)}</li>" for w in read.warnings)
                + "</ul></div>"
            )
        if read.rows:
            parts.append(_list_table(read, state.page))
            counted = f" Tổng cộng: {escape(count_text(read.people))}." if read.people else ""
            parts.append(f'<p class="counts">Đọc được {len(read.rows)} dòng.{counted}</p>')
            parts.append(
                f'<button type="submit" form="doc" name="_action" value="{EDIT_AWARDEES}">'
                "Sửa danh sách ngay trên trang (thêm, bớt, sửa từng ô)</button>"
            )
    elif isinstance(listed, list):
        parts.append("<p>Danh sách được nhập ngay trên trang, bên dưới. Tải lên một tệp để dùng tệp đó thay thế.</p>")
    else:
        parts.append(
            f'<p>Hoặc <button type="submit" form="doc" name="_action" value="{EDIT_AWARDEES}">'
            "nhập danh sách ngay trên trang</button></p>"
        )
    if problems:
        parts.append(_problem_list(problems, labels=False, model=Awardee))
    parts.append("</div>")
    return "".join(parts)

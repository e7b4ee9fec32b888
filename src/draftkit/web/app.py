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
from html import escape
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from draftkit.errors import DraftkitError, InputError, Problem

from .form import form_path, render_list, render_section
from .preview import STYLESHEET, PageImages, page_image, preview_section
from .security import Guard, GuardMiddleware
from .session import EDIT_AWARDEES, FORCE_LABEL, KINDS, LIST_MARK, TITLES, WebSession

__all__ = ["MAX_UPLOAD_BYTES", "create_app"]

log = logging.getLogger("draftkit.web")

STATIC = Path(__file__).parent / "static"
UPLOAD_SUFFIXES = (".xlsx", ".xls", ".csv")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # an office list is kilobytes; 30,000 rows a few MB
MAX_FIELDS = 20_000
MAX_DATA_BYTES = 5 * 1024 * 1024  # datafile.py's own limit for a data file is checked too
# The list's coded values as the Awardee model's descriptions word them.
CELL_WORDS = {"collective": "tập thể", "individual": "cá nhân", "male": "Ông", "female": "Bà"}  # a long report has a few thousand boxes


def page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} — draftkit</title>"
        '<link rel="stylesheet" href="/static/style.css"><script src="/static/app.js" defer></script>'
        f'</head><body><header><a href="/" class="brand">draftkit</a> <span>{escape(title)}</span></header>'
        f"<main>{body}</main></body></html>"
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


def _problem_list(problems: list[Problem], labels: bool = True) -> str:
    items = []
    for p in problems:
        target = form_path(p.field)
        where = p.location()
        if not where:
            link = ""
        elif labels:
            link = f' <a href="#f-{escape(target.replace(".", "-"))}">({escape(where)})</a>'
        else:  # a file's rows and lines: said, not linked
            link = f" ({escape(where)})"
        hint = f"<br><span class=hint-fix>Gợi ý: {escape(p.hint)}</span>" if p.hint else ""
        items.append(f"<li>{escape(p.message)}{link}{hint}</li>")
    return f'<ul class="errors summary" role="alert">{"".join(items)}</ul>'


def create_app(guard: Guard, state: WebSession, images: PageImages | None = None) -> Starlette:
    """The app for one server run; ``guard`` holds its secrets, ``state`` the clerk's work,
    ``images`` makes the pictures of first pages (LibreOffice)."""
    page_images = images if images is not None else PageImages()

    async def form_data(request: Request) -> dict[str, Any]:
        form = await request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=1024 * 1024)
        if not guard.csrf_ok(_text(form.get("_csrf"))):
            raise _Forbidden
        return dict(form.multi_items())

    async def home(request: Request) -> Response:
        blocks = []
        for name in KINDS:
            draft = state.existing_draft(name)
            resume = (
                f'<button name="resume" value="1" class="primary">Tiếp tục bản nháp {escape(draft.name)}</button>'
                f'<button name="resume" value="0">Bắt đầu mới (bản nháp cũ sẽ bị ghi đè)</button>'
                if draft is not None
                else '<button name="resume" value="0" class="primary">Bắt đầu</button>'
            )
            blocks.append(
                f'<div class="card"><form method="post" action="/start">{_csrf_input(guard)}'
                f'<input type="hidden" name="document" value="{name}"><h2>{escape(TITLES[name])}</h2>{resume}</form>'
                f'<form method="post" action="/start-from" enctype="multipart/form-data" class="from">{_csrf_input(guard)}'
                f'<input type="hidden" name="document" value="{name}">'
                f'<label for="from-{name}">Hoặc bắt đầu từ tệp dữ liệu năm trước (.yaml):</label>'
                f'<input type="file" id="from-{name}" name="data" accept=".yaml,.yml,.json,.toml">'
                '<button type="submit">Mở tệp</button></form></div>'
            )
        current = ""
        if state.kind is not None:
            current = f'<p><a href="/form">Quay lại văn bản đang soạn ({escape(TITLES[state.kind.document])})</a></p>'
        body = (
            "<h1>Soạn văn bản</h1>"
            f"<p>Văn bản và bản nháp được lưu trong thư mục <code>{escape(str(state.out_dir))}</code>.</p>"
            f'{current}<div class="cards">{"".join(blocks)}</div>'
        )
        return page("Trang đầu", body)

    async def start(request: Request) -> Response:
        form = await form_data(request)
        await run_in_threadpool(state.start, _text(form.get("document")) or "", _text(form.get("resume")) == "1")
        return RedirectResponse("/form", status_code=303)

    async def start_from(request: Request) -> Response:
        form = await form_data(request)
        file = form.get("data")
        if not isinstance(file, UploadFile) or not file.filename:
            return RedirectResponse("/", status_code=303)
        content = await file.read(MAX_DATA_BYTES + 1)
        if len(content) > MAX_DATA_BYTES:
            raise InputError(file.filename, [Problem(f"Tệp dữ liệu quá lớn (tối đa {MAX_DATA_BYTES // (1024 * 1024)} MB).")])
        await run_in_threadpool(state.start_from_file, _text(form.get("document")) or "", file.filename, content)
        return RedirectResponse("/form", status_code=303)

    async def show_form(request: Request) -> Response:
        if state.kind is None:
            return RedirectResponse("/", status_code=303)
        kind = state.kind
        problems = state.problems()
        errors: dict[str, list[Problem]] = {}
        for problem in problems:
            errors.setdefault(form_path(problem.field), []).append(problem)
        answers = state.snapshot()
        today = state.today()
        people = state.awardees_spec()
        sections = "".join(
            f'<section id="s-{name}">{render_section(kind.model, name, answers, errors, today)}</section>'
            if name not in state.special()
            else (
                f'<section id="s-{name}">{_awardees_block(state)}'
                + (
                    f'<input type="hidden" name="{name}.{LIST_MARK}" value="1">{render_list(people, answers, errors, today)}'
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
            top += f'<div class="banner error"><p>Có {len(problems)} lỗi cần sửa:</p>{_problem_list(problems)}</div>'
        # The document as it will read, marked where answers are missing (web/preview.py).
        shown = await run_in_threadpool(preview_section, state, guard.csrf)
        top += f'{STYLESHEET}<section class="preview" id="preview">{shown}</section>'
        draft = state.draft.path if state.draft is not None else None
        saved = f"Bản nháp: {draft}" if draft is not None else "Chưa có gì được lưu."
        body = (
            f"<h1>{escape(TITLES[kind.document])}</h1>"
            f'<p class="status" id="status" aria-live="polite">{escape(saved)}</p>{top}'
            f'<form method="post" action="/form" id="doc" novalidate>{_csrf_input(guard)}'
            f'<input type="hidden" name="_rev" value="{escape(state.revision)}">{sections}'
            '<div class="actions">'
            '<button type="submit" name="_action" value="save">Lưu bản nháp</button>'
            '<button type="submit" name="_action" value="check">Kiểm tra</button>'
            f'<label class="force"><input type="checkbox" name="_force" value="1"> {escape(FORCE_LABEL)}</label>'
            '<button type="submit" name="_action" value="render" class="primary">Tạo văn bản</button>'
            "</div></form>"
            f"{special}"
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
        warnings = "".join(f"<li>{escape(w.field + ': ' if w.field else '')}{escape(w.message)}</li>" for w in written.warnings)
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
            return HTMLResponse(
                "<!doctype html><meta charset=utf-8><p>Mã bảo vệ biểu mẫu (CSRF) không đúng: tải lại trang rồi thử lại.</p>",
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
                details = _problem_list(exc.problems, labels=False)
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
        message = HTTP_MESSAGES.get(code, "Yêu cầu này không làm được.")
        response = page("Có lỗi", f'<h1>Có lỗi</h1><div class="banner error"><p>{escape(message)}</p></div><p><a href="/">Trang đầu</a></p>')
        response.status_code = code
        return response

    from starlette.exceptions import HTTPException

    app = Starlette(
        routes=routes,
        exception_handlers={
            Exception: server_error,
            _Forbidden: server_error,
            DraftkitError: server_error,
            HTTPException: http_error,
        },
    )
    app.add_middleware(GuardMiddleware, guard=guard)
    return app


class _Forbidden(Exception):
    """A POST without the page's CSRF token."""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


_UNSAFE = re.compile(r"[^\w.\- ]+")


def upload_name(filename: str) -> str | None:
    """The name an uploaded list is kept under in the output folder, or None when its type
    is not one we read. Only the last part of the name is kept: never a path."""
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in UPLOAD_SUFFIXES:
        return None
    clean = _UNSAFE.sub("_", stem).strip(" ._") or "danh-sach"
    return f"{clean}{suffix}"


def _take_upload(state: WebSession, file: UploadFile) -> None:
    """Keep the uploaded list beside the data file, as the CLI reads lists from there."""
    from draftkit.output import write_atomic
    from draftkit.safefile import MAX_FILE_BYTES

    name = upload_name(file.filename or "")
    with state.lock:
        if name is None:
            state.upload_problems = [Problem("Chỉ nhận tệp danh sách .xlsx, .xls hoặc .csv.", field="awardees")]
            return
        data = file.file.read(min(MAX_UPLOAD_BYTES, MAX_FILE_BYTES) + 1)
        if len(data) > min(MAX_UPLOAD_BYTES, MAX_FILE_BYTES):
            state.upload_problems = [Problem(f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).", field="awardees")]
            return
        state.upload_problems = []
        name = _free_name(state.out_dir, name, data)
        write_atomic(state.out_dir / name, data)
        state.answers["awardees"] = name
        state.save()


def _free_name(folder: Path, name: str, data: bytes) -> str:
    """``name``, or "ds-2.csv", "ds-3.csv"... when a different file already has it: an
    upload never replaces the office's own list of the same name."""
    path = folder / name
    number = 1
    while path.exists() and not (path.is_file() and path.read_bytes() == data):
        number += 1
        path = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
    return path.name


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


def _awardees_block(state: WebSession) -> str:
    """The list of a round: the uploaded file, the table as read and its warnings."""
    from draftkit.awardees import read_list

    listed = state.answers.get("awardees")
    parts = ['<div id="awardees" class="awardees"><h2>Danh sách được khen thưởng</h2>']
    parts.append(
        '<div class="upload"><label for="list">Tệp danh sách của cơ quan (.xlsx, .xls, .csv)</label>'
        '<input type="file" id="list" name="list" accept=".xlsx,.xls,.csv" form="upload">'
        '<button type="submit" form="upload">Tải lên</button></div>'
    )
    problems = list(state.upload_problems)
    if isinstance(listed, str) and listed:
        parts.append(f"<p>Đang dùng tệp <code>{escape(listed)}</code>.</p>")
        try:
            read = read_list(state.out_dir / listed)
        except InputError as bad:
            problems.extend(bad.problems)
        else:
            if read.warnings:
                parts.append(
                    '<div class="banner warn"><p>Lưu ý khi đọc danh sách:</p><ul>'
                    + "".join(f"<li>{escape(w.message)}</li>" for w in read.warnings)
                    + "</ul></div>"
                )
            columns = ["name", "kind", "gender", "position", "unit"]
            from draftkit.models import Awardee

            head = "".join(f"<th>{escape(str(Awardee.model_fields[c].title))}</th>" for c in columns)
            rows = "".join(
                f"<tr><td>{row.row}</td>"
                + "".join(f"<td>{escape(CELL_WORDS.get(row.values.get(c, ''), row.values.get(c, '')))}</td>" for c in columns)
                + "</tr>"
                for row in read.rows
            )
            parts.append(f'<table class="people"><thead><tr><th>Dòng</th>{head}</tr></thead><tbody>{rows}</tbody></table>')
            parts.append(f"<p>{len(read.rows)} người/tập thể.</p>")
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
        parts.append(_problem_list(problems, labels=False))
    parts.append("</div>")
    return "".join(parts)

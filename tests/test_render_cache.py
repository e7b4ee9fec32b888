"""The disk cache of prepared and compiled templates: faster runs, never different documents.

A run keeps each template part's prepared Jinja source and its compiled code in the user's
cache folder, so the next run skips docxtpl and Jinja's compiler. These tests render real
templates and read the documents back: the cache may only change how long it takes.
"""

from __future__ import annotations

import hashlib
import io
import marshal
from pathlib import Path
from types import CodeType

import pytest
from docx import Document
from jinja2.sandbox import SandboxedEnvironment

from draftkit.docx_engine import _render, render_docx
from draftkit.errors import TemplateError

CONTEXT = {"recipient": "Ủy ban nhân dân huyện Ngọc Lặc & <Ban> “{{ x }}”", "items": ["Một", "Hai"]}
EXPECTED = [
    "Kính gửi: Ủy ban nhân dân huyện Ngọc Lặc & <Ban> “{{ x }}”",
    "Có 2 mục: Một; Hai; ",
]


def _template(folder: Path, lines: list[str]) -> Path:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    path = folder / "mau.docx"
    doc.save(str(path))
    return path


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


REAL_CACHE_FOLDER = _render._cache_folder


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, whatever the platform's cache location."""
    folder = tmp_path / "cache"
    monkeypatch.setattr(_render, "_cache_folder", lambda: folder)
    return folder


def _cache_files() -> list[Path]:
    folder = _render._cache_folder()
    assert folder is not None
    return sorted(folder.glob("*")) if folder.exists() else []


def _entry(path: Path) -> bytes:
    """An entry's content, after checking the digest it starts with."""
    data = path.read_bytes()
    assert hashlib.sha256(data[32:]).digest() == data[:32], path
    return data[32:]


def _new_run() -> None:
    """Forget what this process compiled, as a new run of draftkit would."""
    _render._compile_cached.cache_clear()


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return _template(
        tmp_path,
        ["Kính gửi: {{ recipient }}", "Có {{ items|length }} mục: {% for i in items %}{{ i }}; {% endfor %}"],
    )


def test_a_second_run_neither_prepares_nor_compiles(template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = render_docx(template, CONTEXT)
    assert _texts(first) == EXPECTED
    suffixes = sorted(path.suffix for path in _cache_files())
    assert suffixes.count(".xml") == suffixes.count(".code") >= 1

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("the cache was not used")

    _new_run()
    monkeypatch.setattr(_render, "_prepare", fail)
    monkeypatch.setattr(SandboxedEnvironment, "compile", fail)
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED


def test_a_template_found_clean_is_not_parsed_again(template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = _render.clean_template

    def counting(members: list[tuple[object, bytes]], name: str) -> tuple[object, list[str]]:
        calls.append(name)
        return real(members, name)  # type: ignore[arg-type]

    monkeypatch.setattr(_render, "clean_template", counting)
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED
    _new_run()
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED
    assert len(calls) == 1
    # An edited package checker (or draftkit) judges every template again.
    _new_run()
    monkeypatch.setattr(_render, "_stamp", lambda path: "edited")
    _render._cache_salt.cache_clear()
    render_docx(template, CONTEXT)
    _render._cache_salt.cache_clear()
    assert len(calls) == 2


def test_a_template_with_something_to_say_is_cleaned_on_every_run(template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a verdict of "clean, nothing removed" is kept: notices (macros removed...) must
    reach the clerk on every run."""
    calls: list[str] = []
    real = _render.clean_template

    def with_notice(members: list[tuple[object, bytes]], name: str) -> tuple[object, list[str]]:
        calls.append(name)
        cleaned, _ = real(members, name)  # type: ignore[arg-type]
        return cleaned, ["đã bỏ macro"]

    monkeypatch.setattr(_render, "clean_template", with_notice)
    for _ in range(2):
        _new_run()
        assert _render.template_notices(template) == ("đã bỏ macro",)
    assert len(calls) == 2


DAMAGE = {
    "garbage": lambda data: b"\xff\xfe not a cache entry",
    "one byte changed": lambda data: data[:-1] + bytes([data[-1] ^ 0x55]),  # of the content, after the digest
    "cut short": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_cache_entries_are_rebuilt(template: Path, damage: str) -> None:
    # marshal on damaged bytes can raise SystemError or MemoryError, or load code that
    # would crash: a damaged entry must never be loaded, and the next run must heal it.
    render_docx(template, CONTEXT)
    for path in _cache_files():
        path.write_bytes(DAMAGE[damage](path.read_bytes()))
    _new_run()
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED
    entries = _cache_files()
    assert entries and all(path.suffix in (".xml", ".code", ".clean") for path in entries)  # no leftovers
    cleans = [path for path in entries if path.suffix == ".clean"]
    assert cleans and all(_entry(path) == b"clean" for path in cleans)
    codes = [path for path in entries if path.suffix == ".code"]
    assert codes and all(isinstance(marshal.loads(_entry(path)), CodeType) for path in codes)


def test_a_changed_draftkit_never_runs_code_cached_by_the_old_one(
    template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render_docx(template, CONTEXT)
    compiled: list[str] = []
    original = SandboxedEnvironment.compile

    def counting(self: SandboxedEnvironment, source: str, *args: object, **kwargs: object) -> object:
        compiled.append(source)
        return original(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(SandboxedEnvironment, "compile", counting)
    _new_run()
    render_docx(template, CONTEXT)
    assert compiled == []  # same draftkit: the cache serves
    # An edit of the rendering module (a new size or time stamp) must miss the cache.
    monkeypatch.setattr(_render, "_stamp", lambda path: "edited")
    _render._cache_salt.cache_clear()
    _new_run()
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED
    assert compiled
    _render._cache_salt.cache_clear()


def test_an_edited_template_is_never_served_from_the_cache(tmp_path: Path, template: Path) -> None:
    render_docx(template, CONTEXT)
    edited = _template(tmp_path, ["Kính gửi: {{ recipient }} (bản sửa)"])
    assert edited == template
    _new_run()
    assert _texts(render_docx(edited, CONTEXT)) == [f"{EXPECTED[0]} (bản sửa)"]


def test_an_unwritable_cache_only_costs_time(template: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(_render, "_cache_folder", lambda: blocked / "prepared")
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED


@pytest.mark.parametrize(("value", "cached"), [("1", False), ("yes", False), ("0", True), ("", True)])
def test_the_cache_can_be_turned_off(
    template: Path, monkeypatch: pytest.MonkeyPatch, value: str, cached: bool
) -> None:
    monkeypatch.setattr(_render, "_cache_folder", REAL_CACHE_FOLDER)
    monkeypatch.setenv("XDG_CACHE_HOME", str(template.parent / "xdg"))
    monkeypatch.setenv("DRAFTKIT_NO_CACHE", value)
    folder = _render._cache_folder()
    assert (folder is not None) == cached
    assert _texts(render_docx(template, CONTEXT)) == EXPECTED


def test_a_syntax_error_is_reported_alike_with_and_without_the_cache(tmp_path: Path) -> None:
    broken = _template(tmp_path, ["Chức vụ: {{ c.position + }}"])
    messages = []
    for _ in range(2):
        _new_run()
        with pytest.raises(TemplateError) as error:
            render_docx(broken, {})
        messages.append((error.value.message, error.value.hint))
    assert messages[0] == messages[1]
    assert "cú pháp" in messages[0][0] and messages[0][1] == "Ở đoạn: “Chức vụ: {{ c.position + }}”"

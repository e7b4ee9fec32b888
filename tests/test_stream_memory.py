"""Memory at province scale, without a byte of difference.

1. YAML data files are read as they stream (datafile._StreamingLoader): the reference is the
   whole reading (one node graph), kept in datafile for files with aliases and broken files.
   Every class of input must give the same data, lines and warnings, and a broken file the
   same message and line.
2. ``--split`` files are rendered as output.write_all writes them (writers, not bytes): the
   reference is the previous path (base package + rendered parts appended, as bytes), kept
   here; every file must be byte for byte the same, and a failure mid-split leaves nothing.

Peak memory itself is measured in bench/run.py, not here.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import draftkit.datafile as datafile
import draftkit.pipeline as pipeline
from conftest import EXAMPLES
from draftkit.datafile import (
    _parse_yaml_whole,
    _shield_controls,
    _stream_yaml,
    dump_yaml,
    load_data_file,
)
from draftkit.docx_engine import compile_template
from draftkit.docx_engine._limits import data_items
from draftkit.docx_engine._render import _write_rendered
from draftkit.errors import InputError, OutputError, TemplateError, TextWarning
from draftkit.output import write_all
from draftkit.pipeline import _certificate_post, load_model, plan_documents, render_file
from draftkit.template_search import builtin_template

AWARDS = EXAMPLES / "ngoc-lac-2023-khen-thuong.yaml"


# --- 1. YAML read as it streams -------------------------------------------------------------


def whole(text: str) -> tuple[Any, dict[Any, int], list[TextWarning]]:
    warnings: list[TextWarning] = []
    shielded, restore = _shield_controls(text)
    data, lines = _parse_yaml_whole(text, shielded, restore, Path("x.yaml"), warnings)
    return data, lines, warnings


def streamed(text: str) -> tuple[Any, dict[Any, int], list[TextWarning]]:
    warnings: list[TextWarning] = []
    data, lines = datafile._parse_yaml(text, Path("x.yaml"), warnings)
    return data, lines, warnings


CLEAN = {
    "nested block mappings": "document: awards\nsigner:\n  name: Lê Văn A\n  title: Chủ tịch\n",
    "a list of groups": "awardees:\n  - name: A\n    kind: individual\n  -   name: B\n      unit: xã 1\n  - C\n",
    "lists of lists": "a:\n- - 1\n  - 2\n-\n  - x\n- []\n",
    "flow group with a comma": "p:\n  - {name: A, unit: thôn Minh Thành, xã Minh Tiến}\n  - {name: B, gender: }\n",
    "flow group over lines": "p: {name: A, unit: thôn X,\n  xã Y}\nq: [1, 2, {a: b, c}]\n",
    "dotted thousands": "money: 1.500\nlist:\n  - 2.000.000\n  - '1.500'\n  - 1.5\n",
    "scalars as a clerk means them": "a: 0125\nb: 4:45\nc: yes\nd: 0x1F\ne: 2023-02-30\nf: true\ng: 1_000\nh: ~\ni:\n",
    "explicit tags": "a: !!str 0125\nb: !!int 12\nc: !!float 1.5\nd: !!seq [1]\ne: !!map {a: 1}\nf: !!str\n",
    "block scalars": "a: |\n  dòng 1\n  dòng 2\nb: >\n  gấp\n  lại\nc: 'x: y'\n",
    "control characters from Word": "a: \"x\\vy\"\nb: dòng\x0bhai\nc\x07: v\n",
    "keys that are numbers or empty": "1: a\n2.5: b\nfalse: c\n'': d\n=: e\n",
    "explicit document": "%YAML 1.1\n---\na: 1\n...\n",
    "a flow file": '{"document": "report", "results": [{"heading": "A"}]}',
    "a list at the top": "- a\n- b\n",
    "a lone value": "xin chào\n",
    "comments only": "# chỉ có ghi chú\n",
    "an anchor with no alias": "a: &x 1\nb: Công ty A & B\n",
    "complex key": "? a\n: 1\n",
    "null document": "---\n",
}


@pytest.mark.parametrize("text", CLEAN.values(), ids=CLEAN.keys())
def test_a_clean_file_reads_the_same_as_it_streams(text: str) -> None:
    if text.strip() and not text.lstrip().startswith("#"):
        assert _stream_yaml(_shield_controls(text)[0]) is not None  # it did stream
    assert streamed(text) == whole(text)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_reads_the_same_as_it_streams(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _stream_yaml(text) is not None
    assert streamed(text) == whole(text)


def test_a_province_round_streams_with_every_line(tmp_path: Path) -> None:
    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    data["awardees"] = [{"name": f"Người {i}", "unit": f"xã {i}", "kind": "individual"} for i in range(300)]
    text = dump_yaml(data)
    got = streamed(text)
    assert got == whole(text)
    assert got[1][("awardees", 299, "unit")] == text.splitlines().index("  unit: xã 299") + 1


values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=6), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.text(min_size=1, max_size=6), values, min_size=1, max_size=4), flow=st.booleans())
def test_any_data_written_as_yaml_reads_the_same_as_it_streams(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow) if flow else dump_yaml(data)
    assert streamed(text) == whole(text)


BROKEN = {
    "key twice, deep in the list": "awardees:\n  - name: A\n  - name: B\n    name: C\n",
    "key twice at the top": "a: 1\nb:\n  - x\na: 2\n",
    "tab indentation": "a:\n\tb: 1\n",
    "colon inside a sentence": "a: như sau: một\n",
    "merge key": "a:\n  <<: {b: 1}\n",
    "a set": "a: !!set {x: null}\n",
    "map tag on a list": "a: !!map\n  - 1\n",
    "int tag on text": "a:\n  - !!int abc\n",
    "a list as a key": "[a, b]: 1\n",
    "a group as a key": "? {a: 1}\n: 2\n",
    "undefined alias": "a: *x\n",
    "second document": "a: 1\n---\nb: 2\n",
    "unclosed quote": "a: \"abc\nb: 1\n",
    "bad escape": "a: \"C:\\duong\"\n",
    "number too long": "a:\n  - " + "9" * 5000 + "\n",
    "float too large": "a:\n  b: 1.0e400\n",
    "binary tag": "a: !!binary aGk=\n",
    "unknown tag": "a: !thing x\n",
    "aliases that loop": "a: &x [*x]\n",
    "a billion laughs": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(5)),
    "broken after a clean start": "a:\n" + "".join(f"  - name: N{i}\n" for i in range(50)) + "  - name: [\n",
    "a problem and a syntax error later": "a: !!int x\nb: [\n",
}


def _problems(path: Path) -> list[tuple[str, int | None, str | None]]:
    with pytest.raises(InputError) as caught:
        load_data_file(path)
    return [(p.message, p.line, p.hint) for p in caught.value.problems]


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_gets_the_message_and_line_it_always_got(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    now = _problems(path)
    monkeypatch.setattr(datafile, "_stream_yaml", lambda shielded: None)  # the whole reading only
    assert now == _problems(path)
    assert all(line is not None for _, line, _ in now)


def test_a_broken_list_names_its_line_and_entry(tmp_path: Path) -> None:
    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    data["awardees"] = [{"name": f"Người {i}", "kind": "individual"} for i in range(6)]
    data["awardees"][3]["name"] = ""
    path = tmp_path / "dot.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_model(path)
    line = path.read_text(encoding="utf-8").splitlines().index("- name: ''") + 1
    assert any(p.line == line and p.field is not None and "awardees[3].name" in p.field for p in caught.value.problems)


# --- 2. --split rendered as it is written ------------------------------------------------------


def previous_split(template: Path, contexts: list[dict[str, Any]], post: Any) -> list[bytes]:
    """The per-person files as the previous path made them, all held as bytes."""
    compiled = compile_template(template)
    base = io.BytesIO()
    with zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in compiled.members:
            if info.filename not in compiled.parts:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    files = []
    for context in contexts:
        buffer = io.BytesIO(base.getvalue())
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as out:
            for info, _ in compiled.members:
                if info.filename in compiled.parts:
                    _write_rendered(out, compiled, copy.copy(info), context, data_items(context), post, None, None)
        files.append(buffer.getvalue())
    return files


def round_file(folder: Path, count: int, **extra: Any) -> Path:
    data = yaml.safe_load(AWARDS.read_text(encoding="utf-8"))
    data["awardees"] = [
        {"name": f"Nguyễn Văn Người {i} & <Con>", "kind": "individual", "gender": "male" if i % 2 else "female",
         "unit": f"xã Số {i}"}
        for i in range(1, count + 1)
    ]
    data.update(extra)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "dot.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "extra",
    [{}, {"certificate": {"offset_top_mm": 3, "offset_left_mm": -2}}, {"certificate": {"mode": "fields"}}],
    ids=["plain", "shifted for a form", "fields only"],
)
def test_split_files_are_byte_for_byte_the_previous_ones(extra: dict[str, Any], tmp_path: Path) -> None:
    data = round_file(tmp_path / "data", 12, **extra)
    out = tmp_path / "out"
    render_file(data, out, split=True)
    model, _ = load_model(data)
    context = next(p for p in plan_documents(model) if p.kind == "certificate").context()
    expected = previous_split(
        builtin_template("certificate", model.style),
        [{**context, "certificates": [c]} for c in context["certificates"]],
        _certificate_post(model, "certificate"),
    )
    written = sorted((out / "dot-giay-khen").glob("*.docx"))
    assert len(written) == 12
    assert [p.read_bytes() for p in written] == expected


class _Stop(Exception):
    pass


@pytest.mark.parametrize("error", [TemplateError("Mẫu hỏng."), OSError(28, "No space left on device"), KeyboardInterrupt()])
@pytest.mark.parametrize("force", [False, True])
def test_a_failure_mid_split_leaves_no_file(
    error: BaseException, force: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = round_file(tmp_path / "data", 8)
    out = tmp_path / "out"
    if force:  # a previous run's files stay exactly as they were
        render_file(round_file(tmp_path / "old", 5), out, split=True)
        (out / "dot.yaml").write_bytes(b"")  # not ours: must stay too
    before = _files(out)
    real = pipeline.docx_maker

    def failing(*args: Any, **kwargs: Any) -> Any:
        make = real(*args, **kwargs)
        calls = iter(range(100))

        def made(context: dict[str, Any]) -> bytes:
            if next(calls) == 5:
                raise error
            return make(context)

        return made

    monkeypatch.setattr(pipeline, "docx_maker", failing)
    expected: type[BaseException] = KeyboardInterrupt if isinstance(error, KeyboardInterrupt) else (
        TemplateError if isinstance(error, TemplateError) else OutputError
    )
    with pytest.raises(expected):
        render_file(data, out, split=True, force=force)
    assert _files(out) == before  # no new file, no temporary one, the old ones untouched


def _files(folder: Path) -> dict[Path, bytes]:
    """Every file under ``folder`` (an empty folder made on the way does not count)."""
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


def test_write_all_takes_a_writer_beside_bytes(tmp_path: Path) -> None:
    calls: list[str] = []

    def writer(handle: BinaryIO) -> None:
        calls.append("w")
        handle.write("Giấy khen".encode())

    written = write_all({tmp_path / "a.docx": b"bytes", tmp_path / "b.docx": writer}, force=False)
    assert written == [tmp_path / "a.docx", tmp_path / "b.docx"]
    assert (tmp_path / "a.docx").read_bytes() == b"bytes"
    assert (tmp_path / "b.docx").read_text(encoding="utf-8") == "Giấy khen"
    assert calls == ["w"]


def test_a_writer_that_fails_leaves_the_previous_files(tmp_path: Path) -> None:
    write_all({tmp_path / "a.docx": b"old a", tmp_path / "b.docx": b"old b"}, force=False)

    def writer(handle: BinaryIO) -> None:
        handle.write(b"half")
        raise _Stop

    with pytest.raises(_Stop):
        write_all({tmp_path / "a.docx": b"new a", tmp_path / "b.docx": writer}, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"]
    assert (tmp_path / "a.docx").read_bytes() == b"old a" and (tmp_path / "b.docx").read_bytes() == b"old b"


WITHOUT_LIBYAML = """
import sys, yaml
from pathlib import Path
del yaml.CSafeLoader  # PyYAML installed without libyaml
from draftkit import datafile
assert datafile._FAST_LOADER is yaml.SafeLoader
warnings = []
text = Path(sys.argv[1]).read_text(encoding="utf-8")
assert datafile._stream_yaml(text) is not None
print(repr(datafile._parse_yaml(text, Path("x.yaml"), warnings)), repr(warnings))
"""


def test_without_libyaml_it_streams_the_same(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "x.yaml"
    path.write_text(AWARDS.read_text(encoding="utf-8") + "\nextra: {name: A, unit: thôn X, xã Y}\nmoney: 1.500\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    shown = subprocess.run(
        [sys.executable, "-c", WITHOUT_LIBYAML, str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()
    data, lines, warnings = whole(text)
    assert shown == f"{(data, lines)!r} {warnings!r}"

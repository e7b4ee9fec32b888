"""draftkit as a clerk installs it: the built wheel, in a fresh venv and HOME, outside the clone.

The wheel must carry everything draftkit reads at run time (templates, rules, examples); an
audit hook in the installed interpreter records every file opened or listed under the source
tree, so a run that would only work beside the clone fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, soffice

BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""

# Installed as sitecustomize.py on the fresh venv's path: records any file draftkit opens,
# lists or stats under the source tree.
AUDIT = '''
import os, sys
_ROOT = os.path.normcase(os.path.realpath({root!r}))
_LOG = {log!r}
_EVENTS = {{"open", "os.listdir", "os.scandir", "os.stat"}}

def _hook(event, args):
    if event not in _EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    try:
        path = os.fsdecode(args[0])
    except Exception:
        return
    full = os.path.normcase(os.path.realpath(path)) if path else ""
    if full == _ROOT or full.startswith(_ROOT + os.sep):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(event + " " + path + "\\n")

sys.addaudithook(_hook)
'''


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("draftkit_vn-*.whl")
    return found


def test_the_wheel_carries_templates_rules_and_examples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, suffix in (("templates", ".docx"), ("rules/state", ".toml"), ("rules/party", ".toml"), ("examples", ".yaml")):
        shipped = sorted(n for n in names if n.startswith(f"draftkit/{folder}/") and n.endswith(suffix))
        source = sorted(p.name for p in (ROOT / ("src/draftkit/" + folder if folder != "examples" else folder)).glob(f"*{suffix}"))
        assert [Path(n).name for n in shipped] == source, folder
    assert "draftkit/rules/awards.toml" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Name: draftkit-vn" in text
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "draftkit = draftkit.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, outside the source tree, with only the wheel (and its dependencies)."""
    place = tmp_path_factory.mktemp("clerk-pc")
    assert ROOT not in place.parents
    env_dir = place / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / BIN / f"python{EXE}"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
        cwd=place,
    )
    return env_dir


def clerk_env(place: Path, hook_dir: Path) -> dict[str, str]:
    """A fresh user: new HOME and profile folders, nothing of the developer's environment."""
    home = place / "home"
    home.mkdir(exist_ok=True)
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "LANG", "LC_ALL", "TMPDIR", "TEMP", "TMP")}
    return {
        **keep,
        "HOME": str(home),
        "USERPROFILE": str(home),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "PYTHONPATH": str(hook_dir),
        "PYTHONIOENCODING": "utf-8",
    }


def test_installed_wheel_writes_an_example_renders_and_checks_it(installed: Path, tmp_path: Path) -> None:
    log = tmp_path / "source-tree-reads.log"
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(AUDIT.format(root=str(ROOT), log=str(log)), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = clerk_env(tmp_path, hook_dir)
    draftkit = str(installed / BIN / f"draftkit{EXE}")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([draftkit, *args], cwd=work, env=env, capture_output=True, text=True, encoding="utf-8")
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    version = run("--version").stdout
    assert version.startswith("draftkit ") and "draftkit-vn" in version

    run("example", "awards", "-o", "x.yaml")
    assert (work / "x.yaml").read_text(encoding="utf-8").startswith("# Tệp dữ liệu mẫu")
    pdf = soffice() is not None
    rendered = run("render", "x.yaml", "-o", "out", *(["--pdf"] if pdf else []))
    documents = sorted((work / "out").glob("*.docx"))
    assert [d.name for d in documents] == ["x-danh-sach.docx", "x-giay-khen.docx", "x-quyet-dinh.docx"]
    assert "Đã tạo:" in rendered.stdout
    if pdf:
        assert sorted(p.stem for p in (work / "out").glob("*.pdf")) == [d.stem for d in documents]

    checked = run("check", "--json", *(str(d) for d in documents))
    assert [report["ok"] for report in json.loads(checked.stdout)] == [True, True, True]
    assert run("check", str(documents[0])).stdout.count("Đạt: văn bản đúng thể thức") == 1

    from docx_helpers import body_paragraphs, open_docx

    decision = [p.text for p in body_paragraphs(open_docx(work / "out" / "x-quyet-dinh.docx"))]
    assert any(text.startswith("Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Ngọc Trung") for text in decision)

    # The hook itself works (it sees a read of the clone), and draftkit never made one.
    probe = subprocess.run(
        [str(installed / BIN / f"python{EXE}"), "-c", f"open({str(ROOT / 'pyproject.toml')!r}).close()"],
        env=env,
        cwd=work,
        capture_output=True,
    )
    assert probe.returncode == 0
    reads = log.read_text(encoding="utf-8").splitlines()
    assert reads == [f"open {ROOT / 'pyproject.toml'}"], reads


# --- docs/huong-dan.md gives the folders draftkit really uses on each system


def os_folders(system: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """(profile folder, cache folder) as draftkit's own code finds them on ``system``."""
    import platformdirs
    from platformdirs import macos, unix, windows

    from draftkit.docx_engine import _render
    from draftkit.template_search import config_dir

    classes = {"windows": windows.Windows, "macos": macos.MacOS, "ubuntu": unix.Unix}
    # Windows asks the system for its folders; here the answer a default install gives.
    monkeypatch.setattr(windows, "get_win_folder", lambda csidl: {"CSIDL_LOCAL_APPDATA": r"C:\Users\<tên>\AppData\Local"}[csidl])
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("DRAFTKIT_NO_CACHE", raising=False)
    monkeypatch.setenv("HOME", "/HOME")
    cls = classes[system]
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: cls(*a, **k).user_config_dir)
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: cls(*a, **k).user_cache_dir)
    cache = _render._cache_folder()
    assert cache is not None
    found = []
    for path in (config_dir(), cache.parent):
        text = str(path)
        text = text.replace("/", "\\") if system == "windows" else text.replace("/HOME", "~")
        found.append(text + ("\\" if system == "windows" else "/"))
    return found[0], found[1]


@pytest.mark.parametrize("system", ["windows", "ubuntu", "macos"])
def test_the_guide_names_the_profile_and_cache_folders(system: str, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = (ROOT / "docs" / "huong-dan.md").read_text(encoding="utf-8")
    profile, cache = os_folders(system, monkeypatch)
    assert f"`{profile}`" in guide
    assert f"`{cache}`" in guide

"""Finding LibreOffice on Windows, macOS and Linux, with the machine passed in."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping

import pytest

from draftkit.errors import ConversionError
from draftkit.pdf import ENV_VARIABLE, System, locate_soffice, require_soffice

WIN_DEFAULT = r"C:\Program Files\LibreOffice\program\soffice.exe"
WIN_X86 = r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"
MAC_APP = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def machine(
    platform: str,
    files: Iterable[str] = (),
    path: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
    registry: Iterable[str] = (),
    opt: Iterable[str] = (),
) -> System:
    present = set(files)
    on_path = dict(path or {})
    return System(
        platform=platform,
        environ=dict(environ or {}),
        is_file=lambda candidate: candidate in present,
        which=on_path.get,
        registry=lambda: list(registry),
        glob=lambda pattern: sorted(opt),
        home="/Users/van-thu",
    )


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        pytest.param(machine("win32", files=[WIN_DEFAULT]), WIN_DEFAULT, id="windows-program-files"),
        pytest.param(machine("win32", files=[WIN_X86]), WIN_X86, id="windows-program-files-x86"),
        pytest.param(
            machine(
                "win32",
                files=[r"D:\Apps\LibreOffice\program\soffice.exe", WIN_DEFAULT],
                registry=[r"D:\Apps\LibreOffice\program"],
            ),
            r"D:\Apps\LibreOffice\program\soffice.exe",
            id="windows-registry-before-program-files",
        ),
        pytest.param(
            machine("win32", files=[r"E:\LO\program\soffice.exe"], registry=[r"E:\LO"]),
            r"E:\LO\program\soffice.exe",
            id="windows-registry-top-folder",
        ),
        pytest.param(
            machine(
                "win32",
                files=[r"D:\PF\LibreOffice\program\soffice.exe"],
                environ={"ProgramFiles": r"D:\PF"},
            ),
            r"D:\PF\LibreOffice\program\soffice.exe",
            id="windows-program-files-elsewhere",
        ),
        pytest.param(
            machine("win32", files=[WIN_DEFAULT], path={"soffice": r"C:\Tools\soffice.exe"}),
            r"C:\Tools\soffice.exe",
            id="windows-path-first",
        ),
        pytest.param(machine("darwin", files=[MAC_APP]), MAC_APP, id="macos-applications"),
        pytest.param(
            machine("darwin", files=["/Users/van-thu/Applications/LibreOffice.app/Contents/MacOS/soffice"]),
            "/Users/van-thu/Applications/LibreOffice.app/Contents/MacOS/soffice",
            id="macos-user-applications",
        ),
        pytest.param(machine("linux", path={"soffice": "/usr/bin/soffice"}), "/usr/bin/soffice", id="linux-path"),
        pytest.param(
            machine("linux", path={"libreoffice": "/usr/local/bin/libreoffice"}),
            "/usr/local/bin/libreoffice",
            id="linux-path-libreoffice",
        ),
        pytest.param(
            machine(
                "linux",
                files=["/opt/libreoffice24.8/program/soffice"],
                opt=["/opt/libreoffice24.8/program/soffice"],
            ),
            "/opt/libreoffice24.8/program/soffice",
            id="linux-opt",
        ),
        pytest.param(
            machine(
                "win32",
                files=[r"D:\Portable\soffice.exe", WIN_DEFAULT],
                environ={ENV_VARIABLE: r"D:\Portable\soffice.exe"},
            ),
            r"D:\Portable\soffice.exe",
            id="variable-before-everything",
        ),
        pytest.param(
            machine("linux", files=["/srv/lo/soffice"], environ={ENV_VARIABLE: '"/srv/lo/soffice"'}),
            "/srv/lo/soffice",
            id="variable-quoted-as-windows-copies-it",
        ),
    ],
)
def test_soffice_is_found_where_it_is_installed(system: System, expected: str) -> None:
    assert locate_soffice(system).path == expected
    assert require_soffice(system) == expected


@pytest.mark.parametrize(
    ("system", "searched", "hint"),
    [
        pytest.param(
            machine("win32"),
            [f"biến {ENV_VARIABLE} (chưa đặt)", "PATH (soffice, libreoffice)", WIN_DEFAULT, WIN_X86],
            "winget install TheDocumentFoundation.LibreOffice",
            id="windows",
        ),
        pytest.param(
            machine("win32", registry=[r"D:\Gone\program"]),
            [r"D:\Gone\program\soffice.exe", WIN_DEFAULT],
            "libreoffice.org",
            id="windows-registry-stale",
        ),
        pytest.param(machine("darwin"), [MAC_APP], "brew install --cask libreoffice", id="macos"),
        pytest.param(
            machine("linux"),
            ["PATH (soffice, libreoffice)", "/opt/libreoffice*/program/soffice"],
            "sudo apt-get install libreoffice-writer-nogui fonts-liberation2",
            id="linux",
        ),
    ],
)
def test_the_error_names_every_place_searched_and_how_to_install(
    system: System, searched: list[str], hint: str
) -> None:
    assert locate_soffice(system).path is None
    with pytest.raises(ConversionError) as caught:
        require_soffice(system)
    message = caught.value.message
    assert message.startswith("Chưa cài LibreOffice nên không chuyển sang PDF được. Đã tìm ở: ")
    for place in searched:
        assert place in message
    assert caught.value.hint is not None and hint in caught.value.hint


def test_a_wrong_variable_is_refused_not_replaced_by_another_copy() -> None:
    """The user said which LibreOffice to use: another one found on PATH is not used instead."""
    system = machine(
        "win32",
        files=[WIN_DEFAULT],
        path={"soffice": r"C:\Tools\soffice.exe"},
        environ={ENV_VARIABLE: r"D:\Typo\soffice.exe"},
    )
    assert locate_soffice(system).path is None
    with pytest.raises(ConversionError) as caught:
        require_soffice(system)
    assert f"biến {ENV_VARIABLE} trỏ tới “D:\\Typo\\soffice.exe”" in caught.value.message
    assert caught.value.hint is not None and f"Sửa hoặc xóa biến {ENV_VARIABLE}" in caught.value.hint


@pytest.mark.skipif(sys.platform == "win32", reason="reads the real registry there")
def test_the_registry_reader_is_harmless_off_windows() -> None:
    from draftkit.pdf import _registry_install_paths

    assert _registry_install_paths() == []

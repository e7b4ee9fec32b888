"""Specification of the office profile (draftkit.profile, ``draftkit profile``).

tests/conftest.py points XDG_CONFIG_HOME at a fresh folder for every test, so the profile
lives in ``<that folder>/draftkit/profile.yaml`` and no test sees another's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docx_helpers import all_text, open_docx
from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.profile import load_profile, profile_path
from test_interview import ANSWERS, SAVE, at
from test_new_awards import CLOSING, GO_ON, ROUND, TYPED

ISSUER = {
    "parent": "UBND TỈNH THANH HÓA",
    "name": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC",
    "code": "UBND",
    "place": "Ngọc Lặc",
}
SIGNER = {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}
PROFILE_TEXT = (
    "style: state\n"
    "issuer: {parent: UBND TỈNH THANH HÓA, name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC, code: UBND, place: Ngọc Lặc}\n"
    "signer: {authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Hòa}\n"
    "recipients: [Thường trực Huyện ủy, 'Lưu: VT, VP']\n"
)

# `draftkit profile`: style, issuer (4), signer (3), recipients, then save.
PROFILE_ANSWERS = [
    "",  # Thể thức [state]
    *ISSUER.values(),
    *SIGNER.values(),
    "Thường trực Huyện ủy",
    "Lưu: VT, VP",
    "",  # end of Nơi nhận
    "",  # Người ký báo cáo khác mục “Người ký”? [k]
    "",  # Người ký quyết định khen thưởng khác? [k]
    "c",  # Lưu hồ sơ?
]


def typed(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def invoke(args: list[str], lines: list[str] | None = None) -> Any:
    return CliRunner().invoke(app, args, input=typed(lines or []), env={"COLUMNS": "140"})


@pytest.fixture
def profile() -> Path:
    """The profile file of this test (in the private XDG_CONFIG_HOME), not written yet."""
    return profile_path()


def write_profile(path: Path, text: str = PROFILE_TEXT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_profile_asks_saves_and_shows(profile: Path, private_config_home: Path) -> None:
    assert profile == private_config_home / "draftkit" / "profile.yaml"

    result = invoke(["profile"], PROFILE_ANSWERS)

    assert result.exit_code == 0, result.output
    assert "Xem lại hồ sơ cơ quan" in result.output
    assert f"Đã lưu hồ sơ cơ quan: {profile}" in result.output
    assert load_profile(profile) == {
        "style": "state",
        "issuer": ISSUER,
        "signer": SIGNER,
        "recipients": ["Thường trực Huyện ủy", "Lưu: VT, VP"],
    }

    shown = invoke(["profile", "--show"])
    assert shown.exit_code == 0, shown.output
    assert f"Hồ sơ cơ quan ({profile})" in shown.output
    assert "Họ và tên người ký: Nguyễn Văn Hòa" in shown.output
    assert "Nơi nhận 2: Lưu: VT, VP" in shown.output

    # Asked again, every answer is offered as the default: Enter keeps it.
    again = invoke(["profile"], ["", "", "", "", "", "", "", "Trần Văn Bảo", "", "", "", "", "", "c"])
    assert again.exit_code == 0, again.output
    assert "Tên cơ quan ban hành [ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC]: " in again.output
    assert load_profile(profile) == {
        "style": "state",
        "issuer": ISSUER,
        "signer": {**SIGNER, "name": "Trần Văn Bảo"},
        "recipients": ["Thường trực Huyện ủy", "Lưu: VT, VP"],
    }


def test_show_without_a_profile_says_how_to_make_one(profile: Path) -> None:
    result = invoke(["profile", "--show"])

    assert result.exit_code == 0, result.output
    assert f"Chưa có hồ sơ cơ quan ({profile})." in result.output
    assert "draftkit profile" in result.output


def test_answering_no_keeps_the_old_profile(profile: Path) -> None:
    write_profile(profile)

    result = invoke(["profile"], [*PROFILE_ANSWERS[:-1], "k"])

    assert result.exit_code == 0, result.output
    assert "Chưa lưu hồ sơ cơ quan." in result.output
    assert profile.read_text(encoding="utf-8") == PROFILE_TEXT


def test_the_report_interview_prefills_from_the_profile(tmp_path: Path, profile: Path) -> None:
    write_profile(profile)
    lines = list(ANSWERS)
    # Enter at every profile question: style, issuer (4), signer (3), recipients (2 + end).
    for first, count in ((1, 4), (at("TM. ỦY BAN NHÂN DÂN"), 3), (at("Thường trực Huyện ủy"), 2)):
        lines[first : first + count] = [""] * count

    # "Dùng thông tin cơ quan đã lưu?" k: each section is asked, the profile as its default.
    result = invoke(["new-report", "-o", str(tmp_path), "--name", "bc"], ["k", *lines, *SAVE])

    assert result.exit_code == 0, result.output
    output = result.output
    assert "Tên cơ quan ban hành [ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC]: \n" in output
    assert "Họ và tên người ký [Nguyễn Văn Hòa]: \n" in output
    assert "Nơi nhận 2 [Lưu: VT, VP]: \n" in output
    assert "hồ sơ cơ quan, để lần sau" not in output  # there is one already: nothing offered
    data = load_data_file(tmp_path / "bc.yaml").data
    assert (data["issuer"], data["signer"]) == (ISSUER, SIGNER)
    assert data["recipients"] == ["Thường trực Huyện ủy", "Lưu: VT, VP"]


def test_the_first_run_offers_to_save_the_profile(tmp_path: Path, profile: Path) -> None:
    result = invoke(["new-report", "-o", str(tmp_path), "--name", "bc"], [*ANSWERS, *SAVE, "c"])

    assert result.exit_code == 0, result.output
    assert "Lưu thể thức, cơ quan ban hành, người ký, nơi nhận vừa nhập làm hồ sơ cơ quan" in result.output
    assert f"Đã lưu hồ sơ cơ quan: {profile}" in result.output
    assert load_profile(profile) == {
        "style": "state",
        "issuer": ISSUER,
        "signer": SIGNER,
        "recipients": ["Thường trực Huyện ủy", "Lưu: VT, VP"],
        "signers": {"report": SIGNER},  # who signs a report, kept apart from a decision's
    }


def test_an_awards_round_keeps_nhu_dieu_3_out_of_the_profile_and_adds_it_back(tmp_path: Path, profile: Path) -> None:
    first = invoke(["new-awards", "-o", str(tmp_path), "--name", "a"], [*ROUND, *TYPED, *GO_ON, *CLOSING, "c", "c"])
    assert first.exit_code == 0, first.output
    assert load_profile(profile) == {
        "style": "state",
        "issuer": ISSUER,
        "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"},
        "recipients": ["Lưu: VT, NV"],
        "signers": {"awards": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"}},
    }

    # The next round: the issuer and signer come from the profile, "Như Điều 3" back in front
    # (k: not all at once, each section asked with the profile's value as its default).
    lines = ["k", "", "", "", "", "", "15", "20/12/2024", "", "", "đã có thành tích", "", *TYPED, *GO_ON]
    lines += ["", "", "", "", "", "", "", "c"]  # order, signer (3), recipients (2 + end), save
    second = invoke(["new-awards", "-o", str(tmp_path)], lines)
    assert second.exit_code == 0, second.output
    assert "Nơi nhận 1 [Như Điều 3]: " in second.output
    assert "Nơi nhận 2 [Lưu: VT, NV]: " in second.output
    data = load_data_file(tmp_path / "khen-thuong-2024.yaml").data
    assert data["issuer"] == ISSUER
    assert data["signer"]["name"] == "Trịnh Văn Dũng"
    assert data["recipients"] == ["Như Điều 3", "Lưu: VT, NV"]


def test_render_fills_missing_keys_from_the_profile_and_the_files_own_keys_win(
    tmp_path: Path, profile: Path
) -> None:
    write_profile(profile, PROFILE_TEXT.replace("style: state", "style: party"))
    data = tmp_path / "bc.yaml"
    data.write_text(
        "version: 1\ndocument: report\nstyle: state\n"
        "issuer: {name: ỦY BAN NHÂN DÂN XÃ NGỌC TRUNG, code: UBND, place: Ngọc Trung}\n"
        "date: 2023-12-12\ntitle: Tổng kết năm 2023\nopening: Mở đầu.\n"
        "results: [{heading: Kết quả, paragraphs: [Tốt.]}]\n",
        encoding="utf-8",
    )

    result = invoke(["render", str(data), "-o", str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    assert "lấy từ hồ sơ cơ quan" in result.output
    warning = next(line for line in result.output.splitlines() if "hồ sơ cơ quan" in line)
    assert "Người ký (signer)" in warning and "Nơi nhận (recipients)" in warning
    assert "(issuer)" not in warning and "(style)" not in warning
    text = all_text(open_docx(tmp_path / "out" / "bc.docx"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text  # the file's own style
    assert "ỦY BAN NHÂN DÂN\nXÃ NGỌC TRUNG" in text  # the file's own issuer (on two lines)
    assert "HUYỆN NGỌC LẶC" not in text
    assert "Nguyễn Văn Hòa" in text  # the profile's signer
    assert "- Thường trực Huyện ủy;" in text


def test_without_a_profile_missing_keys_are_errors_as_before(tmp_path: Path) -> None:
    data = tmp_path / "bc.yaml"
    data.write_text(
        "version: 1\ndocument: report\ndate: 2023-12-12\ntitle: T\nopening: M.\nresults: [{heading: K, paragraphs: [P.]}]\n",
        encoding="utf-8",
    )

    result = invoke(["render", str(data), "-o", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert "Thiếu “Người ký”." in result.output


def test_a_broken_profile_is_reported_only_when_needed(tmp_path: Path, profile: Path, ngoc_lac_report: Path) -> None:
    write_profile(profile, "signer: {title: CHỦ TỊCH}\n")
    complete = invoke(["render", str(ngoc_lac_report), "-o", str(tmp_path / "a")])
    assert complete.exit_code == 0, complete.output

    data = tmp_path / "bc.yaml"
    data.write_text(
        "version: 1\ndocument: report\nissuer: {name: UBND XÃ A, code: UBND, place: A}\n"
        "date: 2023-12-12\ntitle: T\nopening: M.\nresults: [{heading: K, paragraphs: [P.]}]\nrecipients: [B]\n",
        encoding="utf-8",
    )
    lacking = invoke(["render", str(data), "-o", str(tmp_path / "b")])
    assert lacking.exit_code == 1
    assert str(profile) in lacking.output
    assert "dòng 1" in lacking.output and "Thiếu “Họ và tên người ký”." in lacking.output


def test_a_data_file_without_the_profile_keys_takes_them_from_the_profile(
    tmp_path: Path, profile: Path, ngoc_lac_report: Path
) -> None:
    write_profile(profile, PROFILE_TEXT.replace("Nguyễn Văn Hòa", "Trần Văn Bảo"))
    data = load_data_file(ngoc_lac_report).data
    for key in ("style", "signer", "recipients"):
        del data[key]
    from draftkit.datafile import dump_yaml

    old = tmp_path / "cu.yaml"
    old.write_text(dump_yaml(data), encoding="utf-8")

    result = invoke(["new-report", "-o", str(tmp_path / "moi"), "--data", str(old), "--name", "bc"], ["k", "c"])

    assert result.exit_code == 0, result.output
    assert "Tệp không có “Thể thức”, “Người ký”, “Nơi nhận”: lấy từ hồ sơ cơ quan" in result.output
    assert "Tệp đã đủ thông tin" in result.output
    written = load_data_file(tmp_path / "moi" / "bc.yaml").data
    assert written["issuer"] == data["issuer"]  # the file's own
    assert written["signer"] == {**SIGNER, "name": "Trần Văn Bảo"}
    assert written["recipients"] == ["Thường trực Huyện ủy", "Lưu: VT, VP"]

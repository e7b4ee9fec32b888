"""Specification of the office profile's signers per kind of document, and of taking the
whole saved office with one key.

tests/conftest.py gives each test a private config folder, so ``profile_path()`` is this
test's profile. The interviews are driven through the CLI with typed answers; what is
checked is the data file written, the .docx and the profile file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docx_helpers import all_text, open_docx
from draftkit.cli import app
from draftkit.datafile import load_data_file
from draftkit.profile import load_profile, profile_for, profile_path, with_signer_for
from test_interview import ANSWERS, at
from test_new_awards import REASON, TYPED

ISSUER = {"parent": "UBND TỈNH THANH HÓA", "name": "ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC", "code": "UBND", "place": "Ngọc Lặc"}
REPORT_SIGNER = {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}
DECISION_SIGNER = {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trịnh Văn Dũng"}

OLD_PROFILE = (
    "style: state\n"
    "issuer: {parent: UBND TỈNH THANH HÓA, name: ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC, code: UBND, place: Ngọc Lặc}\n"
    "signer: {authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Hòa}\n"
    "recipients: [Thường trực Huyện ủy, 'Lưu: VT, VP']\n"
)
NEW_PROFILE = OLD_PROFILE + (
    "signers:\n"
    "  report: {authority: TM. ỦY BAN NHÂN DÂN, title: CHỦ TỊCH, name: Nguyễn Văn Hòa}\n"
    "  awards: {authority: KT. CHỦ TỊCH, title: PHÓ CHỦ TỊCH, name: Trịnh Văn Dũng}\n"
)


def invoke(args: list[str], lines: list[str] | None = None) -> Any:
    return CliRunner().invoke(app, args, input="\n".join(lines or []) + "\n", env={"COLUMNS": "200"})


def write_profile(text: str) -> Path:
    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def flat(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------- the stored profile


def test_an_old_profile_still_loads_and_a_new_one_keeps_both_signers() -> None:
    old = load_profile(write_profile(OLD_PROFILE))
    assert old is not None and "signers" not in old
    new = load_profile(write_profile(NEW_PROFILE))
    assert new is not None
    assert new["signers"] == {"report": REPORT_SIGNER, "awards": DECISION_SIGNER}


def test_a_signer_for_an_unknown_kind_is_refused_with_its_line() -> None:
    from draftkit.errors import InputError

    path = write_profile(OLD_PROFILE + "signers:\n  list: {title: CHỦ TỊCH, name: A}\n")
    with pytest.raises(InputError) as refused:
        load_profile(path)
    assert refused.value.problems[0].line == 5  # the line of “signers:”


@pytest.mark.parametrize(
    ("profile", "document", "signer", "noted"),
    [
        # The kind's own signer wins.
        ({"signer": REPORT_SIGNER, "signers": {"awards": DECISION_SIGNER}}, "awards", DECISION_SIGNER, False),
        ({"signer": REPORT_SIGNER, "signers": {"awards": DECISION_SIGNER}}, "report", REPORT_SIGNER, False),
        # Only a report's signer: a state decision is the Chủ tịch's own, no "TM." line.
        ({"signer": REPORT_SIGNER}, "awards", {"title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}, True),
        ({"signer": REPORT_SIGNER}, "report", REPORT_SIGNER, False),
        ({"signer": DECISION_SIGNER}, "awards", DECISION_SIGNER, False),
        # A Party committee signs T/M for its decisions too: kept.
        (
            {"style": "party", "signer": {"authority": "T/M BAN THƯỜNG VỤ", "title": "BÍ THƯ", "name": "A"}},
            "awards",
            {"authority": "T/M BAN THƯỜNG VỤ", "title": "BÍ THƯ", "name": "A"},
            False,
        ),
        ({}, "awards", None, False),
    ],
    ids=["own-awards", "own-report", "tm-for-decision", "tm-for-report", "kt-for-decision", "party", "empty"],
)
def test_the_signer_offered_for_each_kind(
    profile: dict[str, Any], document: str, signer: dict[str, str] | None, noted: bool
) -> None:
    values, note = profile_for(profile, document)
    assert values.get("signer") == signer
    assert "signers" not in values  # no data file has it
    assert (note is not None) is noted


def test_with_signer_for_keeps_the_general_signer() -> None:
    values = with_signer_for({"signer": REPORT_SIGNER}, "awards", DECISION_SIGNER)
    assert values == {"signer": REPORT_SIGNER, "signers": {"awards": DECISION_SIGNER}}
    fresh = with_signer_for({}, "report", REPORT_SIGNER)
    assert fresh == {"signer": REPORT_SIGNER, "signers": {"report": REPORT_SIGNER}}


# ------------------------------------------------------------------- one key for the office

# new-awards with the profile taken at once: no style, issuer, signer or recipients asked.
AWARDS_WITH_PROFILE = [
    "",  # Dùng thông tin cơ quan đã lưu? [c]
    "3150",  # Số văn bản
    "14/12/2023",  # Ngày ký
    "",  # Thẩm quyền [CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NGỌC LẶC]
    "",  # Hình thức [Giấy khen]
    REASON,
    "Xét đề nghị của Trưởng phòng Nội vụ huyện",
    *TYPED,
    "",  # the table: Enter
    "",  # Thứ tự [given]
    "c",  # Lưu và tạo văn bản?
]


def test_enter_takes_the_saved_office_and_the_decisions_own_signer(tmp_path: Path) -> None:
    write_profile(NEW_PROFILE)

    result = invoke(["new-awards", "-o", str(tmp_path), "--name", "kt"], AWARDS_WITH_PROFILE)

    assert result.exit_code == 0, result.output
    output = result.output
    assert "Thông tin cơ quan đã lưu" in output
    assert "Dùng thông tin cơ quan đã lưu? (c/k) [c]: " in output
    for label in ("Thể thức [", "Tên cơ quan ban hành [", "Họ và tên người ký [", "Nơi nhận 1 ["):
        assert label not in output, label
    data = load_data_file(tmp_path / "kt.yaml").data
    assert data["issuer"] == ISSUER
    assert data["signer"] == DECISION_SIGNER
    assert data["recipients"] == ["Như Điều 3", "Thường trực Huyện ủy", "Lưu: VT, VP"]
    text = all_text(open_docx(tmp_path / "kt-quyet-dinh.docx"))
    assert "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text
    assert "TM. ỦY BAN NHÂN DÂN" not in text
    assert "làm người ký" not in output  # the profile's own signer: nothing to remember


def test_the_report_takes_the_reports_signer(tmp_path: Path) -> None:
    write_profile(NEW_PROFILE)
    lines = list(ANSWERS)
    signer, recipients = at("TM. ỦY BAN NHÂN DÂN"), at("Thường trực Huyện ủy")
    # Enter takes the office: style, issuer, signer and recipients are not asked.
    lines = ["", *lines[5:signer], *lines[signer + 3 : recipients], *lines[recipients + 3 :]]

    result = invoke(["new-report", "-o", str(tmp_path), "--name", "bc"], [*lines, "c"])

    assert result.exit_code == 0, result.output
    data = load_data_file(tmp_path / "bc.yaml").data
    assert data["signer"] == REPORT_SIGNER
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" in all_text(open_docx(tmp_path / "bc.docx"))


def test_an_old_profile_offers_a_decision_without_the_tm_line_and_says_why(tmp_path: Path) -> None:
    path = write_profile(OLD_PROFILE)

    result = invoke(["new-awards", "-o", str(tmp_path), "--name", "kt"], [*AWARDS_WITH_PROFILE, "k"])

    assert result.exit_code == 0, result.output
    assert "Quyết định khen thưởng là thẩm quyền riêng của Chủ tịch" in flat(result.output)
    data = load_data_file(tmp_path / "kt.yaml").data
    assert data["signer"] == {"title": "CHỦ TỊCH", "name": "Nguyễn Văn Hòa"}
    text = all_text(open_docx(tmp_path / "kt-quyet-dinh.docx"))
    assert "TM. ỦY BAN NHÂN DÂN" not in text and "CHỦ TỊCH\n" in text
    # Differs from what the profile says: offered to keep as the decision's signer; k = no.
    assert "làm người ký quyết định khen thưởng trong hồ sơ cơ quan?" in flat(result.output)
    assert path.read_text(encoding="utf-8") == OLD_PROFILE


def test_k_asks_each_section_with_the_profile_as_its_default(tmp_path: Path) -> None:
    write_profile(NEW_PROFILE)
    lines = ["k", "", "", "", "", "", *AWARDS_WITH_PROFILE[1:-2], "", "", "", "", "", "", "", "", "c"]

    result = invoke(["new-awards", "-o", str(tmp_path), "--name", "kt"], lines)

    assert result.exit_code == 0, result.output
    assert "Họ và tên người ký [Trịnh Văn Dũng]: " in result.output
    assert load_data_file(tmp_path / "kt.yaml").data["signer"] == DECISION_SIGNER


def test_a_new_signer_is_remembered_for_its_kind(tmp_path: Path) -> None:
    path = write_profile(OLD_PROFILE)
    lines = list(ANSWERS)
    lines[at("TM. ỦY BAN NHÂN DÂN") : at("TM. ỦY BAN NHÂN DÂN") + 3] = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Tám"]

    result = invoke(["new-report", "-o", str(tmp_path), "--name", "bc"], ["k", *lines, "c", "c"])

    assert result.exit_code == 0, result.output
    assert "Lưu “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lê Văn Tám” làm người ký báo cáo trong hồ sơ cơ quan?" in flat(
        result.output
    )
    saved = load_profile(path)
    assert saved is not None
    assert saved["signer"] == REPORT_SIGNER  # the general signer stays
    assert saved["signers"] == {"report": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Lê Văn Tám"}}


def test_the_profile_command_asks_and_shows_the_decisions_signer() -> None:
    answers = [
        "", *ISSUER.values(), *REPORT_SIGNER.values(), "Thường trực Huyện ủy", "",
        "",  # Người ký báo cáo khác? [k]
        "c", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trịnh Văn Dũng",  # Người ký quyết định khen thưởng khác? c
        "c",  # Lưu hồ sơ?
    ]  # fmt: skip

    result = invoke(["profile"], answers)

    assert result.exit_code == 0, result.output
    assert "Người ký quyết định khen thưởng thường là: CHỦ TỊCH (không có dòng TM.)" in flat(result.output)
    saved = load_profile(profile_path())
    assert saved is not None and saved["signers"] == {"awards": DECISION_SIGNER}
    shown = invoke(["profile", "--show"])
    assert "6. Người ký quyết định khen thưởng: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Trịnh Văn Dũng" in shown.output
    assert "5. Người ký báo cáo: (như mục “Người ký”)" in shown.output


def test_render_takes_the_kinds_signer_and_warns_about_a_tm_line_for_a_decision(tmp_path: Path) -> None:
    from conftest import NGOC_LAC_AWARDS
    from draftkit.datafile import dump_yaml

    data = load_data_file(NGOC_LAC_AWARDS).data
    del data["signer"]
    file = tmp_path / "kt.yaml"
    file.write_text(dump_yaml(data), encoding="utf-8")

    write_profile(NEW_PROFILE)
    own = invoke(["render", str(file), "-o", str(tmp_path / "a")])
    assert own.exit_code == 0, own.output
    assert "KT. CHỦ TỊCH" in all_text(open_docx(tmp_path / "a" / "kt-quyet-dinh.docx"))

    write_profile(OLD_PROFILE)
    old = invoke(["render", str(file), "-o", str(tmp_path / "b")])
    assert old.exit_code == 0, old.output
    # render reads the profile as the interview does: the Chủ tịch signs in his own name.
    signature = all_text(open_docx(tmp_path / "b" / "kt-quyet-dinh.docx"))
    assert "TM. ỦY BAN NHÂN DÂN" not in signature and "CHỦ TỊCH\n" in signature
    assert "thẩm quyền riêng của Chủ tịch" in flat(old.output)
    assert "draftkit profile" in flat(old.output)

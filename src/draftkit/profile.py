"""The office profile: what rarely changes between the documents of one office.

Style, issuer, signer and the usual recipients, kept as YAML in the user's config
directory (``<config>/draftkit/profile.yaml``). ``draftkit profile`` writes it, the
interviews offer its values as defaults, and :func:`fill_from_profile` lets a data file
leave those keys out: ``draftkit render`` takes them from the profile, and says so.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from .datafile import DataFile, dump_yaml, load_data_file
from .errors import InputError, OutputError, Problem, TextWarning, os_reason
from .models import DocumentData, Issuer, Model, Signer, Text
from .output import write_atomic
from .template_search import config_dir

__all__ = [
    "DOCUMENT_KINDS",
    "PROFILE_FILE",
    "PROFILE_KEYS",
    "SIGNERS_KEY",
    "OfficeProfile",
    "fill_from_profile",
    "load_profile",
    "profile_for",
    "profile_path",
    "save_profile",
    "with_signer_for",
]

# The keys a data file may take from the profile.
PROFILE_KEYS: tuple[str, ...] = ("style", "issuer", "signer", "recipients")
# Who signs each kind of document, when it is not ``signer`` (kept beside it, so that a
# profile written before it existed still loads, and one written after still reads in an
# older draftkit that ignores it... as long as that one allowed unknown keys).
SIGNERS_KEY = "signers"
DOCUMENT_KINDS: dict[str, str] = {"report": "báo cáo", "awards": "quyết định khen thưởng"}
PROFILE_FILE = "profile.yaml"

_TITLES = {key: DocumentData.model_fields[key].title for key in PROFILE_KEYS}


class OfficeProfile(Model):
    """The profile file: every key optional, each typed exactly as in a data file."""

    style: Literal["state", "party"] | None = Field(None, title=_TITLES["style"])
    issuer: Issuer | None = Field(None, title=_TITLES["issuer"])
    signer: Signer | None = Field(None, title=_TITLES["signer"])
    recipients: list[Text] | None = Field(None, min_length=1, title=_TITLES["recipients"])
    signers: dict[Literal["report", "awards"], Signer] | None = Field(
        None,
        title="Người ký theo loại văn bản",
        description="report: báo cáo (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH); awards: quyết định khen thưởng "
        "(CHỦ TỊCH, hoặc KT. CHỦ TỊCH / PHÓ CHỦ TỊCH). Loại văn bản không có ở đây dùng “signer”.",
    )


def profile_path(folder: Path | None = None) -> Path:
    """The profile file in ``folder`` (draftkit's config folder when None)."""
    return (folder if folder is not None else config_dir()) / PROFILE_FILE


def load_profile(path: Path) -> dict[str, Any] | None:
    """The profile's keys as a data file has them; None when there is no profile.

    A profile that cannot be read or does not fit the data-file types raises
    :class:`InputError` naming the profile file and the line, like any data file.
    """
    if not path.is_file():
        return None
    source = load_data_file(path)
    try:
        OfficeProfile.model_validate(source.data)
    except ValidationError as exc:
        from .validation import problem_from_error

        problems = [problem_from_error(err, OfficeProfile, source) for err in exc.errors()]
        raise InputError(path, problems) from None
    return {key: source.data[key] for key in (*PROFILE_KEYS, SIGNERS_KEY) if source.data.get(key) is not None}


def profile_for(profile: Mapping[str, Any], document: str) -> tuple[dict[str, Any], str | None]:
    """The profile as one kind of document uses it: ``signer`` is who signs that kind.

    The one reading of the profile for ``render`` and the interviews alike. The kind's own
    signer when the profile keeps one; else the general ``signer``, except that a state
    decision on commendations is the Chủ tịch's own (Luật Thi đua, khen thưởng 2022 Điều 80;
    vn-document-rules.md 1.5: "CHỦ TỊCH", or "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", never
    "TM. ỦY BAN NHÂN DÂN"). A report's "TM. … / CHỦ TỊCH" then becomes "CHỦ TỊCH" (the same
    person signing in his own name); any other "TM." signer is left out, since who signs the
    decision cannot be told from it: it must be asked, or written in the data file. The
    note (second value) says which, and what to edit. ``signers`` itself is not passed on:
    no data file has it.
    """
    values = {key: value for key, value in profile.items() if key != SIGNERS_KEY}
    own = (profile.get(SIGNERS_KEY) or {}).get(document)
    if isinstance(own, dict):
        values["signer"] = own
        return values, None
    signer = values.get("signer")
    authority = signer.get("authority") if isinstance(signer, dict) else None
    if not (
        document == "awards"
        and values.get("style", "state") == "state"
        and isinstance(signer, dict)
        and isinstance(authority, str)
        and authority.strip().upper().startswith("TM.")
    ):
        return values, None
    assert isinstance(signer, dict) and isinstance(authority, str)
    edit = (
        "Ghi người ký quyết định ở mục “signer” của tệp dữ liệu, hoặc đặt “Người ký quyết định khen thưởng” "
        "bằng: draftkit profile."
    )
    why = (
        f"Hồ sơ cơ quan chỉ có người ký báo cáo (“{authority.strip()} / {signer.get('title', '')}”). Quyết định "
        "khen thưởng là thẩm quyền riêng của Chủ tịch: ký “CHỦ TỊCH”, hoặc cấp phó ký “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH”."
    )
    if str(signer.get("title", "")).strip().upper() == "CHỦ TỊCH":
        values["signer"] = {key: value for key, value in signer.items() if key != "authority"}
        return values, f"{why} Dùng “CHỦ TỊCH / {signer.get('name', '')}” (bỏ dòng “TM.”). {edit}"
    del values["signer"]
    return values, f"{why} Không suy ra được người ký quyết định từ hồ sơ. {edit}"


def with_signer_for(profile: Mapping[str, Any], document: str, signer: Mapping[str, Any]) -> dict[str, Any]:
    """``profile`` keeping ``signer`` as who signs ``document``; the general ``signer`` is
    set too when the profile has none yet."""
    values = {key: copy.deepcopy(value) for key, value in profile.items()}
    signers = dict(values.get(SIGNERS_KEY) or {})
    signers[document] = copy.deepcopy(dict(signer))
    values[SIGNERS_KEY] = signers
    values.setdefault("signer", copy.deepcopy(dict(signer)))
    return values


def save_profile(path: Path, values: Mapping[str, Any]) -> None:
    """Write the profile keys of ``values`` (validated first) to ``path``."""
    keys = (*PROFILE_KEYS, SIGNERS_KEY)
    data = {key: _without_blanks(values[key]) for key in keys if values.get(key) is not None}
    OfficeProfile.model_validate(data)
    header = (
        "# Hồ sơ cơ quan của draftkit: các câu hỏi được điền sẵn từ đây, và tệp dữ liệu\n"
        "# thiếu mục nào trong số này thì “draftkit render” lấy ở đây. Sửa bằng: draftkit profile\n"
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, (header + dump_yaml(data)).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"Không ghi được hồ sơ cơ quan “{path}”: {os_reason(exc)}.") from None


def _without_blanks(value: Any) -> Any:
    """Optional answers left empty (``parent: null``) are left out of the file."""
    if isinstance(value, dict):
        return {k: _without_blanks(v) for k, v in value.items() if v is not None}
    return value


def fill_from_profile(source: DataFile, path: Path | None = None) -> DataFile:
    """``source`` with the profile keys it lacks taken from the profile, and a warning.

    A key given in the file always wins; the profile is not even read when the file
    has them all, so a broken profile cannot stop a complete data file.
    """
    missing = [key for key in PROFILE_KEYS if key not in source.data]
    if not missing:
        return source
    where = path if path is not None else profile_path()
    loaded = load_profile(where)
    document = source.data.get("document")
    # The signer of this kind of document, read exactly as the interview reads it.
    profile, unfit = profile_for(loaded, document) if loaded is not None and isinstance(document, str) else (loaded, None)
    if unfit is not None and "signer" in missing and profile is not None and "signer" not in profile:
        # A signer that cannot be told from the profile is not guessed: refused, saying what to edit.
        raise InputError(source.path, [Problem(unfit, field="signer")])
    taken = [key for key in missing if profile is not None and key in profile]
    if profile is None or not taken:
        return source
    names = ", ".join(f"{_TITLES[key]} ({key})" for key in taken)
    warning = TextWarning("", f"tệp dữ liệu không có {names} nên lấy từ hồ sơ cơ quan {where}.")
    extra = [TextWarning("signer", unfit)] if unfit is not None and "signer" in taken else []
    return DataFile(
        path=source.path,
        data={**source.data, **{key: profile[key] for key in taken}},
        lines=source.lines,
        warnings=[*source.warnings, warning, *extra],
    )

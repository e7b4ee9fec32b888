"""The office profile: what rarely changes between the documents of one office.

Style, issuer, signer and the usual recipients, kept as YAML in the user's config
directory (``<config>/draftkit/profile.yaml``). ``draftkit profile`` writes it, the
interviews offer its values as defaults, and :func:`fill_from_profile` lets a data file
leave those keys out: ``draftkit render`` takes them from the profile, and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from .datafile import DataFile, dump_yaml, load_data_file
from .errors import InputError, OutputError, TextWarning, os_reason
from .models import DocumentData, Issuer, Model, Signer, Text
from .output import write_atomic
from .template_search import config_dir

__all__ = [
    "PROFILE_FILE",
    "PROFILE_KEYS",
    "OfficeProfile",
    "fill_from_profile",
    "load_profile",
    "profile_path",
    "save_profile",
]

PROFILE_KEYS: tuple[str, ...] = ("style", "issuer", "signer", "recipients")
PROFILE_FILE = "profile.yaml"

_TITLES = {key: DocumentData.model_fields[key].title for key in PROFILE_KEYS}


class OfficeProfile(Model):
    """The profile file: every key optional, each typed exactly as in a data file."""

    style: Literal["state", "party"] | None = Field(None, title=_TITLES["style"])
    issuer: Issuer | None = Field(None, title=_TITLES["issuer"])
    signer: Signer | None = Field(None, title=_TITLES["signer"])
    recipients: list[Text] | None = Field(None, min_length=1, title=_TITLES["recipients"])


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
    return {key: source.data[key] for key in PROFILE_KEYS if source.data.get(key) is not None}


def save_profile(path: Path, values: Mapping[str, Any]) -> None:
    """Write the profile keys of ``values`` (validated first) to ``path``."""
    data = {key: _without_blanks(values[key]) for key in PROFILE_KEYS if values.get(key) is not None}
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
    profile = load_profile(where)
    taken = [key for key in missing if profile is not None and key in profile]
    if profile is None or not taken:
        return source
    names = ", ".join(f"{_TITLES[key]} ({key})" for key in taken)
    warning = TextWarning("", f"tệp dữ liệu không có {names} nên lấy từ hồ sơ cơ quan {where}.")
    return DataFile(
        path=source.path,
        data={**source.data, **{key: profile[key] for key in taken}},
        lines=source.lines,
        warnings=[*source.warnings, warning],
    )

"""Office files opened safely: sizes checked before anything is unpacked.

A .docx or .xlsx is a zip. A "zip bomb" (a 2 MB .docx whose XML unpacks to gigabytes)
made ``check`` use 4.2 GB, so the sizes the zip declares are read first. Python's
zipfile never unpacks more than a part declares (it stops there and the checksum fails),
so the declared sizes can be trusted. A password-protected .docx is not a zip at all but
an OLE container (as an old .doc is); it is named as such.

No heavy imports: ``check`` and the template engine both use this before parsing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 500  # deflate reaches ~1,000:1 on a bomb; Word's XML, even 10,000 certificates, ~100:1
RATIO_FLOOR = 1024 * 1024  # small parts may compress as well as they like


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB".replace(",", ".")


def container_problem(path: Path) -> str | None:
    """Why ``path`` is an OLE container rather than a .docx, in Vietnamese; None otherwise."""
    try:
        with path.open("rb") as handle:
            if handle.read(8) != CFB_MAGIC:
                return None
            encrypted = "EncryptedPackage".encode("utf-16-le")
            tail = b""
            while block := handle.read(1 << 20):
                if encrypted in tail + block:
                    return (
                        "được đặt mật khẩu (mã hóa), draftkit không đọc được. Mở bằng Word, "
                        "bỏ mật khẩu (File > Info > Protect Document > Encrypt with Password: xóa trống) rồi lưu lại"
                    )
                tail = block[-len(encrypted) :]
    except OSError:
        return None
    return "là văn bản Word cũ (.doc, Word 97–2003), không phải .docx. Mở bằng Word hoặc LibreOffice và lưu lại thành .docx"


def zip_problem(archive: zipfile.ZipFile) -> str | None:
    """Why unpacking ``archive`` could exhaust the machine, in Vietnamese; None when it is safe.

    Only the sizes the zip declares are read; zipfile never unpacks more than a part
    declares (it stops there and the checksum fails), so they can be trusted.
    """
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        return f"có tới {len(infos):,} phần (tối đa {MAX_MEMBERS:,}): không phải văn bản Word thông thường".replace(",", ".")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        return (
            f"giải nén ra tới {_mb(total)} (tối đa {_mb(MAX_UNCOMPRESSED)}): quá lớn để đọc, "
            "có thể là tệp “bom nén”"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            return (
                f"có phần “{info.filename}” nén bất thường ({_mb(info.compress_size) if info.compress_size > RATIO_FLOOR else 'dưới 1 MB'} "
                f"giải nén ra {_mb(info.file_size)}, gấp {ratio:,} lần): có thể là tệp “bom nén”".replace(",", ".")
            )
    return None



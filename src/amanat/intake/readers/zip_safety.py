"""Checks on an XLSX file before any XML in it is parsed.

An XLSX workbook is a zip archive, so a small file can unpack to gigabytes (a zip
bomb) and a damaged or renamed file fails deep inside the XML parser.  The archive's
directory says how large each member unpacks to, and Python's zip reader stops a
member at that size, so checking the directory is enough.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from amanat.intake.problems import IntakeError

MAX_MEMBERS = 10_000
# A sheet of text compresses about 10:1; a ratio far beyond that is a crafted archive.
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 10 << 20  # small members may compress better without harm
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")


def _size(count: int) -> str:
    return f"{count / (1 << 20):.0f} MiB"


def check_workbook_archive(path: Path, max_unpacked: int) -> None:
    """Raise ``IntakeError`` unless ``path`` is a plausible, safely sized XLSX archive."""
    if path.stat().st_size == 0:
        raise IntakeError("empty_file")
    if not zipfile.is_zipfile(path):
        raise IntakeError("bad_xlsx", text="it is not an XLSX workbook (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IntakeError("bad_xlsx", text=str(exc)) from None
    if len(members) > MAX_MEMBERS:
        raise IntakeError("zip_bomb", text=f"it holds {len(members)} files")
    names = {m.filename for m in members}
    missing = [name for name in REQUIRED_MEMBERS if name not in names]
    if missing:
        raise IntakeError("bad_xlsx", text=f"it lacks {', '.join(missing)}")
    unpacked = sum(m.file_size for m in members)
    if unpacked > max_unpacked:
        raise IntakeError(
            "zip_bomb", text=f"it unpacks to {_size(unpacked)}, over {_size(max_unpacked)}"
        )
    for member in members:
        if member.file_size > RATIO_CHECKED_ABOVE:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                raise IntakeError(
                    "zip_bomb",
                    text=f"{member.filename} is compressed {ratio:.0f} to 1",
                )

"""Reading and writing secret key files, and decoding keys given as base64 text.

Shared by the vault (master key) and the audit trail (checkpoint signing key).
Errors name the file or variable a key came from and never the key itself.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
from pathlib import Path

from amanat.language.i18n import N_
from amanat.language.refusal import Refusal


class KeyLoadError(Refusal):
    """A key could not be loaded; the message names its source, never its material."""


# A key readable by the group or by others is refused rather than warned about:
# the master key unlocks every victim's identity, and a warning in a server log is
# easily missed.  OpenSSH refuses private keys with open permissions for the same reason.
_OPEN_PERMISSIONS = stat.S_IRWXG | stat.S_IRWXO


def read_key_file(path: Path, what: str) -> bytes:
    """Return the bytes of a secret key file after checking it is private to its owner.

    ``what`` names the key in error messages (``"master key"``).  On POSIX systems a
    file with any group or other permission bit set is refused with `KeyLoadError`.
    """
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise KeyLoadError(N_("%(what)s file not found: %(path)s"), what=what, path=path) from None
    except OSError as exc:
        raise KeyLoadError(
            N_("%(what)s file %(path)s cannot be opened: %(strerror)s"),
            what=what,
            path=path,
            strerror=exc.strerror,
        ) from None
    with os.fdopen(fd, "rb") as handle:
        # fstat on the opened descriptor, so the file checked is the file read.
        mode = os.fstat(handle.fileno()).st_mode
        if os.name == "posix" and mode & _OPEN_PERMISSIONS:
            raise KeyLoadError(
                N_(
                    "%(what)s file %(path)s is accessible by group or others (mode "
                    "%(mode)s); run: chmod 600 %(path)s"
                ),
                what=what,
                path=path,
                mode=f"{stat.S_IMODE(mode):04o}",
            )
        return handle.read()


def write_key_file(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 and write ``data``; an existing file is never replaced.

    Overwriting a key file would make everything sealed under the old key unreadable,
    so an existing file is an error (`KeyLoadError`).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyLoadError(
            N_("key file already exists, not overwritten: %(path)s"), path=path
        ) from None
    with os.fdopen(fd, "wb") as handle:
        # The umask can only remove bits from 0600, but set it exactly anyway.
        os.fchmod(handle.fileno(), 0o600)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def decode_base64_key(text: str | bytes, size: int, source: str) -> bytes:
    """Decode base64 text (surrounding whitespace ignored) into exactly ``size`` bytes.

    ``source`` names where the text came from (a file path or variable name).
    """
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        # Chaining is suppressed: the decoder's message could quote part of the input.
        raise KeyLoadError(N_("%(source)s: not valid base64"), source=source) from None
    if len(raw) != size:
        raise KeyLoadError(
            N_("%(source)s: expected %(size)s bytes after base64 decoding, got %(got)s"),
            source=source,
            size=size,
            got=len(raw),
        )
    return raw

"""Ed25519 keys that sign audit checkpoints: generation, files, environment, identifiers.

The private key signs checkpoints on the server (``AMANAT_AUDIT_SIGNING_KEY`` or a key
file); auditors verify with the public key alone (``AMANAT_AUDIT_VERIFY_KEY`` or a file),
so the party that checks the trail need not be able to extend it.  Either key may be
PEM or the base64 text of its 32 raw bytes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from amanat.access.key_file import KeyLoadError, decode_base64_key, read_key_file, write_key_file
from amanat.language.i18n import N_

SIGNING_KEY_ENV = "AMANAT_AUDIT_SIGNING_KEY"
VERIFY_KEY_ENV = "AMANAT_AUDIT_VERIFY_KEY"
_RAW = 32
_PEM_START = b"-----BEGIN"


def public_key_id(public_key: Ed25519PublicKey) -> str:
    """A 16-hex-digit fingerprint, recorded in each checkpoint to tell signing keys apart."""
    return hashlib.sha256(public_key_bytes(public_key)).hexdigest()[:16]


def public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_base64(public_key: Ed25519PublicKey) -> str:
    """The form to give auditors in ``AMANAT_AUDIT_VERIFY_KEY``."""
    return base64.b64encode(public_key_bytes(public_key)).decode("ascii")


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    """The form a private key file holds: PKCS#8 PEM, unencrypted (the file is 0600)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def generate_signing_key_file(path: Path) -> Ed25519PublicKey:
    """Write a new private key to ``path`` (PKCS#8 PEM, mode 0600); return its public key."""
    key = Ed25519PrivateKey.generate()
    write_key_file(path, private_key_pem(key))
    return key.public_key()


def write_verify_key_file(path: Path, public_key: Ed25519PublicKey) -> None:
    """Write a public key as PEM (SubjectPublicKeyInfo); it is not secret."""
    pem = public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    path.write_bytes(pem)


def load_signing_key(path: Path | None, env: Mapping[str, str]) -> Ed25519PrivateKey:
    """The private key from ``path`` if given (mode 0600 required), else the environment."""
    if path is not None:
        data = read_key_file(path, "audit signing key")
        return _private_from(data, f"audit signing key file {path}")
    return _private_from(_from_env(env, SIGNING_KEY_ENV, "audit signing key"), SIGNING_KEY_ENV)


def load_private_key(path: Path, what: str) -> Ed25519PrivateKey:
    """A private key from its key file (mode 0600 required); ``what`` names it in errors."""
    return _private_from(read_key_file(path, what), f"{what} file {path}")


def load_verify_key(path: Path | None, env: Mapping[str, str]) -> Ed25519PublicKey:
    """The public key from ``path`` if given, else the environment."""
    if path is not None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise KeyLoadError(
                N_("audit verify key file %(path)s: %(strerror)s"), path=path, strerror=exc.strerror
            ) from None
        return public_key_from(data, f"audit verify key file {path}")
    return public_key_from(_from_env(env, VERIFY_KEY_ENV, "audit verify key"), VERIFY_KEY_ENV)


def _from_env(env: Mapping[str, str], name: str, what: str) -> bytes:
    text = env.get(name)
    if text is None or not text.strip():
        raise KeyLoadError(N_("no %(what)s: set %(name)s or give a key file"), what=what, name=name)
    return text.encode("utf-8")


def _private_from(data: bytes, source: str) -> Ed25519PrivateKey:
    if data.lstrip().startswith(_PEM_START):
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            raise KeyLoadError(
                N_("%(source)s: not an unencrypted PEM private key"), source=source
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyLoadError(N_("%(source)s: not an Ed25519 key"), source=source)
        return key
    return Ed25519PrivateKey.from_private_bytes(decode_base64_key(data, _RAW, source))


def public_key_from(data: bytes, source: str) -> Ed25519PublicKey:
    """A public key given as PEM or as the base64 text of its 32 bytes; ``source``
    names where it came from in the error (`KeyLoadError`)."""
    if data.lstrip().startswith(_PEM_START):
        try:
            key = serialization.load_pem_public_key(data)
        except (ValueError, TypeError):
            raise KeyLoadError(N_("%(source)s: not a PEM public key"), source=source) from None
        if not isinstance(key, Ed25519PublicKey):
            raise KeyLoadError(N_("%(source)s: not an Ed25519 key"), source=source)
        return key
    try:
        return Ed25519PublicKey.from_public_bytes(decode_base64_key(data, _RAW, source))
    except ValueError:
        raise KeyLoadError(
            N_("%(source)s: not a valid Ed25519 public key"), source=source
        ) from None

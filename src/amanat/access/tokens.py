"""API tokens: random, shown once, stored only as a SHA-256 digest.

A token is ``amanat_<id>_<secret>``; the id finds the row, the digest of the whole
token is compared in constant time.  SHA-256 rather than argon2 is right here: the
secret has 256 bits of entropy, so there is nothing for a slow hash to protect.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

PREFIX = "amanat"
_SHAPE = re.compile(r"^amanat_(\d{1,18})_([A-Za-z0-9_-]{43})$")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def format_token(token_id: int, secret: str) -> str:
    return f"{PREFIX}_{token_id}_{secret}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_token(token: str) -> int | None:
    """The token's row id, or None for anything not shaped like one of ours."""
    match = _SHAPE.match(token.strip())
    return int(match.group(1)) if match else None


def matches(token: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(token), stored_digest)

"""The device cookie: a browser that signed in to an account carries a signed note of
it, so that account's lockout after failed sign-ins does not lock its owner out of
a device they used before (``access.throttle``).

The cookie holds only the account's id and is signed with the app's secret key
(itsdangerous); it grants nothing by itself — the password and second factor are
still asked for.
"""

from __future__ import annotations

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "amanat_device"
MAX_AGE = 90 * 24 * 3600
SALT = "amanat-device"


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt=SALT)


def trusted_account(request: Request) -> int | None:
    """The account the request's device cookie names, if the cookie is genuine."""
    text = request.cookies.get(COOKIE)
    if not text or len(text) > 500:
        return None
    try:
        found = _serializer(request).loads(text, max_age=MAX_AGE)
    except BadSignature:
        return None
    account = found.get("account") if isinstance(found, dict) else None
    return account if isinstance(account, int) else None


def remember(request: Request, response: Response, account: int) -> None:
    settings = request.app.state.settings
    response.set_cookie(
        COOKIE,
        _serializer(request).dumps({"account": account}),
        max_age=MAX_AGE,
        httponly=True,
        secure=bool(settings.secure_cookies),
        samesite="lax",
    )


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a reverse proxy, uvicorn's
    proxy headers setting makes it the real client's)."""
    return request.client.host if request.client is not None else "unknown"

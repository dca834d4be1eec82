"""Response headers: what the browser may load, frame, keep and send on.

Pages and API answers show sensitive records, so none is cached (the back button of a
shared computer must not bring a victim's page back after logout, and a proxy or a
client's disk cache must not keep a case the API returned), none is framed, and no URL
leaks to other sites in a Referer header.  Every API answer is ``no-store``, not only
identities: cases, people and audit entries are as sensitive, and an API client gains
nothing from a cache.  Only the package's static files may be cached.

Scripts and styles come only from this server: the pages' policy forbids inline
scripts, so an injected one would not run.  The API's JSON answers are never
rendered, so their policy allows nothing at all.  ``/docs`` (Swagger UI, from
``amanat.service.app``) starts with one inline script that FastAPI writes: that page
has the pages' policy, which also allows exactly that script, by its hash.

With secure cookies the service is served over HTTPS, so the browser is told (HSTS)
to use nothing else for a year.  Behind a TLS proxy the app may see plain HTTP; the
header is sent anyway, and a browser ignores it on a plain-HTTP answer (RFC 6797).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

Header = tuple[bytes, bytes]

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
SHARED: tuple[Header, ...] = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
CSP = b"content-security-policy"
NO_STORE = (b"cache-control", b"no-store")
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")
DOCS_PATH = "/docs"
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def headers_for(path: str, hsts: bool) -> list[Header]:
    """The headers an answer at ``path`` gets (where it has not set them itself)."""
    if path.startswith("/api/"):
        chosen = [(CSP, API_POLICY.encode()), *SHARED, NO_STORE]
    elif path.startswith("/static/"):
        chosen = [(CSP, POLICY.encode()), *SHARED]
    else:
        chosen = [(CSP, POLICY.encode()), *SHARED, NO_STORE]
    return [*chosen, HSTS] if hsts else chosen


def docs_policy(page: bytes) -> bytes:
    """The policy of the docs page: its own inline scripts, and no other."""
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in INLINE_SCRIPT.findall(page)
    )
    return POLICY.replace("script-src 'self'", f"script-src 'self'{hashes}").encode()


class SecurityHeaders:
    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        wanted = headers_for(path, self.hsts)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _added(message.get("headers", []), wanted)}
            await send(message)

        if path == DOCS_PATH:
            await self.app(scope, receive, _DocsPage(send_with_headers).send)
        else:
            await self.app(scope, receive, send_with_headers)


def _added(given: list[Header], wanted: list[Header]) -> list[Header]:
    names = {name.lower() for name, _ in given}
    return [*given, *(header for header in wanted if header[0] not in names)]


class _DocsPage:
    """Holds the docs page's answer until its body is complete, to give it the policy
    that names its inline scripts (a page of about 1 KB, without request input)."""

    def __init__(self, send: Send) -> None:
        self.forward = send
        self.start: Message | None = None
        self.body: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.forward(message)
            return
        self.body.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        page = b"".join(self.body)
        headers = [(name, value) for name, value in self.start.get("headers", []) if name != CSP]
        await self.forward({**self.start, "headers": [*headers, (CSP, docs_policy(page))]})
        await self.forward({"type": "http.response.body", "body": page})

"""Security of the dashboard: the headers every response carries and the bearer token
that writes need.

Reads (pages, ``GET /api/...``) are open; anything that writes needs
``Authorization: Bearer <token>`` with the token the server was started with, and is
refused (403) when none was given.  Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "HARDENING", "SecurityHeaders", "require_token"]

#: Content-Security-Policy of every response: only the server itself may be reached.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")

#: The headers every response carries (name, value), unless the response set its own.
HARDENING: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"))


class SecurityHeaders:
    """ASGI middleware adding a strict Content-Security-Policy (no third-party origin can
    be reached by a page) and the usual hardening headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for k, v in HARDENING:
                    if k not in names:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


def require_token(request: Request) -> None:
    """Refuse a write without the right bearer token (401) or on a server without one (403)."""
    secret = request.app.state.token
    if secret is None:
        raise HTTPException(403, "writes are disabled: the server was started without a token "
                                 "(--token or LAUNCHWATCH_TOKEN)")
    auth = request.headers.get("authorization", "")
    scheme, _, given = auth.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "this request writes to the register: send Authorization: "
                                 "Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), secret.encode()):
        raise HTTPException(401, "wrong token: nothing was changed",
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

"""Who is this: an office by its private link, the supervisor by session, a script by token.

Every route gets its caller from one of the dependencies here, so no route can
forget the check. Links, tokens and session ids carry 256 random bits and are
stored only as hashes; an unknown or malformed link is the same 404 as a page
that does not exist. State-changing requests carry a CSRF token bound to the
caller (the session's own token, or for an office an HMAC of its link) and must
not come from another origin.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import HTTPException, Request

from server.store import Office, Store

SESSION_COOKIE = "xxgk_session"
SESSION_SECONDS = 8 * 3600
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # token_urlsafe(32)

LOGIN_WINDOW = 600.0  # seconds
LOGIN_FAILS_PER_ADDRESS = 5
LOGIN_FAILS_IN_ALL = 30


def new_secret() -> str:
    """256 random bits, URL-safe: a link, an API token or a session id."""
    return secrets.token_urlsafe(32)


def well_formed(secret: str) -> bool:
    return bool(_SECRET_SHAPE.match(secret))


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def password_matches(stored: str | None, given: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import Argon2Error

    if not stored:
        PasswordHasher().hash(given)  # the same work whether or not a password is set
        return False
    try:
        return PasswordHasher().verify(stored, given)
    except (Argon2Error, ValueError):
        return False


class NotFound(HTTPException):
    """The one 404 of the portal: nothing tells a wrong link from a missing page."""

    def __init__(self) -> None:
        super().__init__(status_code=404, detail="页面不存在")


@dataclass(frozen=True)
class OfficeCaller:
    """An office that came with its link."""

    office: Office
    link: str
    csrf: str


def office_csrf(store: Store, link: str) -> str:
    key = _server_key(store)
    return hmac.new(key, b"office:" + link.encode(), hashlib.sha256).hexdigest()


def _server_key(store: Store) -> bytes:
    key = store.setting("csrf_key")
    if key is None:
        key = secrets.token_hex(32)
        store.set_setting("csrf_key", key)
    return bytes.fromhex(key)


def office_caller(request: Request, link: str) -> OfficeCaller:
    """The office of ``link``, or the portal's 404."""
    store: Store = request.app.state.store
    if not well_formed(link):
        raise NotFound()
    office = store.office_by_link(link)
    if office is None:
        raise NotFound()
    return OfficeCaller(office, link, office_csrf(store, link))


def supervisor_csrf(request: Request) -> str | None:
    """The session's CSRF token when the request comes with a live session."""
    store: Store = request.app.state.store
    secret = request.cookies.get(SESSION_COOKIE, "")
    if not well_formed(secret):
        return None
    return store.session_csrf(secret)


def same_origin(request: Request) -> bool:
    """A state change must not come from another site (Origin, else Sec-Fetch-Site)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":  # "null": a browser that hides it
        host = request.headers.get("host", "")
        return origin in (f"http://{host}", f"https://{host}")
    return True


def check_csrf(request: Request, expected: str, given: str | None) -> None:
    if not same_origin(request) or not given or not hmac.compare_digest(expected, given):
        raise HTTPException(
            status_code=403, detail="请求无效（页面已过期或来自其他网站），请刷新页面后重试"
        )


def api_caller(request: Request) -> None:
    """A script with a valid API token (``Authorization: Bearer …``), else 401."""
    store: Store = request.app.state.store
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not well_formed(token) or not store.token_known(token):
        raise HTTPException(
            status_code=401,
            detail="需要有效的访问令牌（xxgk-server token 生成）",
            headers={"WWW-Authenticate": "Bearer"},
        )


class LoginThrottle:
    """Failed logins per address and in all, over a sliding window."""

    def __init__(self) -> None:
        self._fails: deque[tuple[float, str]] = deque()
        self._lock = threading.Lock()

    def _recent(self, now: float) -> None:
        while self._fails and now - self._fails[0][0] > LOGIN_WINDOW:
            self._fails.popleft()

    def allowed(self, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            self._recent(now)
            mine = sum(1 for _, a in self._fails if a == address)
            return mine < LOGIN_FAILS_PER_ADDRESS and len(self._fails) < LOGIN_FAILS_IN_ALL

    def failed(self, address: str) -> None:
        with self._lock:
            self._fails.append((time.monotonic(), address))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "未知"

"""The portal's web application: the offices' pages, the supervisor's pages, the JSON API.

Routes parse the request, ask ``server.auth`` who is calling, and call the store,
the checking pool or the outputs; no rule of the report lives here. Pages are
Jinja2 templates with autoescape on; scripts and styles are the application's
own files (no CDN), allowed by a Content-Security-Policy without inline script.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import admin_routes, api_routes, office_routes
from server.auth import LoginThrottle
from server.checking import CheckerPool
from server.limits import REQUEST_BYTES, BodyLimit, too_large_text
from server.service import Portal
from server.store import Store

HERE = Path(__file__).resolve().parent

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # an office's link is its key: a referrer carrying it never goes to another site
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def create_app(data: Path | str, *, workers: int | None = None, secure: bool = False) -> FastAPI:
    """The application over the data folder ``data``; ``secure``: cookies only over HTTPS
    (behind the office's web server)."""
    store = Store(data)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.filters["localtime"] = lambda t: time.strftime(
        "%Y-%m-%d %H:%M:%S", time.localtime(t)
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        pool = CheckerPool(workers)
        app.state.portal = Portal(store, pool)
        app.state.portal.recheck_unchecked()  # what a crash left between storing and checking
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="政府信息公开工作年度报告 报送平台",
        docs_url=None,  # the generated pages load scripts from a CDN; openapi.json stays
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.templates = templates
    app.state.throttle = LoginThrottle()
    app.state.secure = secure
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(office_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(api_routes.router)
    app.add_middleware(BodyLimit)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Any:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > REQUEST_BYTES):
            text = too_large_text()
            return JSONResponse({"error": text}, status_code=413, headers=SECURITY_HEADERS)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def errors(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            text = "页面不存在" if exc.status_code == 404 else str(exc.detail)
            return JSONResponse({"error": text}, status_code=exc.status_code, headers=exc.headers)
        if exc.status_code in (404, 403, 413, 429):
            # every 404 alike: a wrong link and a missing page say the same
            reason = "页面不存在" if exc.status_code == 404 else str(exc.detail)
            page = templates.TemplateResponse(
                request,
                "error.html",
                {"status": exc.status_code, "reason": reason},
                status_code=exc.status_code,
            )
            return page
        return await http_exception_handler(request, exc)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return templates.TemplateResponse(request, "home.html", {})

    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    accept = request.headers.get("accept", "")
    if path.startswith("/api/") or "application/json" in accept:
        return True
    return request.method == "POST" and path.endswith("/returns")


def now() -> float:
    return time.time()

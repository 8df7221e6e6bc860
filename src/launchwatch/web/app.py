"""The dashboard's FastAPI application: HTML pages and a JSON API on one register.

:func:`create_app` assembles the routers, one per concern: :mod:`.pages` (HTML),
:mod:`.api` (reads and exports), :mod:`.ingest` (reading report bodies, drafting, the
diff and its commit) and :mod:`.security` (headers, the bearer token).  Read pages and
``GET /api/...`` are open; anything that writes needs ``Authorization: Bearer <token>``
with the token given at start, and is refused (403) when none was given.  Every asset is
served from the package (``launchwatch/web/static``): the pages work with no internet.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..assess.events import MISSILE_CLASSES, UNKNOWN
from ..register.store import Register
from . import api, ingest, pages, views
from .common import Json
from .ingest import MAX_REPORT_BYTES
from .security import SecurityHeaders

__all__ = ["MAX_REPORT_BYTES", "create_app"]

HERE = Path(__file__).resolve().parent


def create_app(register: Register | str | Path | None = None, *, token: str | None = None,
               max_report_bytes: int = MAX_REPORT_BYTES) -> FastAPI:
    """The dashboard on a register.

    Parameters
    ----------
    register : a :class:`Register` (the caller closes it), or a path / SQLAlchemy URL /
        ``None`` (the default register), opened now and closed when the app shuts down.
    token : the bearer token that writes need; ``None`` or ``""`` refuses every write.
    max_report_bytes : largest report ``POST /api/ingest`` accepts [bytes] (413 above).
    """
    owned = not isinstance(register, Register)
    reg = Register(register, history=True) if owned else register

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                reg.close()

    app = FastAPI(
        title="launchwatch dashboard", version=__version__, lifespan=lifespan,
        # the interactive docs pages load Swagger UI / ReDoc from a CDN: off (offline rule)
        docs_url=None, redoc_url=None,
        description=("Monitoring of ballistic missile launches: the event register as pages and "
                     "a JSON API. Reads are open; writes need `Authorization: Bearer <token>`."),
    )
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(version=__version__, classes=(*MISSILE_CLASSES, UNKNOWN),
                                 class_words=views.CLASS_WORDS, colours=views.CLASS_COLOURS)
    app.state.register = reg
    app.state.token = token or None
    app.state.max_report_bytes = int(max_report_bytes)
    app.state.templates = templates
    app.state.static = HERE / "static"
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return Json({"detail": exc.detail}, status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))
        return templates.TemplateResponse(request, "error.html",
                                          {"status": exc.status_code, "detail": exc.detail},
                                          status_code=exc.status_code)

    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(ingest.router)
    return app

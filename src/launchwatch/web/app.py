"""The dashboard's FastAPI application: HTML pages and a JSON API on one register.

:func:`create_app` assembles the routers, one per concern: :mod:`.pages` (HTML),
:mod:`.api` (reads and exports), :mod:`.ingest` (reading report bodies, drafting, the
diff and its commit) and :mod:`.security` (headers, the bearer token).  Read pages and
``GET /api/...`` are open; anything that writes needs ``Authorization: Bearer <token>``
with the token given at start, and is refused (403) when none was given.  Every asset is
served from the package (``launchwatch/web/static``): the pages work with no internet.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from .. import errors as _errors
from ..assess.events import MISSILE_CLASSES, UNKNOWN
from ..errors import InputError, _short, one_line
from ..register.store import Register
from . import api, globe, ingest, live, pages, views
from .cache import ReadCache, RegisterView, RequestBudget
from .common import Json
from .health import FastHealth
from .ingest import MAX_REPORT_BYTES
from .security import SecurityHeaders

__all__ = ["MAX_REPORT_BYTES", "create_app"]


class _Cache(ReadCache):
    """The read cache, made reachable as ``app.state.cache`` (Starlette builds
    middleware lazily)."""

    def __init__(self, app, *, app_state, **kw) -> None:
        super().__init__(app, **kw)
        app_state.cache = self

HERE = Path(__file__).resolve().parent


#: Time budget of one request [s]: a response not started by then is a 503.
REQUEST_BUDGET = 30.0


def create_app(register: Register | str | Path | None = None, *, token: str | None = None,
               max_report_bytes: int = MAX_REPORT_BYTES, request_budget: float = REQUEST_BUDGET,
               cache: bool = True, stamp_ttl: float = 0.25, warm: bool = False,
               max_stale: float = 10.0, freeze: bool = False,
               body_timeout: float = ingest.BODY_TIMEOUT) -> FastAPI:
    """The dashboard on a register.

    Parameters
    ----------
    register : a :class:`Register` (the caller closes it), or a path / SQLAlchemy URL /
        ``None`` (the default register), opened now and closed when the app shuts down.
    token : the bearer token that writes need; ``None`` or ``""`` refuses every write.
    max_report_bytes : largest report ``POST /api/ingest`` accepts [bytes] (413 above).
    request_budget : time budget of a request [s] (503 past it).
    body_timeout : time a report's body may take to arrive [s] (408 past it; served, the
        protocol's own limit on every body, :class:`~launchwatch.web.server.GuardedH11Protocol`,
        is set to the same).
    cache : answer repeated reads from memory (:class:`~launchwatch.web.cache.ReadCache`),
        each entry invalidated only by a change of what it shows; changes by other
        processes are seen within ``stamp_ttl`` seconds [s], changes through this server
        on the next request.  A page a change made stale is still answered (header
        ``X-Cache: stale``) while its new rendering runs, for at most ``max_stale`` [s].
    warm : read a sample report (:func:`~launchwatch.web.ingest.warm_reader`, nothing
        stored) and render the lists, every round's page, JSON and map and the per-year
        lists into the cache in the background at start (``/api/health`` says ``ready``
        when done).
    freeze : with ``warm``, once the cache is filled, exempt every object then alive from
        the cyclic garbage collector (:func:`~launchwatch.web.cache.freeze_heap`; for a
        served process: it changes the whole process's collector).
    """
    owned = not isinstance(register, Register)
    reg = Register(register, history=True) if owned else register

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import asyncio

        task = None
        if warm and app.state.cache is not None:
            task = asyncio.get_running_loop().create_task(app.state.cache.warm())
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            lane = getattr(app.state, "health_lane", None)  # the server's health helper
            if lane is not None:
                lane.close()
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
    app.state.body_timeout = float(body_timeout)
    app.state.ingest_gate = threading.BoundedSemaphore(ingest.MAX_CONCURRENT_READS)
    app.state.templates = templates
    app.state.static = HERE / "static"
    app.state.view = RegisterView(reg, ttl=stamp_ttl)
    app.state.cache = None
    app.state.warm = bool(warm and cache)
    if cache:
        app.add_middleware(_Cache, view=app.state.view, max_stale=max_stale, app_state=app.state,
                           freeze_after_warm=bool(freeze and warm), preload=ingest.warm_reader)
    app.add_middleware(RequestBudget, seconds=request_budget)
    app.add_middleware(FastHealth)  # /api/health ahead of routing, budget and cache
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

    conflict = getattr(_errors, "StoreConflict", None)
    busy = getattr(_errors, "StoreBusy", None)

    def _answer(request: Request, status: int, detail: str) -> Response:
        detail = one_line(detail)
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return Json({"detail": detail}, status_code=status,
                        headers={"Retry-After": "2"} if status == 503 else None)
        return templates.TemplateResponse(request, "error.html", {"status": status, "detail": detail},
                                          status_code=status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's list of errors as one line naming the field and the value (the first)
        errs = exc.errors()
        if not errs:
            return _answer(request, 422, "invalid request")
        err = errs[0]
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body", "header")]
        field = ".".join(loc) or "request"
        more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
        return _answer(request, 422, f"{field}={_short(err.get('input'))}: {err.get('msg', 'invalid')}"
                       f"{more}")

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        if conflict is not None and isinstance(exc, conflict):
            return _answer(request, 409, str(exc))
        return _answer(request, 422, str(exc))

    @app.exception_handler(Exception)
    async def other_error(request: Request, exc: Exception) -> Response:
        # the register's write errors: a conflict is 409, a busy register 503; anything
        # else is a fault of ours, reported in one line (500) with the path
        from sqlalchemy.exc import IntegrityError, OperationalError

        if busy is not None and isinstance(exc, busy):
            return _answer(request, 503, f"the register is busy: {exc}; try again")
        if isinstance(exc, IntegrityError):
            return _answer(request, 409, "another writer stored the same round at the same time: "
                           "nothing of this request was stored; review and try again")
        if isinstance(exc, OperationalError) and "locked" in str(exc).lower():
            return _answer(request, 503, "the register is locked by another writer; try again")
        return _answer(request, 500, f"internal error {type(exc).__name__} on {request.url.path}: "
                       f"{one_line(str(exc), 200)}")

    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(ingest.router)
    app.include_router(live.router)  # the watch service's live page (launchwatch watch)
    app.include_router(globe.router)
    return app

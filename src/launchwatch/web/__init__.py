"""The web dashboard (``launchwatch serve``): pages and a JSON API on the event register.

Pages: the event list with filters, an event page (bulletin, Leaflet map with offline
coastlines, altitude/range profile, per-launch table), the timeline and an ingest page.
The API lives under ``/api`` and is described by ``/openapi.json``.  Reads are open;
writes need ``Authorization: Bearer <token>``.  See ``docs/web.md``.

FastAPI, uvicorn and Jinja2 are imported only when the dashboard is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)

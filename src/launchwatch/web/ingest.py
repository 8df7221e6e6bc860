"""``POST /api/ingest``: a report in (JSON, a form with a text or a file, or plain text),
a draft round and the diff storing it would make out; with ``commit`` (and the bearer
token) exactly that diff is applied.

Bodies are read within a limit (``Content-Length`` checked first, a chunked body counted
as it arrives); every refusal names the field and the value.  A commit may carry the
``diff`` id the preview returned: when the register changed in between, the new diff
differs and the commit is refused (409) so that what is stored is what was shown.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.requests import ClientDisconnect
from starlette.types import Message

from ..errors import InputError
from .api import ERRORS
from .common import Json, register_of
from .security import require_token

__all__ = ["MAX_REPORT_BYTES", "WARM_REPORT", "parse_date", "router", "truthy", "warm_reader"]

#: Largest report accepted by ``POST /api/ingest`` (text or file) [bytes]: 1 MiB.
MAX_REPORT_BYTES = 1 << 20
#: Room for multipart boundaries and the small form fields around a report [bytes].
FORM_ROOM = 64 << 10
#: Seconds a client has to send the whole body of a request (408 past it).
BODY_TIMEOUT = 30.0
#: Reports read at once by one server process; one more is a 503 (retry later), so that
#: reading reports never takes every worker thread from the pages.
MAX_CONCURRENT_READS = 2
#: The report :func:`warm_reader` reads (a dateline, a site, a time, a distance and an
#: apogee: every stage of the reader and the flight fit runs).
WARM_REPORT = ("SEOUL, March 24, 2022 (Yonhap) -- North Korea fired a short-range ballistic "
               "missile into the East Sea from the Wonsan area at 7:10 a.m. on March 24, the "
               "Joint Chiefs of Staff said. The missile flew about 600 kilometers at an apogee "
               "of about 60 km, the JCS said.")


def warm_reader() -> None:
    """Read :data:`WARM_REPORT` once, storing nothing: the reader's modules, the time-zone
    polygons and the flight engine's kernels are loaded (about 3 s of CPU the first time),
    so that the first report committed to a serving process does not pay for them in a
    thread beside live requests."""
    from datetime import date

    from ..register.ingest import ingest_text

    ingest_text(WARM_REPORT, report_date=date(2022, 3, 24))

router = APIRouter()


class IngestResult(BaseModel):
    """A report read into a draft round, the diff storing it would make, and what was
    stored when ``commit`` was asked."""

    key: str | None = Field(None, description="key of the drafted round (None without a date)")
    text: str = Field(description="the report as read (line ends normalised); spans index it")
    fields: dict[str, Any] = Field(description="extracted fields with value, text, span, confidence")
    flags: list[str]
    event: dict[str, Any] | None = None
    diff: dict[str, Any] | None = Field(None, description="what storing the draft does: id, "
                                        "added/merged/unchanged, per round the matches, changes, "
                                        "conflicts and lines in words")
    committed: bool
    stored: dict[str, Any] | None = Field(None, description="added/merged/unchanged counts, round, year")


_INGEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {
            "type": "object", "required": ["text"], "additionalProperties": False,
            "properties": {
                "text": {"type": "string", "description": "the report"},
                "report_date": {"type": "string", "format": "date",
                                "description": "date relative phrases resolve against"},
                "url": {"type": "string", "description": "link to the report, kept as its source"},
                "commit": {"type": "boolean", "default": False,
                           "description": "store the draft (needs the bearer token)"},
                "diff": {"type": "string", "description": "id of the diff shown, to commit exactly it"},
                "reconstruct": {"type": "boolean", "default": True},
            }}},
        "multipart/form-data": {"schema": {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "file": {"type": "string", "format": "binary", "description": "UTF-8 text, at most 1 MiB"},
                "report_date": {"type": "string", "format": "date"},
                "url": {"type": "string"},
                "commit": {"type": "boolean", "default": False},
                "diff": {"type": "string"},
                "reconstruct": {"type": "boolean", "default": True},
            }}},
        "text/plain": {"schema": {"type": "string", "description": "the report itself (no commit)"}},
    },
}

_FIELDS = ("text", "report_date", "url", "commit", "reconstruct", "diff")


def parse_date(value: Any, name: str):
    from datetime import date

    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise HTTPException(422, f"{name}={value!r}: not a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}={value!r}: not a date YYYY-MM-DD") from None


def truthy(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise HTTPException(422, f"{name}={value!r}: not a boolean (true/false)")


async def read_body(request: Request) -> bytes:
    limit = request.app.state.max_report_bytes
    body_limit = limit + FORM_ROOM
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            n = int(declared)
        except ValueError:
            raise HTTPException(400, f"content-length={declared!r}: not a number") from None
        if n > body_limit:
            raise HTTPException(413, f"body of {n} bytes: a report may be at most {limit} bytes (1 MiB)")
    chunks, n = [], 0
    timeout = getattr(request.app.state, "body_timeout", BODY_TIMEOUT)
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                n += len(chunk)
                if n > body_limit:
                    raise HTTPException(413, f"body over {body_limit} bytes: a report may be at "
                                             f"most {limit} bytes (1 MiB)")
                chunks.append(chunk)
    except TimeoutError:
        raise HTTPException(408, f"body: not received within {timeout:g} s ({n} bytes came)",
                            headers={"Connection": "close"}) from None
    except ClientDisconnect:  # gone, or closed by the server's own body limit: nobody to answer
        raise HTTPException(400, f"body: the connection closed after {n} bytes",
                            headers={"Connection": "close"}) from None
    return b"".join(chunks)


def cross_site_guard(request: Request) -> None:
    """Refuse a request a browser sent from another site (a form or a script of another
    origin posting here): ``Sec-Fetch-Site: cross-site`` or an ``Origin`` that is not
    this server's.  Clients that are not browsers send neither and pass."""
    site = request.headers.get("sec-fetch-site", "").lower()
    origin = request.headers.get("origin")
    if site == "cross-site":
        raise HTTPException(403, "sec-fetch-site='cross-site': reports are taken only from this "
                                 "server's own pages or from clients that are not browsers")
    if origin is not None and origin != "null":
        from urllib.parse import urlsplit

        host = request.headers.get("host", "")
        if urlsplit(origin).netloc.lower() != host.lower():
            raise HTTPException(403, f"origin={origin!r}: reports are taken only from this "
                                     f"server's own pages ({host})")
    elif origin == "null":
        raise HTTPException(403, "origin='null': reports are taken only from this server's own pages")


async def parse_ingest(request: Request) -> dict[str, Any]:
    """The fields of an ingest request, whatever its content type."""
    limit = request.app.state.max_report_bytes
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request)
    if ctype == "application/json":
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HTTPException(400, f"body: malformed JSON ({exc})") from None
        if not isinstance(data, dict):
            raise HTTPException(422, "body: expected a JSON object with a 'text' field")
        unknown = sorted(set(data) - set(_FIELDS))
        if unknown:
            raise HTTPException(422, f"body: unknown field(s) {', '.join(unknown)}; known: "
                                     f"{', '.join(_FIELDS)}")
        if "text" in data and not isinstance(data["text"], str):
            raise HTTPException(422, f"text={data['text']!r}: must be a string")
        return {"text": data.get("text"), "report_date": data.get("report_date"),
                "url": data.get("url"), "commit": data.get("commit", False),
                "reconstruct": data.get("reconstruct", True), "diff": data.get("diff")}
    if ctype == "text/plain":
        try:
            return {"text": body.decode("utf-8"), "commit": False}
        except UnicodeDecodeError:
            raise HTTPException(422, "body: not UTF-8 text") from None
    if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        again = Request(request.scope, replay)
        try:
            # the body is within its limit already; the report itself is checked below (413)
            form = await again.form(max_files=1, max_fields=10, max_part_size=limit + FORM_ROOM)
        except Exception as exc:  # python-multipart / starlette parse errors
            raise HTTPException(400, f"body: malformed form data ({exc})") from None
        try:
            out: dict[str, Any] = {k: form.get(k) for k in ("report_date", "url", "commit",
                                                           "reconstruct", "diff")}
            text, upload = form.get("text"), form.get("file")
            if upload is not None and not isinstance(upload, str):
                raw = await upload.read()
                if len(raw) > limit:
                    raise HTTPException(413, f"file {upload.filename!r} of {len(raw)} bytes: a report "
                                             f"may be at most {limit} bytes (1 MiB)")
                if raw:
                    if isinstance(text, str) and text.strip():
                        raise HTTPException(422, "give the report as text or as a file, not both")
                    try:
                        text = raw.decode("utf-8-sig")
                    except UnicodeDecodeError:
                        raise HTTPException(422, f"file={upload.filename!r}: not UTF-8 text") from None
            out["text"] = text
            return out
        finally:
            await form.close()
    raise HTTPException(415, f"content-type={ctype or 'none'!r}: send application/json, "
                             "multipart/form-data or text/plain")


@router.post("/api/ingest", response_model=IngestResult, tags=["ingest"],
             openapi_extra={"requestBody": _INGEST_BODY},
             responses={k: v for k, v in ERRORS.items() if k != 404})
async def api_ingest(request: Request) -> Response:
    """Read a report (text or a UTF-8 file, at most 1 MiB) into a draft round: fields with
    their text spans and confidences, flags, the round and the diff storing it would
    make (launches matched by time and site).  With ``commit`` (and the bearer token)
    exactly that diff is applied; give the preview's ``diff`` id to refuse the commit
    (409) if the register changed in between."""
    limit = request.app.state.max_report_bytes
    cross_site_guard(request)
    p = await parse_ingest(request)
    text = p.get("text")
    if isinstance(text, str):
        # forms and Windows files end lines with CRLF: spans count characters of LF text
        text = text.replace("\r\n", "\n")
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(422, "text: the report is empty (paste it or upload a file)")
    if len(text.encode("utf-8")) > limit:
        raise HTTPException(413, f"text of {len(text.encode('utf-8'))} bytes: a report may be at "
                                 f"most {limit} bytes (1 MiB)")
    rdate = parse_date(p.get("report_date"), "report_date")
    commit = truthy(p.get("commit"), "commit")
    rebuild = truthy(p.get("reconstruct"), "reconstruct") if p.get("reconstruct") not in (None, "") else True
    url = p.get("url") or None
    if url is not None and not isinstance(url, str):
        raise HTTPException(422, f"url={url!r}: must be a string")
    want = p.get("diff") or None
    if want is not None and not isinstance(want, str):
        raise HTTPException(422, f"diff={want!r}: must be the id of a diff (a string)")
    if commit:
        require_token(request)
    reg = register_of(request)

    def work() -> dict[str, Any]:
        from ..register.ingest import ingest_text

        # the register checks the report's own claims ("the fourth launch this year")
        draft = ingest_text(text, report_date=rdate, reconstruct=rebuild, source_url=url,
                            register=reg)
        out = draft.as_dict()
        stored = None
        plan = None
        if draft.event is not None:
            plan = reg.plan(draft.event)
        if commit:
            if plan is None:
                raise HTTPException(422, "report: no event could be drafted (no date found; give "
                                         "report_date): nothing stored")
            if want is not None and want != plan.id:
                raise HTTPException(409, f"diff={want!r}: the register changed since that diff was "
                                         f"shown; the new diff is {plan.id!r}: review it and commit that")
            try:
                stored = reg.apply(plan).as_dict()
            except InputError as exc:
                raise HTTPException(409, str(exc)) from None
            stored["round"], stored["year"] = reg.round_number(plan.diffs[0].key)
        return {"key": None if plan is None else plan.diffs[0].key, "text": text,
                "fields": out["fields"], "flags": out["flags"], "event": out["event"],
                "diff": None if plan is None else plan.as_dict(), "committed": stored is not None,
                "stored": stored}

    gate: threading.BoundedSemaphore = request.app.state.ingest_gate
    if not gate.acquire(blocking=False):
        raise HTTPException(503, f"{MAX_CONCURRENT_READS} reports are being read already: try again "
                                 "in a few seconds", headers={"Retry-After": "5"})

    def gated() -> dict[str, Any]:
        try:
            return work()
        finally:
            gate.release()  # when the reading really ends, even past the request's budget
            request.app.state.view.invalidate()

    import anyio

    # abandoned (not awaited) when the request's time budget runs out; an InputError is
    # the app's 422 (a conflict of the register's 409)
    result = await anyio.to_thread.run_sync(gated, abandon_on_cancel=True)
    return Json(result, status_code=201 if result["committed"] else 200)

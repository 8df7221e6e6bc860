"""The fuzz campaign: every parser of launchwatch fed mutated inputs, counting outcomes.

Each parser starts from valid inputs (the package's public record, the example
scenarios, written detection files, the development report corpus, working ``invert``
arguments, a small register file) and applies random mutations a hostile user would:
values replaced by wrong types, non-finite or huge numbers, dates out of range, markup,
deleted and unknown keys, deep nesting, byte flips, truncation.  Every case ends in one
of:

* ``ok``: the parser succeeded; its result (what would be stored) is then checked for
  non-finite numbers (``non-finite`` counts those cases, goal 0);
* ``clean``: an :class:`~launchwatch.errors.InputError` (for the web: a 4xx or 503 with a
  one-line ``detail``);
* ``traceback``: anything else (another exception, a 500; goal 0), with the first
  examples printed.

    python bench/bench_fuzz.py                 # >= 10^5 cases in all (~30-60 min here)
    python bench/bench_fuzz.py --scale 0.05    # a quick look
    python bench/bench_fuzz.py --only scenario,detections --json
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "src" / "launchwatch" / "data" / "public_record"
REPORTS = ROOT / "tests" / "register" / "reports" / "dev"

#: Cases per parser at --scale 1 (their sum is 10^5).
CASES = {"scenario": 25_000, "detections": 30_000, "invert": 4_000, "cns_json": 10_000,
         "csv_json_import": 10_000, "report_text": 14_000, "web": 2_000, "register_file": 5_000}

HOSTILE: list[Any] = [
    None, True, False, "", "x", "<svg/onload=alert(1)>", "nan", "inf", "-inf", "1e999",
    float("nan"), float("inf"), -float("inf"), 0, -1, 1e308, -1e308, 2**31, 2**63, 10**30,
    -(10**30), 10_000_000, 1e-320, [], {}, [1], [1, 2, 3], [2, 1], [-1e308, 1e308], {"a": 1},
    "0001-01-01", "9999-12-31T23:59:59Z", "2025-13-45", "0000-00-00", "２０２５", "\x00",
    "한국", "%", "_", "a" * 300, [[[[[[[[[[1]]]]]]]]]], -0.0, 200.0, 360.0, -91.0, 1.5,
]


class Outcome:
    OK, CLEAN, TRACE = "ok", "clean", "traceback"


def non_finite(data: Any, allow: tuple[str, ...] = ()) -> str | None:
    """Path of the first non-finite float in a nested structure (``allow``: path endings
    that may be +inf), else None: :func:`launchwatch.errors.non_finite`."""
    from launchwatch.errors import non_finite as walk

    bad = walk(data, allow_inf=allow, first=True)
    return bad[0][0] if bad else None


def hostile(rng: random.Random) -> Any:
    """One of :data:`HOSTILE`, copied (a list put into a tree and then appended to must
    never be the shared one: that made cycles in earlier runs)."""
    return copy.deepcopy(rng.choice(HOSTILE))


def mutate_tree(rng: random.Random, d: Any, n: int = 3) -> Any:
    """Replace, delete or add values at random places of a JSON-like tree."""
    d = copy.deepcopy(d)
    for _ in range(rng.randint(1, n)):
        path: list[Any] = []
        node = d
        while isinstance(node, (dict, list)) and node and rng.random() < 0.75:
            k = rng.choice(list(node)) if isinstance(node, dict) else rng.randrange(len(node))
            path.append(k)
            node = node[k]
        parent = d
        for k in path[:-1]:
            parent = parent[k]
        if not path:
            continue
        k = path[-1]
        r = rng.random()
        if r < 0.65:
            parent[k] = hostile(rng) if rng.random() < 0.8 else rng.uniform(-1e6, 1e6)
        elif r < 0.8 and isinstance(parent, dict):
            parent.pop(k, None)
        elif isinstance(parent, dict):
            parent[rng.choice(["extra", "count", "lat", "date", "apogee_km", "x"])] = hostile(rng)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[k]) if rng.random() < 0.5 else hostile(rng))
    return d


def mutate_bytes(rng: random.Random, b: bytes, n: int = 4) -> bytes:
    """Flip, delete, insert or duplicate bytes; sometimes truncate."""
    a = bytearray(b)
    for _ in range(rng.randint(1, n)):
        if not a:
            break
        i = rng.randrange(len(a))
        r = rng.random()
        if r < 0.3:
            a[i] ^= 1 << rng.randrange(8)
        elif r < 0.5:
            del a[i:i + rng.randint(1, 16)]
        elif r < 0.7:
            a[i:i] = rng.choice([b"\xff\xfe", b"\x00", "한".encode(), b"1e999", b"-", b"9" * 30,
                                 b"NaN", b"<b>", b"\n", b",", b"'", b'"', b"{", b"["])
        elif r < 0.85:
            j = min(len(a), i + rng.randint(1, 64))
            a[i:i] = a[i:j] * rng.randint(1, 4)
        else:
            del a[i:]
    return bytes(a)


# -- the parsers ---------------------------------------------------------------------------
def make_scenario(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    import yaml

    from launchwatch.errors import InputError
    from launchwatch.flight.config import load_scenario, run_scenario

    bases = [yaml.safe_load((ROOT / "examples" / n).read_text())
             for n in ("wonsan-2025-05-08.yaml", "batch-10000.yaml", "track-salvo.yaml")]
    bases = [{k: v for k, v in b.items() if k not in ("sensors", "tracker")} for b in bases]
    alias = ("a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
             "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
             "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n")

    def case(rng: random.Random) -> tuple[str, str]:
        d = mutate_tree(rng, rng.choice(bases))
        fmt = rng.choice([".yaml", ".json", ".toml", "dict"])
        r = rng.random()
        try:
            if fmt == "dict":
                src: Any = d
            else:
                if fmt == ".yaml":
                    text = yaml.safe_dump(d, allow_unicode=True)
                elif fmt == ".json":
                    text = json.dumps(d, default=str)
                else:
                    text = "\n".join(f"{k} = {json.dumps(v, default=str)}" for k, v in d.items()
                                     if not isinstance(v, (dict, list)))
                raw = text.encode()
                if r < 0.3:
                    raw = mutate_bytes(rng, raw)
                elif r < 0.33:
                    raw = alias.encode() + raw if fmt == ".yaml" else b"[" * 3000 + raw
                p = tmp / f"scenario{fmt}"
                p.write_bytes(raw)
                src = p
        except (ValueError, TypeError, UnicodeEncodeError, yaml.YAMLError):
            return Outcome.CLEAN, ""  # not writable as that format: a clean refusal by the writer
        try:
            sc = load_scenario(src)
        except InputError as exc:
            return Outcome.CLEAN, str(exc)
        bad = non_finite(sc.model_dump(), allow=(".end",))
        if bad:
            return "non-finite", bad
        if sum(f.count for f in sc.flights) <= 4 and rng.random() < 0.2:
            sc = sc.model_copy(update={"integrator": sc.integrator.model_copy(
                update={"t_max": min(sc.integrator.t_max, 2000.0)})})
            try:
                res, _ = run_scenario(sc)
            except InputError as exc:
                return Outcome.CLEAN, str(exc)
            if not all(math.isfinite(t) for t in res.t_launch):
                return "non-finite", "t_launch"
        return Outcome.OK, ""

    return case


def make_detections(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from launchwatch.errors import InputError
    from launchwatch.sensors.config import InfraredConfig, RadarConfig
    from launchwatch.sensors.io import read_detections

    sensors = [RadarConfig(name="r", lat_deg=37.5, lon_deg=129.0), InfraredConfig(name="ir")]
    header = ["time_s", "sensor", "range_m", "azimuth_rad", "elevation_rad", "range_rate_m_s",
              "los_azimuth_rad", "los_elevation_rad", "truth"]
    rows = [["10.0", "0", "300000.0", "0.5", "0.2", "-1500.0", "", "", "0"],
            ["10.5", "1", "", "", "", "", "1.2", "0.1", "0"],
            ["11.0", "0", "", "", "", "", "", "", ""],
            ["12.0", "0", "298000.0", "0.51", "0.21", "-1490.0", "", "", "-1"]]
    cells = ["", "nan", "inf", "-inf", "1e308", "-1", "0", "1", "2", "-2", "9223372036854775808",
             "x", "1.5", "0x10", '"', "1e-320", "3.2", "-0.0", "\u00e9", "NULL", "1e9", "7"]

    def case(rng: random.Random) -> tuple[str, str]:
        h = list(header)
        rs = [list(r) for r in rows * rng.randint(1, 3)]
        for _ in range(rng.randint(1, 6)):
            rs[rng.randrange(len(rs))][rng.randrange(len(h))] = rng.choice(cells)
        if rng.random() < 0.15:
            j = rng.randrange(len(h))
            h.pop(j)
            for r in rs:
                r.pop(j)
        if rng.random() < 0.05:
            h[rng.randrange(len(h))] = rng.choice(["sensor", "bogus", ""])
        raw = ("\n".join(",".join(r) for r in [h, *rs]) + "\n").encode()
        if rng.random() < 0.2:
            raw = mutate_bytes(rng, raw)
        p = tmp / "det.csv"
        p.write_bytes(raw)
        if rng.random() < 0.35:
            try:
                table = pcsv.read_csv(p)
                if rng.random() < 0.3 and table.num_columns:
                    j = rng.randrange(table.num_columns)
                    table = table.set_column(j, table.column_names[j],
                                             pa.array([str(x) for x in table.column(j).to_pylist()]))
            except (pa.ArrowException, ValueError):
                return Outcome.CLEAN, ""  # not a table: pyarrow refuses to write it
            p = tmp / "det.parquet"
            pq.write_table(table, p)
        try:
            det = read_detections(p, sensors)
        except InputError as exc:
            return Outcome.CLEAN, str(exc)
        radar = det.sensor == 0
        if not (np.isfinite(det.time).all() and np.isfinite(det.z[radar]).all()
                and np.isfinite(det.z[~radar, :2]).all()):
            return "non-finite", "z"
        return Outcome.OK, ""

    return case


def make_invert(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    from launchwatch.cli import main

    nums = ["39.17", "127.48", "800", "50", "250", "1e9", "nan", "inf", "-5", "0", "1e-9",
            "95", "-200", "361", "20000", "40000", "3000", "86400", "1e308", "x", "", "2e4"]

    def case(rng: random.Random) -> tuple[str, str]:
        args = ["invert"]
        for opt, good in (("--lat", "39.17"), ("--lon", "127.48"), ("--range-km", "800"),
                          ("--apogee-km", "50"), ("--time-s", "400"), ("--bearing-deg", "80")):
            r = rng.random()
            if r < 0.55:
                args += [opt, good if rng.random() < 0.5 else str(round(rng.uniform(0, 3000), 1))]
            elif r < 0.85:
                args += [opt, rng.choice(nums)]
        if rng.random() < 0.3:
            args.append("--json")
        out, err = io.StringIO(), io.StringIO()
        code: Any = 0
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(args)
            except SystemExit as exc:
                code = exc.code or 0
        text, etext = out.getvalue(), err.getvalue().strip()
        if code == 2:
            return (Outcome.CLEAN, etext) if len(etext.splitlines()) == 1 else (
                Outcome.TRACE, f"usage error on {len(etext.splitlines())} lines: {etext[:200]}")
        if code != 0:
            return Outcome.TRACE, f"exit {code}: {etext[:300]}"
        if "nan" in text.lower():
            return "non-finite", text[:200]
        return Outcome.OK, ""

    return case


def _write_cns(tmp: Path, docs: dict[str, Any]) -> Path:
    d = tmp / "cns"
    d.mkdir(exist_ok=True)
    for name, doc in docs.items():
        (d / name).write_text(doc if isinstance(doc, str) else json.dumps(doc, default=str))
    return d


def make_cns(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    from launchwatch.errors import InputError
    from launchwatch.register.importers import read_cns_json

    test = json.loads((PUBLIC / "test.en.json").read_text())
    fac = json.loads((PUBLIC / "facility.en.json").read_text())
    mis = json.loads((PUBLIC / "missile.en.json").read_text())
    # a small compilation (the first records) so that a case is cheap
    small = copy.deepcopy(test)
    bins = small.get("timeBins", []) if isinstance(small, dict) else []
    keep = 0
    for b in bins:
        if keep >= 25:
            b["data"] = []
        keep += len(b.get("data", []))
    small["timeBins"] = [b for b in bins if b.get("data")]

    def case(rng: random.Random) -> tuple[str, str]:
        docs: dict[str, Any] = {"test.en.json": small, "facility.en.json": fac,
                                "missile.en.json": mis}
        which = rng.choice(list(docs))
        if rng.random() < 0.75:
            docs[which] = mutate_tree(rng, docs[which], n=4)
        else:
            docs[which] = mutate_bytes(rng, json.dumps(docs[which]).encode()).decode("utf-8", "replace")
        folder = _write_cns(tmp, docs)
        try:
            events = read_cns_json(folder)
        except InputError as exc:
            return Outcome.CLEAN, str(exc)
        bad = next((b for b in (non_finite(e.model_dump()) for e in events) if b), None)
        return ("non-finite", bad) if bad else (Outcome.OK, "")

    return case


def make_imports(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    from launchwatch.errors import InputError
    from launchwatch.register.export import to_csv
    from launchwatch.register.importers import read_csv, read_json
    from launchwatch.register.store import Register

    with Register(tmp / "src.sqlite", history=True) as reg:
        events = reg.events()[-12:]
        dump = [d for d in reg.dump() if d.get("key") in {e.key for e in events}]
    csv_text = to_csv(events)
    lines = csv_text.splitlines()
    scratch = Register(tmp / "scratch.sqlite")

    def case(rng: random.Random) -> tuple[str, str]:
        if rng.random() < 0.5:
            rows = [ln.split(",") for ln in lines]
            for _ in range(rng.randint(1, 5)):
                r = rows[rng.randrange(1, len(rows))]
                r[rng.randrange(len(r))] = str(rng.choice(HOSTILE))
            raw = "\n".join(",".join(r) for r in rows).encode()
            if rng.random() < 0.2:
                raw = mutate_bytes(rng, raw)
            p = tmp / "imp.csv"
            p.write_bytes(raw)
            reader: Callable = read_csv
        else:
            doc = mutate_tree(rng, dump, n=4)
            raw = json.dumps(doc, default=str).encode()
            if rng.random() < 0.2:
                raw = mutate_bytes(rng, raw)
            p = tmp / "imp.json"
            p.write_bytes(raw)
            reader = read_json
        try:
            evs, _errs = reader(p, skip_bad=rng.random() < 0.5)
        except InputError as exc:
            return Outcome.CLEAN, str(exc)
        bad = next((b for b in (non_finite(e.model_dump()) for e in evs) if b), None)
        if bad:
            return "non-finite", bad
        if evs and rng.random() < 0.1:
            try:
                scratch.add(evs)
            except InputError as exc:
                return Outcome.CLEAN, str(exc)
            stored = non_finite(scratch.dump())
            if stored:
                return "non-finite", f"stored {stored}"
        return Outcome.OK, ""

    return case


def make_report_text(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    import yaml

    from launchwatch.errors import InputError
    from launchwatch.register.ingest import ingest_text

    texts = [yaml.safe_load(p.read_text())["text"] for p in sorted(REPORTS.glob("*.yaml"))]

    def case(rng: random.Random) -> tuple[str, str]:
        raw = rng.choice(texts).encode()
        raw = mutate_bytes(rng, raw, n=6)[:6000]
        text = raw.decode("utf-8", "replace")
        if rng.random() < 0.2:
            words = text.split()
            for _ in range(rng.randint(1, 4)):
                if words:
                    words[rng.randrange(len(words))] = rng.choice(
                        ["0", "1e400", "99999999999999999999", "0 minutes", "916 km", "202 min",
                         "-5 km", "0:00", "25:99", "Feb 30", "year 0", "9999", "1/0", "½"])
            text = " ".join(words)
        try:
            draft = ingest_text(text, reconstruct=rng.random() < 0.3)
        except InputError as exc:
            return Outcome.CLEAN, str(exc)
        ev = draft.event
        bad = non_finite(ev.model_dump()) if ev is not None else None
        return ("non-finite", bad) if bad else (Outcome.OK, "")

    return case


def make_web(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    from fastapi.testclient import TestClient

    from launchwatch.register.store import Register
    from launchwatch.web.app import create_app

    reg = Register(tmp / "web.sqlite", history=True)
    keys = reg.keys()
    client = TestClient(create_app(reg, token="t", request_budget=600), raise_server_exceptions=False)
    texts = ["North Korea fired a ballistic missile from Wonsan at 7:10 a.m. on May 8, 2025, "
             "flying 800 km.", "KCNA: 916 km flown in 202 min", "", "1" * 50, "\u202e\x00x"]
    qkeys = ["start", "end", "year", "place", "facility", "class", "missile", "outcome",
             "confirmation", "state", "q", "limit", "offset", "west", "east", "south", "north"]

    def case(rng: random.Random) -> tuple[str, str]:
        if rng.random() < 0.4:
            body: dict[str, Any] = {"text": rng.choice(texts)}
            for k in rng.sample(["text", "report_date", "url", "commit", "diff", "reconstruct", "z"],
                                rng.randint(0, 3)):
                body[k] = hostile(rng)
            try:
                data = json.dumps(body).encode()
            except ValueError:
                data = b"{"
            if rng.random() < 0.1:
                data = mutate_bytes(rng, data)
            hdr = {"content-type": rng.choice(["application/json", "text/plain", "multipart/form-data",
                                               "application/x-www-form-urlencoded", ""])}
            if rng.random() < 0.3:
                hdr["authorization"] = "Bearer t"
            if rng.random() < 0.1:
                hdr["origin"] = "https://elsewhere.example"
            r = client.post("/api/ingest", content=data, headers=hdr)
        else:
            path = rng.choice(["/api/events", "/events", "/api/events.csv", "/timeline",
                               "/api/timeline", "/api/coastlines.geojson", "/api/stats",
                               f"/api/events/{rng.choice(keys)}", f"/events/{rng.choice(keys)}",
                               f"/api/events/{rng.choice(keys)}/map",
                               f"/api/events/{rng.choice([*keys, '한국', '<b>'])}.kml",
                               f"/api/events/{rng.choice(keys)}.czml",
                               f"/api/events/{rng.choice(keys)}.geojson"])
            q = {k: str(rng.choice(HOSTILE)) for k in rng.sample(qkeys, rng.randint(0, 4))}
            r = client.get(path, params=q)
        if r.status_code >= 500 and r.status_code != 503:
            return Outcome.TRACE, f"{r.status_code} {r.request.method} {r.request.url.path}: {r.text[:200]}"
        if r.status_code >= 400:
            try:
                detail = r.json().get("detail") if "json" in r.headers.get("content-type", "") else "page"
            except ValueError:
                detail = None
            if not isinstance(detail, str) or "\n" in detail:
                return Outcome.TRACE, f"{r.status_code} without a one-line detail: {r.text[:200]}"
            return Outcome.CLEAN, detail
        return Outcome.OK, ""

    return case


def make_register_file(tmp: Path) -> Callable[[random.Random], tuple[str, str]]:
    from launchwatch.errors import InputError
    from launchwatch.register.models import Event, Launch
    from launchwatch.register.store import Register

    good = tmp / "good.sqlite"
    with Register(good) as reg:
        from launchwatch.register.importers import read_cns_json

        reg.add(read_cns_json(PUBLIC)[:20])
    raw = good.read_bytes()
    from datetime import UTC, datetime

    new = Event(state="North Korea", launches=[Launch(seq=1, utc=datetime(2031, 5, 5, tzinfo=UTC))])

    def case(rng: random.Random) -> tuple[str, str]:
        p = tmp / "bad.sqlite"
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(str(p) + suffix)
        r = rng.random()
        if r < 0.3:
            b = raw[: rng.randrange(len(raw))]
        else:
            a = bytearray(raw)
            for _ in range(rng.randint(1, 20)):
                i = rng.randrange(len(a))
                a[i] ^= 1 << rng.randrange(8)
            b = bytes(a)
        p.write_bytes(b)
        try:
            with Register(p) as reg:
                evs = reg.events()
                if rng.random() < 0.5:
                    reg.add([new])
                bad = non_finite([e.model_dump() for e in evs])
        except InputError as exc:
            return Outcome.CLEAN, str(exc)
        except OSError as exc:  # the CLI's exit 1 with one line (an I/O error)
            return Outcome.CLEAN, str(exc)
        return ("non-finite", bad) if bad else (Outcome.OK, "")

    return case


MAKERS: dict[str, Callable[[Path], Callable[[random.Random], tuple[str, str]]]] = {
    "scenario": make_scenario, "detections": make_detections, "invert": make_invert,
    "cns_json": make_cns, "csv_json_import": make_imports, "report_text": make_report_text,
    "web": make_web, "register_file": make_register_file}


def campaign(name: str, n: int, seed: int, examples: int = 3, *,
             progress: bool = True) -> dict[str, Any]:
    """``n`` cases of parser ``name``; a line of running counts every tenth of them on
    stderr (a run stopped early is still a result)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"lw-fuzz-{name}-"))
    try:
        case = MAKERS[name](tmp)
        rng = random.Random(f"{name}-{seed}")
        counts = {Outcome.OK: 0, Outcome.CLEAN: 0, Outcome.TRACE: 0, "non-finite": 0}
        seen: dict[str, list[str]] = {Outcome.TRACE: [], "non-finite": []}
        t0 = time.perf_counter()
        for i in range(n):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    kind, why = case(rng)
            except (Exception, RecursionError, MemoryError) as exc:
                kind = Outcome.TRACE
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                why = (f"{type(exc).__name__}: {str(exc)[:160]} "
                       f"({Path(tb.filename).name}:{tb.lineno})")
            counts[kind] += 1
            if kind in seen and len(seen[kind]) < examples:
                seen[kind].append(f"case {i}: {why}")
            if progress and (i + 1) % max(1, n // 10) == 0 and i + 1 < n:
                print(f"{name:>16}: {i + 1:>7} of {n} so far: {counts[Outcome.OK]} ok, "
                      f"{counts[Outcome.CLEAN]} clean errors, {counts[Outcome.TRACE]} tracebacks, "
                      f"{counts['non-finite']} non-finite stored "
                      f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
        wall = time.perf_counter() - t0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"parser": name, "cases": n, "ok": counts[Outcome.OK], "clean_errors": counts[Outcome.CLEAN],
            "tracebacks": counts[Outcome.TRACE], "non_finite_stored": counts["non-finite"],
            "seconds": round(wall, 1), "examples": seen}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every parser's cases")
    ap.add_argument("--only", default="", help="comma-separated parsers: " + ", ".join(CASES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    names = [n for n in (args.only.split(",") if args.only else CASES) if n]
    rows = []
    for name in names:
        n = max(1, round(CASES[name] * args.scale))
        row = campaign(name, n, args.seed)
        rows.append(row)
        if not args.json:
            print(f"{name:>16}: {row['cases']:>7} cases, {row['ok']:>6} ok, {row['clean_errors']:>6} clean "
                  f"errors, {row['tracebacks']:>4} tracebacks, {row['non_finite_stored']:>4} non-finite "
                  f"stored ({row['seconds']} s)", flush=True)
            for kind, ex in row["examples"].items():
                for e in ex:
                    print(f"{'':>18}{kind}: {e}", flush=True)
    total = {k: sum(r[k] for r in rows) for k in ("cases", "ok", "clean_errors", "tracebacks",
                                                   "non_finite_stored")}
    if args.json:
        print(json.dumps({"parsers": rows, "total": total, "seed": args.seed}, indent=1))
    else:
        print(f"{'total':>16}: {total['cases']} cases, {total['ok']} ok, {total['clean_errors']} clean "
              f"errors, {total['tracebacks']} tracebacks, {total['non_finite_stored']} non-finite stored")
    sys.exit(0)


if __name__ == "__main__":
    main()

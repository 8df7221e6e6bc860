"""Responsiveness of the globe and of the overview map with the whole public record.

The built-in public record (~340 launches) is stored in a fresh register and fitted
(``reconstruct(assume=True)``: one-fact launches get the assumed minimum-energy flight),
the dashboard is served by uvicorn on a localhost port, and Debian's headless chromium
(WebGL through SwiftShader, the flags of the tests) opens the pages ``--runs`` times,
each in a fresh browser context (nothing cached in the browser; the server keeps its
view cache, so run 1 is the cold server and the others the warm one).

Measured, per run:

* server: the CZML and the overview data of the whole record over HTTP, cold (the first
  request: the register read and the flights flown) and warm (the app's view cache) [s],
  the engine's compiled kernels loaded beforehand;
* globe: time to first render (navigation start to the first frame drawn with the
  flights loaded), time until the imagery tiles are loaded, and the frame time while the
  whole record plays (the clock animating: every frame is drawn) [ms];
* overview: time to first render (navigation start to the launches drawn), the redraw
  after a move of the year slider, and the frame time (requestAnimationFrame intervals)
  while the map pans and zooms [ms].

Medians and means over the runs (frame times: over every frame of every run).

    .venv/bin/python bench/bench_globe.py [--runs 5] [--register PATH] [--shots docs/img]

Nothing here downloads: the pages load only from the app (any other request is refused
and counted).
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

GL_ARGS = ["--headless=new", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
           "--ignore-gpu-blocklist", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run"]
WAIT_MS = 600_000


def build_register(path: Path) -> dict[str, int]:
    """The public record in ``path``, fitted; counts of launches and fits."""
    from launchwatch.register import Register
    from launchwatch.register.history import load_history
    from launchwatch.register.reconstruct import reconstruct

    with Register(path) as reg:
        if len(reg) == 0:
            load_history(reg)
            evs = reg.events()
            reconstruct(evs, assume=True)
            reg.replace(evs)
        evs = reg.events()
    las = [la for ev in evs for la in ev.launches]
    return {"rounds": len(evs), "launches": len(las),
            "fitted": sum(la.reconstruction is not None and la.site.known for la in las),
            "assumed": sum(la.reconstruction is not None and la.reconstruction.assumed for la in las)}


class Server:
    def __init__(self, register: Path) -> None:
        import uvicorn

        from launchwatch.register import Register
        from launchwatch.web.app import create_app

        self.reg = Register(register)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.reg), log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()
        self.reg.close()

    def fetch(self, path: str) -> tuple[float, int]:
        t = time.perf_counter()
        with urllib.request.urlopen(self.url + path, timeout=600) as r:
            n = len(r.read())
        return time.perf_counter() - t, n


def _offline(ctx, base: str, refused: list[str]) -> None:
    def route(r) -> None:
        if r.request.url.startswith((base, "data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)


def globe_run(browser, base: str, refused: list[str], shot: Path | None,
              full: bool = False) -> dict[str, object]:
    """One load and play of the globe; ``full``: the page's full-resolution mode even on
    software WebGL (by default it halves the resolution there: web/static/js/globe.js)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    _offline(ctx, base, refused)
    if full:
        ctx.add_init_script("window.localStorage.setItem('lwGlobeRender', 'full')")
    pg = ctx.new_page()
    pg.set_default_timeout(WAIT_MS)
    pg.goto(base + "/globe")
    pg.wait_for_function("() => window.lwGlobe && window.lwGlobe.firstFrameMs !== null")
    # performance.now() counts from the navigation's start; the page's figures from its script's
    first = pg.evaluate("window.lwGlobe.firstFrameMs + window.lwGlobe.t0")
    loaded = pg.evaluate("window.lwGlobe.loadedMs + window.lwGlobe.t0")
    pg.wait_for_function("() => window.lwGlobe.viewer.scene.globe.tilesLoaded")
    tiles = pg.evaluate("performance.now()")
    drawn = pg.evaluate("window.lwGlobe.drawn().length")
    if shot is not None:
        pg.locator("#globe canvas").first.screenshot(path=str(shot))
    # play the whole record: the clock animates, every frame is drawn
    pg.evaluate("""() => { const g = window.lwGlobe, v = g.viewer;
        v.clock.currentTime = v.clock.startTime.clone(); v.clock.shouldAnimate = true;
        g.frameTimes = []; }""")
    # at least 6 s and 12 frames (up to 3 minutes: software WebGL on a loaded machine is slow)
    t_play = time.perf_counter()
    pg.wait_for_timeout(6000)
    while pg.evaluate("window.lwGlobe.frameTimes.length") < 13 and time.perf_counter() - t_play < 180:
        pg.wait_for_timeout(1000)
    frames = pg.evaluate("window.lwGlobe.frameTimes.slice(1)")
    mode = pg.evaluate("({renderer: window.lwGlobe.renderer, reduced: window.lwGlobe.reduced})")
    ctx.close()
    return {"first_render_ms": first, "loaded_ms": loaded, "tiles_ms": tiles, "drawn": drawn,
            "frames_ms": frames, **mode}


def overview_run(browser, base: str, refused: list[str], shot: Path | None) -> dict[str, object]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    _offline(ctx, base, refused)
    pg = ctx.new_page()
    pg.set_default_timeout(WAIT_MS)
    pg.goto(base + "/overview")
    pg.wait_for_function("() => window.lwOverview && window.lwOverview.ready")
    first = pg.evaluate("window.lwOverview.readyMs + window.lwOverview.t0")
    pg.wait_for_function("() => window.lwOverview.coast")
    drawn = pg.evaluate("window.lwOverview.drawn")
    if shot is not None:
        pg.locator("#overview").screenshot(path=str(shot))
    # a move of the year slider: the redraw, timed in the page
    redraw = pg.evaluate("""() => { const r = document.getElementById('year-range');
        r.value = String(Math.round((Number(r.min) + Number(r.max)) / 2));
        const t = performance.now(); r.dispatchEvent(new Event('input'));
        return performance.now() - t; }""")
    # frames while the map pans and zooms (requestAnimationFrame intervals)
    frames = pg.evaluate("""() => new Promise((done) => {
        const out = []; let last = null; const end = performance.now() + 4000;
        const el = document.getElementById('overview');
        function tick(now) { if (last !== null) { out.push(now - last); } last = now;
          if (now < end) { requestAnimationFrame(tick); } else { done(out); } }
        requestAnimationFrame(tick);
        let k = 0; const step = setInterval(() => { k += 1;
          el.dispatchEvent(new WheelEvent('wheel', {deltaY: k % 2 ? -120 : 120, clientX: 700, clientY: 400,
                                                    bubbles: true}));
          if (k > 14) { clearInterval(step); } }, 250); })""")
    ctx.close()
    return {"first_render_ms": first, "redraw_ms": redraw, "drawn": drawn, "frames_ms": frames}


def _stats(xs: list[float]) -> str:
    return f"{statistics.median(xs):,.1f} / {statistics.fmean(xs):,.1f}" if xs else "-"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--register", type=Path, default=None, help="a register file to use (made if empty)")
    ap.add_argument("--shots", type=Path, default=None, help="folder for screenshots (first run)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-globe-"))
    reg_path = args.register or tmp / "register.sqlite"
    t = time.perf_counter()
    counts = build_register(reg_path)
    print(f"register: {counts} ({time.perf_counter() - t:.0f} s to build)", flush=True)
    from launchwatch.flight import warm_up

    warm_up()  # the engine's compiled kernels loaded (or compiled once) before any timing
    refused: list[str] = []
    out: dict[str, object] = {"counts": counts, "runs": args.runs,
                              "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                              "machine": f"{platform.machine()}, {platform.system()} {platform.release()}, "
                                         f"{__import__('os').cpu_count()} cores"}
    with Server(reg_path) as srv:
        server = {"czml_cold_s": srv.fetch("/api/globe.czml"), "czml_warm_s": srv.fetch("/api/globe.czml"),
                  "overview_cold_s": srv.fetch("/api/overview.json"),
                  "overview_warm_s": srv.fetch("/api/overview.json")}
        print("server:", server, flush=True)
        out["server"] = server
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=GL_ARGS)
            globe, globe_full, over = [], [], []
            for i in range(args.runs):
                shot = (args.shots / "globe-record.png") if args.shots and i == 0 else None
                # the page's default and its full-resolution mode, side by side in each run
                globe.append(globe_run(browser, srv.url, refused, shot))
                globe_full.append(globe_run(browser, srv.url, refused, None, full=True))
                for label, g in (("globe", globe[-1]), ("globe, full resolution", globe_full[-1])):
                    print(f"{label} run {i + 1}: first render {g['first_render_ms']:.0f} ms, "
                          f"tiles {g['tiles_ms']:.0f} ms, "
                          f"{g['drawn']} paths, {len(g['frames_ms'])} frames, median frame "
                          f"{statistics.median(g['frames_ms'] or [0]):.1f} ms (renderer "
                          f"{g['renderer']!r}, reduced: {g['reduced']})", flush=True)
                shot = (args.shots / "overview-record.png") if args.shots and i == 0 else None
                over.append(overview_run(browser, srv.url, refused, shot))
                o = over[-1]
                print(f"overview run {i + 1}: first render {o['first_render_ms']:.0f} ms, redraw "
                      f"{o['redraw_ms']:.1f} ms, {o['drawn']} launches, median frame "
                      f"{statistics.median(o['frames_ms'] or [0]):.1f} ms", flush=True)
            browser.close()
    out["globe"], out["globe_full"], out["overview"], out["refused"] = globe, globe_full, over, refused
    gf = [f for g in globe for f in g["frames_ms"]]
    gff = [f for g in globe_full for f in g["frames_ms"]]
    of = [f for o in over for f in o["frames_ms"]]
    rows = [
        ("globe: time to first render [ms]", _stats([g["first_render_ms"] for g in globe])),
        ("globe: imagery tiles loaded [ms]", _stats([g["tiles_ms"] for g in globe])),
        ("globe: frame time, whole record playing [ms]", _stats(gf)),
        ("globe, full resolution: time to first render [ms]",
         _stats([g["first_render_ms"] for g in globe_full])),
        ("globe, full resolution: frame time, whole record playing [ms]", _stats(gff)),
        ("overview: time to first render [ms]", _stats([o["first_render_ms"] for o in over])),
        ("overview: redraw after a year-slider move [ms]", _stats([o["redraw_ms"] for o in over])),
        ("overview: frame time while panning/zooming [ms]", _stats(of)),
    ]
    print(f"\n{counts['launches']} launches ({counts['fitted']} flights drawn), {args.runs} runs, "
          f"{out['date']}, {out['machine']}; requests refused: {len(refused)}\n")
    print("| figure | median / mean |\n|---|---|")
    for name, v in rows:
        print(f"| {name} | {v} |")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if not refused else 1


if __name__ == "__main__":
    sys.exit(main())

"""The demo's detections replayed at x20 through `launchwatch watch` give the same tracks,
round, launches and bulletin as the batch `launchwatch assess` of the same file (both run as
real processes, each into a register of its own, compared from what they stored)."""

from __future__ import annotations

import json

from _watchdata import EPOCH, launchwatch

from launchwatch.register import Register


def _r(v):
    return None if v is None else round(v, 9)


def _launches(reg: Register) -> list[tuple]:
    out = []
    for key in reg.keys():
        ev = reg.get(key)
        for la in ev.launches:
            out.append((key, ev.state, la.seq, la.utc.isoformat(), _r(la.site.lat),
                        _r(la.site.lon), la.site.name, la.distance, la.apogee,
                        la.missile_class, la.regime, la.landing.name, tuple(la.flags),
                        sorted((c.field, str(c.value), c.ref) for c in la.claims)))
    return out


def test_replay_x20_matches_batch(demo_file, demo_batch, tmp_path):
    # the batch runs in its own process (demo_batch) while the replay goes on
    live_reg = tmp_path / "live.sqlite"
    w = launchwatch("watch", "--replay", str(demo_file), "--epoch", EPOCH, "--speed", "20",
                    "--register", str(live_reg), "--no-web", "--once", "--json")
    assert w.returncode == 0, w.stderr
    live = json.loads(w.stdout)
    batch, batch_reg = demo_batch.result(), demo_batch.register
    # every line read, none lost, none late: the replay fed the tracker the file itself
    c = live["counts"]
    assert c["malformed"] == 0 and c["late"] == 0 and c["duplicate"] == 0
    assert c["scans"] == c["lines"]
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    table = pcsv.read_csv(demo_file)
    filled = pc.or_(pc.is_valid(table.column("range_m")), pc.is_valid(table.column("los_azimuth_rad")))
    assert c["detections"] == pc.sum(filled.cast("int64")).as_py()
    scans = {(t, s) for t, s in zip(table.column("time_s").to_pylist(),
                                     table.column("sensor").to_pylist(), strict=True)}
    assert c["scans"] == len(scans)
    # the same tracks (ids made unique across recordings the same way)
    assert live["tracks"] == sorted(t["track"] for t in batch["tracks"])
    # the same round, launches and bulletin
    with Register(batch_reg) as rb, Register(live_reg) as rl:
        # both registers were created with the public record; the measured round is 8 May 2025's
        assert rb.keys() == rl.keys() and "KP-2025-05-08" in rb.keys()
        assert _launches(rb) == _launches(rl)
        key = "KP-2025-05-08"
        assert rb.round_number(key) == rl.round_number(key)
        assert len(rl.get(key).launches) == 3
        assert rl.meta().get("watch.open", "") == ""  # the round is closed
    assert [x["text"] for x in live["bulletins"]] == [x["text"] for x in batch["bulletins"]]
    assert "three short-range ballistic missiles" in live["bulletins"][0]["text"]

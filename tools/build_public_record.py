"""Write the built-in public record (package data) from a CNS JSON compilation.

    python tools/build_public_record.py ../shared/reference/cns

Copies the facts and figures of the CNS North Korea Missile Test Database, as compiled
in nagix/nk-missile-tests (Apache-2.0), into ``src/launchwatch/data/public_record/``:
the test records without their prose ``description`` fields, the facilities (name,
coordinates) and the missiles (name, type, manoeuvre), with the licence text and a
NOTICE giving the attribution.  Nothing else of the compilation is shipped.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "launchwatch" / "data" / "public_record"
FACTS = ("date", "time", "series", "missile", "facility", "landing", "apogee", "distance",
         "bearing", "outcome", "glide")


def main(src: str, as_of: str = "2026-04-21") -> None:
    base = Path(src)
    tests = json.loads((base / "test.en.json").read_text(encoding="utf-8"))
    n = 0
    bins = []
    for tb in tests["timeBins"]:
        recs = [{k: r[k] for k in FACTS if k in r} for r in tb["data"]]
        n += len(recs)
        bins.append({"year": tb.get("year"), "data": recs})
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "test.en.json").write_text(json.dumps({"timeBins": bins}, ensure_ascii=False, indent=0) + "\n",
                                      encoding="utf-8")
    fac = json.loads((base / "facility.en.json").read_text(encoding="utf-8"))
    (OUT / "facility.en.json").write_text(json.dumps(
        {"facilities": {k: {"name": v["name"], "lat": v["lat"], "lon": v["lon"]}
                        for k, v in fac["facilities"].items()}}, ensure_ascii=False, indent=0) + "\n",
        encoding="utf-8")
    mis = json.loads((base / "missile.en.json").read_text(encoding="utf-8"))
    (OUT / "missile.en.json").write_text(json.dumps(
        {k: {kk: v[kk] for kk in ("name", "type", "maneuver") if kk in v} for k, v in mis.items()},
        ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    shutil.copyfile(base / "LICENSE", OUT / "LICENSE")
    (OUT / "about.json").write_text(json.dumps({
        "name": "CNS North Korea Missile Test Database",
        "publisher": ("James Martin Center for Nonproliferation Studies (CNS) for the Nuclear Threat "
                      "Initiative (NTI)"),
        "compiled_by": "nagix/nk-missile-tests (https://github.com/nagix/nk-missile-tests)",
        "licence": "Apache-2.0", "as_of": as_of, "records": n,
        "content": "facts and figures only: no description fields"}, indent=1) + "\n", encoding="utf-8")
    print(f"{n} records written to {OUT}")


if __name__ == "__main__":
    main(*sys.argv[1:])

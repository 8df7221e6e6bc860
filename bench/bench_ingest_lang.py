"""Right, wrong and missing items of the report reader per corpus and per language (issue 16).

Usage::

    .venv/bin/python bench/bench_ingest_lang.py               # every corpus of bench_ingest.py
    .venv/bin/python bench/bench_ingest_lang.py --show ko ja  # and every wrong item in Korean, Japanese
    .venv/bin/python bench/bench_ingest_lang.py --corpus DIR  # any folder of annotated reports

A report's language is the script of its text, as in ``bench_ingest.py``: Korean if it has any
hangul, else Japanese if it has any kana, else English. Each cell is ``right/wrong/missing``;
accuracy is right over stated items, the wrong rate wrong over items judged (``score.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from launchwatch.register.ingest.score import load_corpus, score_report  # noqa: E402

CORPUS = HERE.parent / "tests" / "register" / "reports"
HALVES = ("dev", "dev-extra", "heldout", *(f"heldout{i}" for i in range(2, 11)))
LANGS = ("en", "ko", "ja")


def cells(row: dict[str, list[int]]) -> str:
    return "".join(f"{'{}/{}/{}'.format(*row[k][:3]):>18}" for k in (*LANGS, "all"))


def language(text: str) -> str:
    if any("\uac00" <= ch <= "\ud7a3" for ch in text):
        return "ko"
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return "ja"
    return "en"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, action="append", help="a folder of annotated reports")
    ap.add_argument("--show", nargs="*", default=[], help="print the wrong items of these languages")
    a = ap.parse_args()
    folders = a.corpus or [CORPUS / n for n in HALVES]
    total = {k: [0, 0, 0, 0] for k in (*LANGS, "all")}
    print(f"{'corpus':<11}" + "".join(f"{k:>18}" for k in (*LANGS, "all")))
    for folder in folders:
        row = {k: [0, 0, 0, 0] for k in (*LANGS, "all")}
        for r in load_corpus(folder):
            t, stated = score_report(r)
            lang = language(r["text"])
            for k in (lang, "all"):
                for i, v in enumerate((*t.totals(), stated)):
                    row[k][i] += v
                    total[k][i] += v
            if lang in a.show:
                for note in t.notes:
                    if note.split(":")[0].endswith("wrong"):
                        print(f"    [{folder.name} {lang}] {note}")
        print(f"{folder.name:<11}" + cells(row))
    print(f"{'total':<11}" + cells(total))
    for k in (*LANGS, "all"):
        r, w, m, stated = total[k]
        if stated:
            print(f"  {k}: {r / stated:.1%} right of {stated} stated, {w / (r + w + m):.1%} wrong of judged")


if __name__ == "__main__":
    main()

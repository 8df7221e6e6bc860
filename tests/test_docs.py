"""The README's and the docs' examples, and the examples in the docstrings of the numeric
layers, run as doctests: documentation that drifts from the code fails CI."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MODULES = ["launchwatch.status", "launchwatch.earth.ellipsoid", "launchwatch.earth.model",
           "launchwatch.earth.sight", "launchwatch.earth.atmosphere", "launchwatch.flight.invert",
           "launchwatch.flight.invert.rules", "launchwatch.tracking.roles"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples(page: Path) -> None:
    res = doctest.testfile(str(page), module_relative=False, optionflags=FLAGS, verbose=False,
                           report=True, encoding="utf-8")
    assert res.failed == 0, f"{res.failed} of {res.attempted} examples of {page.name} failed"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    res = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, report=True)
    assert res.failed == 0

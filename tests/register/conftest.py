"""Fixtures of the register tests: the CNS compilation in ../shared/reference/cns.

In CI (``$CI`` set, as ``.ci/run`` does) a missing reference folder is a failure, not a
skip: the counts the register is checked against come from those raw files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"


@pytest.fixture(scope="session")
def cns_dir() -> Path:
    folder = REFERENCE / "cns"
    if not (folder / "test.en.json").is_file():
        msg = f"CNS reference data not found in {folder} (CI has ../shared beside the checkout)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return folder

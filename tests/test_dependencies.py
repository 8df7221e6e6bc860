"""Every declared dependency is importable: a broken set-up fails here, it does not hide as
skips elsewhere (tests of the layers import them directly, without importorskip)."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
#: distribution name -> module name, where they differ
MODULE = {"pyyaml": "yaml", "pyerfa": "erfa", "basemap-data": "mpl_toolkits.basemap_data",
          "python-multipart": "python_multipart", "fastkml": "fastkml", "tzdata": "tzdata",
          "httpx2": "httpx2", "openapi-spec-validator": "openapi_spec_validator",
          "dask": "dask", "psycopg": "psycopg", "ruff": None, "playwright": "playwright",
          "pytest-xdist": "xdist"}


def _names(reqs: list[str]) -> list[str]:
    return [re.split(r"[\s<>=!\[;~]", r, maxsplit=1)[0].strip().lower() for r in reqs]


DECLARED = _names(PROJECT["dependencies"]) + _names(PROJECT["optional-dependencies"]["test"])


@pytest.mark.parametrize("dist", DECLARED)
def test_declared_dependency_is_installed(dist: str) -> None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        version(dist)
    except PackageNotFoundError:
        pytest.fail(f"{dist} is declared in pyproject.toml but not installed")
    module = MODULE.get(dist, dist.replace("-", "_"))
    if module:
        importlib.import_module(module)

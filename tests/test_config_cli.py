"""Settings from defaults, a file and the environment; the top-level command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from launchwatch.config import settings
from launchwatch.errors import InputError


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAUNCHWATCH_")}
    env["LAUNCHWATCH_CONFIG"] = str(tmp_path / "config.toml")
    env.update(extra)
    return env


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("LAUNCHWATCH_REGISTER_URL", "LAUNCHWATCH_DATA_DIR", "LAUNCHWATCH_TOKEN"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("LAUNCHWATCH_CONFIG", str(tmp_path / "config.toml"))
    st = settings()
    assert st.sources == {"register_url": "default", "data_dir": "default", "token": "default"}
    assert st.register_url.endswith("register.sqlite") and st.token is None
    (tmp_path / "config.toml").write_text(f'data_dir = "{tmp_path}/d"\n')
    st = settings()
    assert st.data_dir == tmp_path / "d" and st.register_url == f"sqlite:///{tmp_path}/d/register.sqlite"
    monkeypatch.setenv("LAUNCHWATCH_REGISTER_URL", "sqlite:////x.sqlite")
    assert settings().register_url == "sqlite:////x.sqlite"
    assert settings().sources["register_url"] == "environment"
    (tmp_path / "config.toml").write_text('colour = "red"\n')
    with pytest.raises(InputError, match=r"config\.colour"):
        settings()


def test_cli_help_config_and_errors(tmp_path: Path) -> None:
    env = _env(tmp_path, LAUNCHWATCH_DATA_DIR=str(tmp_path / "data"))
    run = lambda *a: subprocess.run([sys.executable, "-m", "launchwatch", *a],  # noqa: E731
                                    capture_output=True, text=True, env=env, timeout=120)
    out = run("--help")
    assert out.returncode == 0
    for cmd in ("demo", "simulate", "invert", "register", "ingest", "config"):
        assert cmd in out.stdout
    out = run("config", "--json")
    js = json.loads(out.stdout)
    assert js["data_dir"] == str(tmp_path / "data") and js["sources"]["data_dir"] == "environment"
    out = run("simulate", str(tmp_path / "missing.yaml"))
    assert out.returncode == 2 and out.stderr.startswith("error: ")
    assert len(out.stderr.strip().splitlines()) == 1
    out = run("--debug", "simulate", str(tmp_path / "missing.yaml"))
    assert out.returncode != 0 and "Traceback" in out.stderr
    out = run("nosuchcommand")
    assert out.returncode == 2

"""Settings: defaults, then a TOML file, then environment variables (highest).

* register URL: ``LAUNCHWATCH_REGISTER_URL`` / file key ``register_url``; default SQLite
  ``register.sqlite`` in the data directory;
* data directory: ``LAUNCHWATCH_DATA_DIR`` / ``data_dir``; default the user data
  directory (``platformdirs``, e.g. ``~/.local/share/launchwatch``);
* web write token: ``LAUNCHWATCH_TOKEN`` / ``token``; default none (the dashboard then
  refuses writes).

The file is ``$LAUNCHWATCH_CONFIG`` or ``config.toml`` in the user config directory
(e.g. ``~/.config/launchwatch/config.toml``)::

    register_url = "postgresql+psycopg://user@localhost/launchwatch"
    data_dir = "/srv/launchwatch"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["Settings", "config_file", "settings"]

_KEYS = {"register_url": "LAUNCHWATCH_REGISTER_URL", "data_dir": "LAUNCHWATCH_DATA_DIR",
         "token": "LAUNCHWATCH_TOKEN"}


@dataclass(frozen=True)
class Settings:
    """Effective settings and where each came from (``default``, ``file``, ``environment``)."""

    register_url: str
    data_dir: Path
    token: str | None
    sources: dict[str, str]
    file: Path | None


def config_file() -> Path:
    """The configuration file's path (it need not exist)."""
    env = os.environ.get("LAUNCHWATCH_CONFIG")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("launchwatch", appauthor=False)) / "config.toml"


def settings() -> Settings:
    """Read the settings now (no caching: environment changes take effect at once)."""
    import platformdirs

    path = config_file()
    data: dict = {}
    used_file = None
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text())
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError("config", str(path), f"is not valid TOML: {exc}") from exc
        unknown = sorted(set(data) - set(_KEYS))
        if unknown:
            raise InputError(f"config.{unknown[0]}", data[unknown[0]],
                             f"unknown key in {path}; known: {', '.join(_KEYS)}")
        used_file = path
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for key, env in _KEYS.items():
        if os.environ.get(env):
            values[key], sources[key] = os.environ[env], "environment"
        elif key in data:
            if not isinstance(data[key], str):
                raise InputError(f"config.{key}", data[key], "must be a string")
            values[key], sources[key] = data[key], "file"
        else:
            values[key], sources[key] = None, "default"
    data_dir = Path(values["data_dir"] or platformdirs.user_data_dir("launchwatch", appauthor=False))
    url = values["register_url"] or f"sqlite:///{data_dir / 'register.sqlite'}"
    return Settings(register_url=url, data_dir=data_dir, token=values["token"], sources=sources,
                    file=used_file)

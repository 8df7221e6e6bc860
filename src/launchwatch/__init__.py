"""launchwatch: monitoring of ballistic missile launches."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError

__all__ = ["InputError", "__version__"]

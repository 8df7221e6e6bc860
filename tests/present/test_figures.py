"""Figures are looked at, not just written: size and non-blank pixels."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest

from launchwatch.errors import InputError
from launchwatch.present import FlightDrawing, SensorDrawing, event_map, timeline_plot
from launchwatch.present.mapdata import borders, coastlines


def _drawn(path: Path) -> None:
    img = mpimg.imread(path)
    assert img.shape[0] > 300 and img.shape[1] > 600
    assert np.std(img[..., :3]) > 0.03


def test_offline_map_data_for_korea_and_japan() -> None:
    polys = coastlines((124.0, 142.0, 32.0, 44.0), "l")
    assert len(polys) > 20
    pts = np.concatenate(polys)
    assert pts[:, 0].min() < 126.0 and pts[:, 0].max() > 140.0
    assert len(borders((124.0, 142.0, 32.0, 44.0), "l")) > 0
    with pytest.raises(InputError, match="resolution"):
        coastlines((0, 1, 0, 1), "x")


def test_timeline_and_map_pictures(tmp_path: Path) -> None:
    timeline_plot(tmp_path / "t.png", {2022: {"SRBM": 30, "ICBM": 8}, 2024: {"SRBM": 20}})
    _drawn(tmp_path / "t.png")
    timeline_plot(tmp_path / "t.svg", {2022: {"SRBM": 3}})
    assert (tmp_path / "t.svg").read_text().startswith("<?xml")
    with pytest.raises(InputError):
        timeline_plot(tmp_path / "e.png", {})
    lat = np.radians(np.linspace(39.17, 39.6, 20))
    lon = np.radians(np.linspace(127.48, 130.3, 20))
    f = FlightDrawing("a", lat, lon, np.linspace(0, 60e3, 20), (lat[0], lon[0]), (lat[-1], lon[-1]),
                      ellipse=(3000.0, 1000.0, 0.3), range_m=250e3)
    event_map(tmp_path / "m.png", [f], sensors=[SensorDrawing("r", math.radians(37.5),
                                                              math.radians(129.0), 5e5)],
              title="test")
    _drawn(tmp_path / "m.png")

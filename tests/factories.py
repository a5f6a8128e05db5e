"""Small builders shared by the tests: the embedded compass, toy compasses and regions."""

from __future__ import annotations

import tomllib
from copy import deepcopy
from functools import cache
from typing import Any, cast

from kompas.dataset import default_data_dir
from kompas.engine import Compass, IndicatorValue, Reading, RegionInput, parse_compass
from kompas.engine.model import Gate, GateStatus


@cache
def embedded_raw() -> dict[str, Any]:
    return tomllib.loads((default_data_dir() / "compass.toml").read_text(encoding="utf-8"))


def raw_compass() -> dict[str, Any]:
    """A fresh, editable copy of the embedded compass file's contents."""
    return deepcopy(embedded_raw())


@cache
def embedded_compass() -> Compass:
    return parse_compass(embedded_raw(), "compass.toml")


def judged_region(code: str = "X", gates: str = "pass", **judgements: str) -> RegionInput:
    """A region with the given judgements and every precondition at `gates`."""
    compass = embedded_compass()
    return RegionInput(
        code,
        judgements=judgements,
        gates={p.id: Gate(cast(GateStatus, gates)) for p in compass.preconditions}
        if gates != "unknown"
        else {},
    )


def identity_compass(weights: list[float], aspects: list[int] | None = None) -> Compass:
    """A compass of indicator criteria whose value function is the identity on [0, 1].

    `aspects` assigns each criterion to an aspect (default: one aspect); all aspects weigh 1.
    """
    aspects = aspects or [0] * len(weights)
    raw = raw_compass()
    raw["aspects"] = [
        {"id": f"a{a}", "name_nl": f"a{a}", "name_en": f"a{a}", "weight": 1}
        for a in sorted(set(aspects))
    ]
    raw["criteria"] = [
        {
            "id": f"c{j}",
            "name_nl": f"c{j}",
            "name_en": f"c{j}",
            "aspect": f"a{aspects[j]}",
            "kind": "indicator",
            "weight": weight,
            "direction": "increasing",
            "indicators": [f"i{j}"],
            "value_function": {"type": "piecewise_linear", "points": [[0.0, 0.0], [1.0, 1.0]]},
        }
        for j, weight in enumerate(weights)
    ]
    raw["preconditions"] = []
    return parse_compass(raw, "identity")


def valued_region(code: str, values: list[float | None]) -> RegionInput:
    """A region for `identity_compass`: criterion j reads values[j] (None = unknown)."""
    readings = {
        f"c{j}": Reading(code, IndicatorValue(code, f"i{j}", "1", None, value, "test"))
        for j, value in enumerate(values)
        if value is not None
    }
    return RegionInput(code, readings=readings)

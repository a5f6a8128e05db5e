"""Several analysts on the profile: whose judgements differ, by how much, and each one's advice."""

from __future__ import annotations

from typing import Any

from kompas.dataset import region_inputs
from kompas.engine import assess
from kompas.engine.assess import analyst_advice
from kompas.engine.panel import analysts, panels
from kompas.regions import models
from kompas.regions.profile.records import METHOD_LABELS
from kompas.shared.formats import lang
from kompas.shared.state import Weighing


def analysts_context(weighed: Weighing, region: models.Region) -> dict[str, Any]:
    """Empty when no criterion of the region has two or more analysts' judgements."""
    compass, language = weighed.compass, lang()
    inputs = region_inputs(weighed.dataset, compass, [region.code])[0]
    found = panels(compass, inputs)
    if not found:
        return {"analysts": None}
    tracks = compass.tracks
    combined = [assess(compass, [inputs], t.id, explanations=False)[0] for t in tracks]
    own = [analyst_advice(compass, inputs, t.id) for t in tracks]
    rows = []
    for name in analysts(inputs):
        cells = [
            {
                "advice": advice[name],
                "differs": _levels(advice[name]) != _levels(together),
            }
            for advice, together in zip(own, combined, strict=True)
        ]
        judged = [
            compass.criterion(p.criterion).name(language) for p in found if name in p.analysts
        ]
        rows.append({"name": name, "cells": cells, "judged": judged})
    return {
        "analysts": {
            "method": METHOD_LABELS[compass.aggregation.judgements],
            "tracks": tracks,
            "combined": combined,
            "rows": rows,
            "discuss": [
                {"criterion": compass.criterion(p.criterion), "spread": p.spread}
                for p in found
                if p.discuss
            ],
            "discuss_spread": compass.aggregation.discuss_spread,
        }
    }


def _levels(advice: Any) -> tuple[str, str]:
    return advice.level_best, advice.level_worst

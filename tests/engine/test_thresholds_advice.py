"""Scores exactly on a threshold reach its level, on every path of the advice.

Weights and values are binary fractions (or a single weight of 1), so the scores below are
exactly 0.6, 0.45, 0.3 or a custom threshold, bit for bit; each test first checks that. A score
within `TOLERANCE` below a threshold still reaches it; one further below does not. These tests
fail when the tolerance's sign or the comparison in `scoring.classify` is turned around.
"""

from __future__ import annotations

from typing import Any

import pytest

from kompas.engine import Compass, RegionInput, assess, parse_compass
from kompas.engine.scoring import TOLERANCE
from tests.factories import raw_compass, valued_region

DEFAULT = (0.6, 0.45, 0.3)  # the embedded compass's thresholds
QUARTERS = (0.75, 0.5, 0.25)
LEVELS = ("inzet", "reactieve_inzet", "faciliterend", "none")


def exact_compass(
    weights: list[float],
    cuts: tuple[float, float, float],
    scale: list[float] | None = None,
) -> Compass:
    """One aspect of criteria c0, c1, ... with these raw weights and the thresholds `cuts` on
    both tracks: identity value functions on [0, 1], or judged on `scale` (categories k0, k1,
    ... with these values)."""
    raw: dict[str, Any] = raw_compass()
    raw["aspects"] = [{"id": "a", "name_nl": "a", "name_en": "a", "weight": 1}]
    raw["scales"] = {
        "exact": {
            "name_nl": "exact",
            "name_en": "exact",
            "categories": [
                {"id": f"k{k}", "name_nl": f"k{k}", "name_en": f"k{k}", "value": v}
                for k, v in enumerate(scale or [0.0, 1.0])
            ],
        }
    }
    kind: dict[str, Any] = (
        {"kind": "judgement", "scale": "exact"}
        if scale
        else {
            "kind": "indicator",
            "indicators": ["i"],
            "value_function": {"type": "piecewise_linear", "points": [[0.0, 0.0], [1.0, 1.0]]},
        }
    )
    raw["criteria"] = [
        {
            "id": f"c{j}",
            "name_nl": f"c{j}",
            "name_en": f"c{j}",
            "aspect": "a",
            "weight": weight,
            "direction": "increasing",
            **kind,
        }
        for j, weight in enumerate(weights)
    ]
    for track in raw["tracks"]:
        track["thresholds"] = dict(zip(LEVELS, cuts, strict=False))
    raw["preconditions"] = []
    return parse_compass(raw, "exact")


def judged(**categories: str) -> RegionInput:
    return RegionInput("R", judgements=categories)


@pytest.mark.parametrize("track", ["innovation", "trade_invest"])
@pytest.mark.parametrize("cuts", [DEFAULT, QUARTERS, (0.875, 0.625, 0.375)])
def test_a_score_on_a_threshold_reaches_its_level(
    track: str, cuts: tuple[float, float, float]
) -> None:
    compass = exact_compass([1], cuts)  # one criterion of weight 1: the score is its value
    for level, cut in enumerate(cuts):
        on, within, edge, below = (
            assess(compass, [valued_region("R", [value])], track)[0]
            for value in (cut, cut - 2**-40, cut - TOLERANCE, cut - 2**-20)
        )
        assert on.score_low == on.score_high == cut
        assert 0 < cut - within.score_low < TOLERANCE < cut - below.score_low
        assert edge.score_low + TOLERANCE == cut  # the very edge: score + TOLERANCE >= cut
        assert on.level == within.level == edge.level == LEVELS[level]
        assert below.level == LEVELS[level + 1]


@pytest.mark.parametrize("cuts", [DEFAULT, QUARTERS])
def test_both_ends_of_an_open_score_on_thresholds_reach_their_levels(
    cuts: tuple[float, float, float],
) -> None:
    compass = exact_compass([1, 1], cuts)  # effective weights 0.5 and 0.5
    worst_end = 2 * cuts[2]  # c1 unknown: the score runs from worst_end / 2 to that + 0.5
    best_end = 2 * (cuts[0] - 0.5)
    low = assess(compass, [valued_region("R", [worst_end, None])], "innovation")[0]
    high = assess(compass, [valued_region("R", [best_end, None])], "innovation")[0]
    assert low.score_low == cuts[2]
    assert high.score_high == cuts[0]
    assert low.level_worst == "faciliterend"
    assert high.level_best == "inzet"


def test_a_criterion_is_decisive_only_when_it_moves_an_end_past_a_threshold() -> None:
    # effective weights 0.375, 0.125, 0.5; c0 = 1 known, c1 and c2 unknown: score 0.375..1.0
    compass = exact_compass([3, 1, 4], (0.875, 0.625, 0.375))
    advice = assess(compass, [valued_region("R", [1.0, None, None])], "innovation")[0]
    assert (advice.score_low, advice.score_high) == (0.375, 1.0)
    assert (advice.level_worst, advice.level_best) == ("faciliterend", "inzet")  # both on a cut
    assert advice.could_change_level == ("c1", "c2")
    # c1 settled low keeps the best case at 0.875 (inzet, on its threshold), settled high lifts
    # the worst case to 0.5 (still faciliterend): not decisive. c2 moves both ends.
    assert advice.decisive == ("c2",)


def test_a_judgement_change_onto_a_threshold_moves_the_level() -> None:
    # effective weights 0.5 and 0.5 on a scale of quarters: c0 moderate, c1 weak score 0.375
    compass = exact_compass([1, 1], QUARTERS, scale=[0.0, 0.25, 0.5, 0.75, 1.0])
    advice = assess(compass, [judged(c0="k2", c1="k1")], "innovation")[0]
    assert advice.level == "faciliterend"
    up = advice.explanation.change("up", "judgement")
    assert up is not None  # one step up lands exactly on 0.5: reactive
    assert (up.target, up.before, up.after, up.steps) == ("c0", "k2", "k3", 1)
    assert (up.score_after, up.level_after) == (0.5, "reactieve_inzet")
    down = advice.explanation.change("down", "judgement")
    assert down is not None  # one step down lands exactly on 0.25, still facilitating: two
    assert (down.target, down.before, down.after, down.steps) == ("c0", "k2", "k0", 2)
    assert (down.score_after, down.level_after) == (0.125, "none")


def test_a_judgement_change_from_and_onto_the_default_thresholds() -> None:
    compass = exact_compass([1], DEFAULT, scale=[0.0, 0.3, 0.45, 0.6, 1.0])
    advice = assess(compass, [judged(c0="k2")], "trade_invest")[0]
    assert advice.score_low == 0.45
    assert advice.level == "reactieve_inzet"
    up = advice.explanation.change("up", "judgement")
    down = advice.explanation.change("down", "judgement")
    assert up is not None
    assert down is not None
    assert (up.after, up.steps, up.score_after, up.level_after) == ("k3", 1, 0.6, "inzet")
    assert (down.after, down.steps, down.score_after) == ("k1", 1, 0.3)
    assert down.level_after == "faciliterend"


def test_a_weight_change_starts_from_the_level_a_score_on_a_threshold_has() -> None:
    compass = exact_compass([1, 1], QUARTERS)
    advice = assess(compass, [valued_region("R", [1.0, 0.0])], "innovation")[0]
    assert advice.score_low == 0.5
    assert advice.level == "reactieve_inzet"
    up = advice.explanation.change("up", "weight")
    down = advice.explanation.change("down", "weight")
    assert up is not None
    assert down is not None
    assert up.level_after == "inzet"
    assert up.score_after == pytest.approx(0.75, abs=1e-6)
    assert up.score_after >= 0.75 - TOLERANCE
    assert down.level_after == "faciliterend"
    assert down.score_after == pytest.approx(0.5, abs=1e-6)
    assert down.score_after < 0.5 - TOLERANCE

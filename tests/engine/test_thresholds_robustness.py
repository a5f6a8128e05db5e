"""Scores exactly on a threshold, through every path of the robustness and sensitivity analyses.

The one rule (`scoring.classify`): a score reaches a level when score + TOLERANCE >= its
threshold. Per threshold of the track, three scores: the threshold itself (`on`: reaches it),
the least float that still reaches it by the rule (`edge`, about TOLERANCE below it: reaches it,
and edge + TOLERANCE equals the threshold exactly), and the float just below that (`below`: does
not). Flipping the sign of the tolerance fails the `on` cases, a strict comparison or no
tolerance the `edge` cases, a larger tolerance the `below` cases; in `classify` or in a copy of
the rule anywhere in the analyses.

Weights and values are exact: one criterion (weight 1, whatever the weight model draws), or two
with shares 1/2 and values v ± 1/64, so that every score is exactly the intended float.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from kompas.engine import Compass, RegionInput, assess, parse_compass
from kompas.engine.robustness import BLOCK, WeightModel, level_counts, level_floors, smaa
from kompas.engine.scoring import TOLERANCE, classify, thresholds
from kompas.engine.sensitivity import stability_intervals, tornado
from tests.engine.reference_smaa import smaa_reference
from tests.factories import identity_compass, raw_compass, valued_region

TRACK = "innovation"
ONE = identity_compass([1])  # score = the value of c0
TWO = identity_compass([1, 1])  # shares 1/2 and 1/2
CUTS = thresholds(ONE, ONE.track(TRACK))
LEVELS = [level.id for level in ONE.levels]
D = 1 / 64  # the values v + D and v − D have the mean v exactly, for v near any threshold


def edge(cut: float) -> float:
    """The least float that reaches `cut` by the rule score + TOLERANCE >= threshold."""
    score = cut - TOLERANCE
    while score + TOLERANCE >= cut:
        score = float(np.nextafter(score, -math.inf))
    while score + TOLERANCE < cut:
        score = float(np.nextafter(score, math.inf))
    return score


def below(score: float) -> float:
    return float(np.nextafter(score, -math.inf))


def cases() -> list[tuple[str, float, int]]:
    """(name, score, expected level index): `on`, `edge` and `below` for every threshold."""
    found = []
    for k, cut in enumerate(CUTS.tolist()):
        found += [
            (f"on {LEVELS[k]}", cut, k),
            (f"edge {LEVELS[k]}", edge(cut), k),
            (f"below {LEVELS[k]}", below(edge(cut)), k + 1),
        ]
    return found


CASES = cases()
IDS = [name for name, _score, _level in CASES]


def test_the_cases_sit_where_they_should() -> None:
    assert CUTS.tolist() == [0.6, 0.45, 0.3]  # the embedded compass's thresholds
    for cut in CUTS.tolist():
        low = edge(cut)
        assert cut - 1.5 * TOLERANCE < low < cut
        assert low + TOLERANCE == cut  # so a strict comparison would not reach it
        assert below(low) + TOLERANCE < cut


@pytest.mark.parametrize(("name", "score", "level"), CASES, ids=IDS)
def test_the_advice_follows_the_rule(name: str, score: float, level: int) -> None:
    advice = assess(ONE, [valued_region("R", [score])], TRACK)[0]
    assert advice.score_low == advice.score_high == score  # the value function keeps it exact
    assert advice.level_best == advice.level_worst == LEVELS[level]


# --- the levels of the SMAA ------------------------------------------------------------------

EXACT_MODELS = [
    WeightModel.around(math.inf),
    WeightModel.around(100),  # one weighted criterion: its weight is 1 in every sample
    WeightModel.ranked("criteria", ["c0"]),
    WeightModel.bounded({}),
]


def regions_of(values: list[list[float]]) -> list[RegionInput]:
    return [valued_region(f"R{i}", list[float | None](row)) for i, row in enumerate(values)]


def expected_rows(levels: list[int]) -> np.ndarray:
    rows = np.zeros((len(levels), len(LEVELS)))
    rows[np.arange(len(levels)), levels] = 1.0
    return rows


@pytest.mark.parametrize("model", EXACT_MODELS, ids=lambda m: m.kind)
def test_level_acceptability_and_modal_level_on_the_thresholds(model: WeightModel) -> None:
    regions = regions_of([[score] for _name, score, _level in CASES])
    result = smaa(ONE, regions, TRACK, model, samples=BLOCK + 300, seed=1)
    levels = [level for _name, _score, level in CASES]
    assert np.array_equal(result.level_acceptability, expected_rows(levels))
    for region, (name, _score, level) in zip(regions, CASES, strict=True):
        assert result.modal_level(region.code) == (LEVELS[level], 1.0), name
    advice = assess(ONE, regions, TRACK)
    assert [result.modal_level(a.region)[0] for a in advice] == [a.level_best for a in advice]


def test_two_weighted_criteria_land_exactly_on_the_thresholds() -> None:
    values = [[score + D, score - D] for _name, score, _level in CASES]
    regions = regions_of(values)
    options: dict[str, Any] = {"samples": 700, "seed": 2, "confidence_samples": 50}
    result = smaa(TWO, regions, TRACK, WeightModel.around(math.inf), **options)
    levels = [level for _name, _score, level in CASES]
    assert np.array_equal(result.level_acceptability, expected_rows(levels))
    reference = smaa_reference(TWO, regions, TRACK, WeightModel.around(math.inf), **options)
    assert np.array_equal(reference.level_acceptability, result.level_acceptability)


def judged_compass(values: list[float]) -> Compass:
    """One judgement criterion, on a scale with these category values (worst first)."""
    raw = raw_compass()
    raw["aspects"] = [{"id": "a0", "name_nl": "a0", "name_en": "a0", "weight": 1}]
    raw["scales"] = {
        "exact": {
            "categories": [
                {"id": f"k{i}", "name_nl": f"k{i}", "name_en": f"k{i}", "value": value}
                for i, value in enumerate(values)
            ]
        }
    }
    raw["criteria"] = [
        {
            "id": "c0",
            "name_nl": "c0",
            "name_en": "c0",
            "aspect": "a0",
            "kind": "judgement",
            "weight": 1,
            "direction": "increasing",
            "scale": "exact",
        }
    ]
    raw["preconditions"] = []
    return parse_compass(raw, "exact")


def scales_within_one_level() -> list[tuple[list[float], int]]:
    """Category values that all lie in one level, from its edge up: evenly spaced (two
    categories, drawn by arithmetic) or not (three, drawn from a table)."""
    scales = []
    for k, cut in enumerate(CUTS.tolist()):
        top = 1.0 if k == 0 else below(edge(CUTS[k - 1]))
        scales += [([edge(cut), cut], k), ([edge(cut), cut, top], k)]
    return scales


@pytest.mark.parametrize(("values", "level"), scales_within_one_level())
def test_drawn_judgements_on_the_thresholds(values: list[float], level: int) -> None:
    compass = judged_compass(values)
    scale = compass.criteria[0].scale
    assert scale is not None
    ids = [c.id for c in scale.categories]
    missing = RegionInput("MISSING")
    ranged = RegionInput("RANGED", judgement_ranges={"c0": (ids[0], ids[1])})
    result = smaa(compass, [missing, ranged], TRACK, WeightModel.around(), samples=3000, seed=3)
    assert np.array_equal(result.level_acceptability, expected_rows([level, level]))
    below_edge = RegionInput("BELOW", judgements={"c0": ids[0]})
    lowered = judged_compass([below(values[0]), *values[1:]])
    result = smaa(lowered, [below_edge], TRACK, WeightModel.around(), samples=100, seed=3)
    assert result.modal_level("BELOW") == (LEVELS[level + 1], 1.0)


# --- the sensitivity -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "score", "level"), CASES, ids=IDS)
def test_tornado_levels_on_the_thresholds(name: str, score: float, level: int) -> None:
    bars = tornado(TWO, valued_region("R", [score, score]), TRACK, spread=0.5)
    assert len(bars) == 3
    for bar in bars:  # the score is the same at every share: both values are `score`
        assert bar.base == bar.down == bar.up == (score, score)
        assert bar.levels_down == bar.levels_up == (LEVELS[level], LEVELS[level])


@pytest.mark.parametrize(("name", "score", "level"), CASES, ids=IDS)
def test_stability_intervals_on_the_thresholds(name: str, score: float, level: int) -> None:
    # Share x of c0 (now 1/2): score(x) = (score − D) + 2D·x, exactly `score` at x = 1/2.
    region = valued_region("R", [score + D, score - D])
    c0 = next(b for b in tornado(TWO, region, TRACK) if b.target == "c0")
    assert c0.base == (score, score)
    interval = next(i for i in stability_intervals(TWO, [region], TRACK) if i.target == "c0")
    assert interval.share == 0.5
    if name.startswith("below"):  # just below the level: raising c0 at all reaches it
        bound, cut, after = interval.high, level - 1, level - 1
    else:  # on the level: lowering c0 at all leaves it
        bound, cut, after = interval.low, level, level + 1
    assert (bound.region, bound.case) == ("R", "point")
    assert (bound.level_before, bound.level_after) == (LEVELS[level], LEVELS[after])
    assert (bound.threshold_level, bound.threshold) == (LEVELS[cut], CUTS[cut])
    # The share at which the score reaches the least score that reaches the level: just
    # beside 1/2, on the side that changes the level.
    assert bound.share == (edge(CUTS[cut]) - (score - D)) / (2 * D)
    if name.startswith("below"):
        assert 0.5 < bound.share < 0.5 + 1e-12
    else:
        assert 0.5 - 1e-7 < bound.share <= 0.5


# --- the level floors ------------------------------------------------------------------------


def test_the_level_floors_are_the_least_scores_that_reach_each_level() -> None:
    floors = level_floors(CUTS)
    assert floors.tolist() == [edge(cut) for cut in CUTS.tolist()]
    assert level_floors(np.array([])).shape == (0,)


def test_counting_by_the_floors_is_counting_by_classify() -> None:
    rng = np.random.default_rng(5)
    steps = np.arange(-64, 65)
    near = [
        point + steps * np.spacing(point)
        for cut in CUTS.tolist()
        for point in (cut, edge(cut), cut - TOLERANCE)
    ]
    scores = np.concatenate([*near, rng.random(1998), [0.0, 1.0, -1.0, 2.0, math.inf, -math.inf]])
    scores = rng.permutation(scores).reshape(3, -1)
    counts = level_counts(scores, level_floors(CUTS))
    levels = classify(scores, CUTS)
    expected = np.array([np.bincount(row, minlength=len(LEVELS)) for row in levels])
    assert np.array_equal(counts, expected)

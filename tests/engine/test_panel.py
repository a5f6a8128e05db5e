"""Several analysts on one criterion: the aggregate, the spread, the flag and each one's advice.

The embedded compass's strength scale: very_weak 0, weak 0.25, moderate 0.5, strong 0.75,
very_strong 1.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from kompas.engine import Gate, RegionInput, assess
from kompas.engine.assess import analyst_advice
from kompas.engine.compass import Aggregation
from kompas.engine.panel import (
    MAX_COMBINATIONS,
    Judged,
    aggregate,
    analysts,
    combinations,
    combined,
    nearest_category,
    own_input,
    panel_of,
    panels,
)
from kompas.engine.robustness import WeightModel, smaa
from kompas.engine.scoring import criterion_bounds
from tests.engine.reference_smaa import smaa_reference
from tests.engine.test_robustness import random_case, relative, wgi
from tests.factories import embedded_compass

COMPASS = embedded_compass()
MEAN = replace(COMPASS, aggregation=Aggregation("mean", 2))
STRENGTH = COMPASS.scales["strength"]
THEMES = COMPASS.criterion("innovation_themes")
PASS = {p.id: Gate("pass") for p in COMPASS.preconditions}
TRACK = "innovation"


def with_panel(**judged: Judged) -> RegionInput:
    """A region whose innovation themes were judged by the analysts named."""
    return RegionInput("X", gates=PASS, panels={"innovation_themes": judged})


def all_judged(category: str, **panel: str) -> RegionInput:
    """Every judgement criterion at `category`; innovation themes by the panel given."""
    judgements = {c.id: category for c in COMPASS.criteria if c.scale is STRENGTH}
    return RegionInput("X", judgements=judgements, gates=PASS, panels={"innovation_themes": panel})


def test_the_median_of_an_odd_panel_is_the_middle_category() -> None:
    assert aggregate(STRENGTH, {"a": "weak", "b": "strong", "c": "strong"}, "median") == 0.75


def test_the_median_of_an_even_panel_lies_between_the_two_middle_categories() -> None:
    assert aggregate(STRENGTH, {"a": "weak", "b": "strong"}, "median") == 0.5
    assert aggregate(STRENGTH, {"a": "weak", "b": "moderate"}, "median") == 0.375


def test_the_mean_weighs_every_analyst_equally() -> None:
    value = aggregate(STRENGTH, {"a": "weak", "b": "strong", "c": "strong"}, "mean")
    assert value == pytest.approx((0.25 + 0.75 + 0.75) / 3)


def test_an_unknown_method_or_an_empty_panel_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown aggregation 'mode'"):
        aggregate(STRENGTH, {"a": "weak"}, "mode")
    with pytest.raises(ValueError, match="at least one judgement"):
        aggregate(STRENGTH, {}, "median")


def test_the_nearest_category_takes_the_worse_one_on_a_tie() -> None:
    assert nearest_category(STRENGTH, 0.6) == "moderate"
    assert nearest_category(STRENGTH, 0.375) == "weak"
    assert nearest_category(STRENGTH, 1.0) == "very_strong"


def test_the_spread_counts_scale_steps_and_flags_from_the_compass_threshold() -> None:
    far = panel_of(COMPASS, THEMES, {"a": "weak", "b": "very_strong"})
    assert (far.spread, far.lowest, far.highest, far.discuss) == (3, "weak", "very_strong", True)
    near = panel_of(COMPASS, THEMES, {"a": "strong", "b": "very_strong"})
    assert (near.spread, near.discuss) == (1, False)
    at_threshold = panel_of(COMPASS, THEMES, {"a": "moderate", "b": "very_strong"})
    assert (at_threshold.spread, at_threshold.discuss) == (2, True)
    strict = replace(COMPASS, aggregation=Aggregation("median", 3))
    assert not panel_of(strict, THEMES, {"a": "moderate", "b": "very_strong"}).discuss


def test_agreeing_analysts_have_no_spread() -> None:
    panel = panel_of(COMPASS, THEMES, {"a": "strong", "b": "strong"})
    assert (panel.spread, panel.nearest, panel.discuss) == (0, "strong", False)


def test_a_panel_counts_as_known_at_its_aggregated_value() -> None:
    region = with_panel(a="weak", b="strong", c="strong")
    assert criterion_bounds(THEMES, region, "median") == (0.75, 0.75, True)
    low, high, known = criterion_bounds(THEMES, region, "mean")
    assert low == high == pytest.approx(1.75 / 3)
    assert known


def test_the_advice_uses_the_compass_method() -> None:
    panel = {"a": "weak", "b": "strong", "c": "strong"}
    by_median = assess(COMPASS, [all_judged("moderate", **panel)], TRACK)[0]
    single = RegionInput(
        "X",
        judgements={
            **{c.id: "moderate" for c in COMPASS.criteria if c.scale is STRENGTH},
            "innovation_themes": "strong",
        },
        gates=PASS,
    )
    assert by_median.score_low == pytest.approx(assess(COMPASS, [single], TRACK)[0].score_low)
    assert "innovation_themes" not in by_median.missing
    by_mean = assess(MEAN, [all_judged("moderate", **panel)], TRACK)[0]
    themes_weight = next(c.weight for c in by_mean.criteria if c.criterion == "innovation_themes")
    difference = by_median.score_low - by_mean.score_low
    assert difference == pytest.approx(themes_weight * (0.75 - 1.75 / 3))


def test_a_judgement_range_takes_precedence_over_a_panel() -> None:
    region = replace(
        with_panel(a="weak", b="strong"), judgement_ranges={"innovation_themes": ("weak", "strong")}
    )
    assert criterion_bounds(THEMES, region) == (0.25, 0.75, False)


def test_panels_come_in_compass_order_and_name_every_analyst_once() -> None:
    region = RegionInput(
        "X",
        panels={
            "societal_challenges": {"b": "weak", "c": "strong"},
            "innovation_themes": {"a": "weak", "b": "strong"},
        },
    )
    assert [p.criterion for p in panels(COMPASS, region)] == [
        "innovation_themes",
        "societal_challenges",
    ]
    assert analysts(region) == ("b", "c", "a")


def test_an_analysts_own_input_uses_their_categories_and_leaves_other_panels() -> None:
    region = RegionInput(
        "X",
        judgements={"networks": "moderate"},
        panels={
            "innovation_themes": {"a": "weak", "b": "strong"},
            "societal_challenges": {"b": "weak", "c": "strong"},
        },
    )
    own = own_input(region, "a")
    assert own.judgements == {"networks": "moderate", "innovation_themes": "weak"}
    assert own.panels == {"societal_challenges": {"b": "weak", "c": "strong"}}


def test_each_analyst_gets_the_advice_their_own_judgements_give() -> None:
    region = all_judged("strong", optimist="very_strong", pessimist="very_weak")
    advice = analyst_advice(COMPASS, region, TRACK)
    assert list(advice) == ["optimist", "pessimist"]
    for name, category in [("optimist", "very_strong"), ("pessimist", "very_weak")]:
        alone = replace(
            region, judgements={**region.judgements, "innovation_themes": category}, panels={}
        )
        expected = assess(COMPASS, [alone], TRACK)[0]
        assert advice[name].score_low == pytest.approx(expected.score_low)
        assert advice[name].level_best == expected.level_best
    assert advice["optimist"].score_low > advice["pessimist"].score_low


def test_a_judgement_change_on_a_panel_starts_from_the_category_nearest_its_value() -> None:
    region = all_judged("moderate", a="weak", b="strong", c="strong")
    region = replace(
        region, readings={"innovation_level": relative("X", 0.6), "rule_of_law": wgi("X", 1.0)}
    )
    advice = assess(COMPASS, [region], TRACK)[0]
    found = [
        (c.direction, c.before, c.after, c.steps)
        for c in advice.explanation.changes
        if c.kind == "judgement" and c.target == "innovation_themes"
    ]
    assert found == [("down", "strong", "moderate", 1)]


def test_robustness_keeps_a_panel_at_its_aggregated_value() -> None:
    rng = np.random.default_rng(5)
    regions = []
    for i in range(6):
        categories = [c.id for c in STRENGTH.categories]
        base = RegionInput(
            f"R{i}",
            judgements={
                c.id: str(rng.choice([k.id for k in c.scale.categories]))
                for c in COMPASS.criteria
                if c.scale is not None
            },
            readings={
                "innovation_level": relative(f"R{i}", float(rng.uniform(0.6, 1.1))),
                "rule_of_law": wgi(f"R{i}", float(rng.uniform(-1.5, 2.0))),
            },
            gates=PASS,
        )
        panel = {"a": str(rng.choice(categories)), "b": str(rng.choice(categories))}
        regions.append(replace(base, panels={"innovation_themes": panel}))
    exact = smaa(COMPASS, regions, TRACK, WeightModel.around(math.inf), samples=500, seed=1)
    levels = list(exact.levels)
    for region, advice in zip(regions, assess(COMPASS, regions, TRACK), strict=True):
        assert advice.determined
        row = exact.level_acceptability[exact.regions.index(region.code)]
        assert row[levels.index(advice.level_best)] == 1.0


# --- analysts unsure between categories --------------------------------------------------------


def test_an_unsure_analyst_makes_the_combined_value_an_interval() -> None:
    panel: dict[str, Judged] = {"a": ("weak", "strong"), "b": "strong", "c": "moderate"}
    assert combined(STRENGTH, panel, "mean") == pytest.approx((1.5 / 3, 2.0 / 3))
    assert combined(STRENGTH, panel, "median") == (0.5, 0.75)
    region = with_panel(**panel)
    assert criterion_bounds(THEMES, region, "median") == (0.5, 0.75, False)


def test_the_median_can_settle_an_unsure_analyst() -> None:
    panel: dict[str, Judged] = {"a": ("weak", "very_strong"), "b": "strong", "c": "strong"}
    assert combined(STRENGTH, panel, "median") == (0.75, 0.75)
    assert panel_of(COMPASS, THEMES, panel).known


def test_overlapping_ranges_are_no_disagreement_and_a_gap_is_counted_in_steps() -> None:
    overlap = panel_of(COMPASS, THEMES, {"a": ("weak", "strong"), "b": "strong"})
    assert (overlap.spread, overlap.discuss) == (0, False)
    apart = panel_of(COMPASS, THEMES, {"a": ("weak", "moderate"), "b": "very_strong"})
    assert (apart.spread, apart.lowest, apart.highest, apart.discuss) == (
        2,
        "moderate",
        "very_strong",
        True,
    )


def test_a_reversed_range_or_an_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="runs from better to worse"):
        combined(STRENGTH, {"a": ("strong", "weak")}, "median")
    with pytest.raises(ValueError, match="excellent"):
        combined(STRENGTH, {"a": "excellent"}, "median")


def test_combinations_list_the_combined_value_of_every_choice() -> None:
    panel: dict[str, Judged] = {"a": ("weak", "moderate"), "b": "strong"}
    assert combinations(STRENGTH, panel, "mean") == (0.5, 0.625)
    many: dict[str, Judged] = {f"x{k}": ("very_weak", "very_strong") for k in range(9)}
    thinned = combinations(STRENGTH, many, "median")
    assert len(thinned) == MAX_COMBINATIONS
    assert list(thinned) == sorted(thinned)
    assert thinned == combinations(STRENGTH, many, "median")  # reproducible


def test_an_unsure_analysts_own_advice_keeps_their_range() -> None:
    region = with_panel(a=("weak", "strong"), b="strong")
    own = own_input(region, "a")
    assert own.judgement_ranges == {"innovation_themes": ("weak", "strong")}
    assert not own.panels


def test_robustness_draws_an_unsure_panel_from_its_combinations() -> None:
    rng = np.random.default_rng(11)
    regions = random_case(rng, 6)
    unsure: dict[str, Judged] = {
        "a": ("very_weak", "very_strong"),
        "b": "weak",
        "c": ("moderate", "strong"),
    }
    regions = [
        replace(r, panels={"innovation_themes": unsure}) if i % 2 == 0 else r
        for i, r in enumerate(regions)
    ]
    options = {"samples": 2000, "confidence_samples": 300, "pairwise_samples": 200}
    fast = smaa(COMPASS, regions, TRACK, WeightModel.around(5), seed=3, **options)
    slow = smaa_reference(COMPASS, regions, TRACK, WeightModel.around(5), seed=3, **options)
    assert np.array_equal(fast.level_acceptability, slow.level_acceptability)
    assert np.array_equal(fast.rank_acceptability, slow.rank_acceptability)


def test_with_exact_weights_an_unsure_panel_gives_each_level_by_its_share_of_choices() -> None:
    unsure: dict[str, Judged] = {
        "a": ("very_weak", "very_strong"),
        "b": ("weak", "strong"),
        "c": ("moderate", "very_strong"),
    }
    known = {
        c.id: ("moderate" if c.scale is STRENGTH else "limited")
        for c in COMPASS.criteria
        if c.scale is not None
    }
    region = RegionInput(
        "X",
        readings={"innovation_level": relative("X", 1.0), "rule_of_law": wgi("X", 1.0)},
        judgements=known,
        gates=PASS,
        panels={"innovation_themes": unsure},
    )
    values = combinations(STRENGTH, unsure, "median")  # the median of three: a category value
    expected: dict[str, float] = {}
    for value in values:
        settled = {**known, "innovation_themes": nearest_category(STRENGTH, value)}
        advice = assess(COMPASS, [replace(region, judgements=settled, panels={})], TRACK)[0]
        assert advice.determined
        expected[advice.level_best] = expected.get(advice.level_best, 0.0) + 1 / len(values)
    assert len(expected) > 1
    samples = 20_000
    result = smaa(COMPASS, [region], TRACK, WeightModel.around(math.inf), samples=samples, seed=2)
    shares = result.level_probabilities("X")
    for level, share in expected.items():
        assert abs(shares[level] - share) < 4 * math.sqrt(share * (1 - share) / samples)

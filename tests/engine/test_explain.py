"""The explanations: contributions, strong and weak points, and the smallest changes."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings

from kompas.engine import Advice, Compass, RegionInput, assess
from kompas.engine.explain import Change
from tests.engine.test_properties import COMPASS, ORDER, regions
from tests.factories import identity_compass, judged_region, valued_region


def reweighed(compass: Compass, change: Change) -> Compass:
    """The compass with the one raw weight the change names set to its new value."""
    assert change.raw_weight_after is not None
    if change.kind == "aspect_weight":
        aspects = tuple(
            replace(a, weight=change.raw_weight_after) if a.id == change.target else a
            for a in compass.aspects
        )
        return replace(compass, aspects=aspects)
    criteria = tuple(
        replace(c, weight=change.raw_weight_after) if c.id == change.target else c
        for c in compass.criteria
    )
    return replace(compass, criteria=criteria)


def test_it_finds_the_criterion_weight_that_lifts_a_region_to_the_next_level() -> None:
    compass = identity_compass([1, 1])
    advice = assess(compass, [valued_region("R", [1.0, 0.0])], "innovation")[0]
    assert advice.level == "reactieve_inzet"
    up = advice.explanation.change("up", "weight")
    assert up is not None
    assert (up.kind, up.target, up.level_after) == ("criterion_weight", "c0", "inzet")
    assert up.after == pytest.approx(0.6, abs=1e-6)
    assert up.raw_weight_after == pytest.approx(1.5, abs=1e-5)
    down = advice.explanation.change("down", "weight")
    assert down is not None
    assert down.after == pytest.approx(0.45, abs=1e-6)
    assert down.level_after == "faciliterend"


def test_applying_the_reported_weight_change_really_moves_the_level() -> None:
    compass = identity_compass([1, 1])
    region = valued_region("R", [1.0, 0.0])
    up = assess(compass, [region], "innovation")[0].explanation.change("up", "weight")
    assert up is not None
    assert assess(reweighed(compass, up), [region], "innovation")[0].level == "inzet"


def test_a_single_judgement_cannot_lift_a_middling_region_under_equal_weights() -> None:
    region = judged_region(
        **{c.id: "moderate" for c in COMPASS.criteria if c.scale and c.scale.id == "strength"}
    )
    advice = assess(COMPASS, [region], "innovation")[0]
    assert advice.explanation.change("up", "judgement") is None


def test_it_names_the_strongest_and_weakest_known_points() -> None:
    region = judged_region(
        networks="very_strong", funding="strong", complementarity="weak", reciprocity="very_weak"
    )
    advice = assess(COMPASS, [region], "innovation")[0]
    assert advice.explanation.strongest == ("networks", "funding")
    assert advice.explanation.weakest == ("reciprocity", "complementarity")


def test_a_strong_category_is_never_called_a_weak_point_when_few_criteria_are_known() -> None:
    region = judged_region(networks="strong", funding="very_strong", complementarity="strong")
    advice = assess(COMPASS, [region], "innovation")[0]
    assert advice.explanation.strongest == ("funding",)
    assert advice.explanation.weakest == ()


def test_a_moderate_category_is_neither_strong_nor_weak() -> None:
    region = judged_region(networks="moderate", funding="moderate")
    explanation = assess(COMPASS, [region], "innovation")[0].explanation
    assert (explanation.strongest, explanation.weakest) == ((), ())


def test_a_single_weak_criterion_is_a_weak_point_and_not_a_strong_one() -> None:
    explanation = assess(COMPASS, [judged_region(networks="weak")], "innovation")[0].explanation
    assert (explanation.strongest, explanation.weakest) == ((), ("networks",))


@settings(max_examples=60, deadline=None)
@given(regions())
def test_no_criterion_is_both_a_strongest_and_a_weakest_point(region: RegionInput) -> None:
    for advice in assess(COMPASS, [region], "innovation"):
        values = {c.criterion: c.low for c in advice.criteria}
        assert not set(advice.explanation.strongest) & set(advice.explanation.weakest)
        assert all(values[c] > 0.5 for c in advice.explanation.strongest)
        assert all(values[c] < 0.5 for c in advice.explanation.weakest)


def test_it_reports_contributions_that_add_up_to_the_score() -> None:
    region = judged_region(networks="very_strong", funding="strong")
    advice = assess(COMPASS, [region], "innovation")[0]
    lows = sum(c.contribution[0] for c in advice.criteria)
    highs = sum(c.contribution[1] for c in advice.criteria)
    assert lows == pytest.approx(advice.score_low)
    assert highs == pytest.approx(advice.score_high)
    assert sum(low for _, low, _ in advice.aspects) == pytest.approx(advice.score_low)


def test_missing_criteria_are_listed_and_only_while_the_level_is_open() -> None:
    region = judged_region(networks="very_strong")
    advice = assess(COMPASS, [region], "innovation")[0]
    assert "networks" not in advice.missing
    assert len(advice.missing) == 12
    assert set(advice.could_change_level) == set(advice.missing)
    assert set(advice.decisive) <= set(advice.could_change_level)
    complete = judged_region(
        **{c.id: c.scale.categories[2].id for c in COMPASS.criteria if c.scale}
    )
    settled = assess(COMPASS, [complete], "innovation")[0]
    assert settled.missing == ("innovation_level", "rule_of_law")


def test_a_decisive_criterion_alone_moves_an_end_of_the_level_range() -> None:
    compass = identity_compass([1, 1, 1, 1])
    advice = assess(compass, [valued_region("R", [1.0, 1.0, 0.2, None])], "innovation")[0]
    # known part 0.55; unknown c3 adds 0..0.25: worst 0.55 (reactive), best 0.80 (active)
    assert (advice.level_worst, advice.level_best) == ("reactieve_inzet", "inzet")
    assert advice.could_change_level == ("c3",)
    assert advice.decisive == ("c3",)


def _all_judgement_moves(region: RegionInput, track: str, direction: str) -> list[int]:
    """Brute force: the category steps of every single-judgement change that moves the level."""
    before = assess(COMPASS, [region], track)[0]
    steps = []
    for criterion in COMPASS.criteria:
        if criterion.scale is None:
            continue
        ids = [c.id for c in criterion.scale.categories]
        current = region.judgements.get(criterion.id)
        start = ids.index(current) if current else (0 if direction == "up" else len(ids) - 1)
        for k, category in enumerate(ids):
            if k == start:
                continue
            changed = replace(region, judgements={**region.judgements, criterion.id: category})
            after = assess(COMPASS, [changed], track)[0]
            if direction == "up" and ORDER.index(after.level_worst) < ORDER.index(
                before.level_worst
            ):
                steps.append(abs(k - start))
            if direction == "down" and ORDER.index(after.level_best) > ORDER.index(
                before.level_best
            ):
                steps.append(abs(k - start))
    return steps


@settings(max_examples=60, deadline=None)
@given(regions(gates=False))
def test_the_reported_judgement_change_moves_the_level_and_none_smaller_does(
    region: RegionInput,
) -> None:
    for direction in ("up", "down"):
        advice = assess(COMPASS, [region], "innovation")[0]
        change = advice.explanation.change(direction, "judgement")
        moves = _all_judgement_moves(region, "innovation", direction)
        if change is None:
            assert moves == []
            continue
        assert change.steps == min(moves)
        changed = replace(
            region, judgements={**region.judgements, change.target: str(change.after)}
        )
        after = assess(COMPASS, [changed], "innovation")[0]
        reached = after.level_worst if direction == "up" else after.level_best
        assert reached == change.level_after


@settings(max_examples=25, deadline=None)
@given(regions(gates=False))
def test_the_reported_weight_change_moves_the_level_and_no_smaller_one_does(
    region: RegionInput,
) -> None:
    for direction in ("up", "down"):
        before = assess(COMPASS, [region], "innovation")[0]
        change = before.explanation.change(direction, "weight")
        if change is None:
            continue
        after = assess(reweighed(COMPASS, change), [region], "innovation")[0]
        reached = after.level_worst if direction == "up" else after.level_best
        assert reached == change.level_after
        assert ORDER.index(reached) != ORDER.index(
            before.level_worst if direction == "up" else before.level_best
        )
        distance = abs(float(change.after) - float(change.before or 0))
        _assert_no_smaller_weight_change_moves(region, before, direction, distance)


def _assert_no_smaller_weight_change_moves(
    region: RegionInput, before: Advice, direction: str, distance: float
) -> None:
    """Probe every weight at shares closer than `distance`: none moves the level that way."""
    end = ORDER.index(before.level_worst if direction == "up" else before.level_best)
    groups = [("aspect_weight", a.id) for a in COMPASS.aspects]
    groups += [("criterion_weight", c.id) for c in COMPASS.criteria]
    for kind, target in groups:
        for fraction in np.linspace(-0.97, 0.97, 15):
            probe = _share_change(kind, target, fraction * distance)
            if probe is None:
                continue
            result = assess(reweighed(COMPASS, probe), [region], "innovation")[0]
            if direction == "up":
                assert ORDER.index(result.level_worst) >= end
            else:
                assert ORDER.index(result.level_best) <= end


def _share_change(kind: str, target: str, delta: float) -> Change | None:
    """A Change that moves the share of one weight within its group by `delta`."""
    if kind == "aspect_weight":
        raws = [a.weight for a in COMPASS.aspects]
        index = [a.id for a in COMPASS.aspects].index(target)
    else:
        criterion = COMPASS.criterion(target)
        siblings = COMPASS.criteria_of(criterion.aspect)
        raws = [c.weight for c in siblings]
        index = [c.id for c in siblings].index(target)
    rest = sum(raws) - raws[index]
    share = raws[index] / sum(raws)
    new = share + delta
    if rest <= 0 or not 0 <= new < 1:
        return None
    return Change(
        "up",
        "aspect_weight" if kind == "aspect_weight" else "criterion_weight",
        target,
        share,
        new,
        0.0,
        "none",
        raw_weight_after=new * rest / (1 - new),
    )

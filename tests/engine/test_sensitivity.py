"""Local sensitivity: weight stability intervals, tornado bars and what-if weights."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompas.engine import Compass, RegionInput, assess
from kompas.engine.sensitivity import (
    WeightError,
    WeightInterval,
    stability_intervals,
    tornado,
    whatif,
)
from tests.engine.test_properties import COMPASS, TRACKS, regions, weighted_compasses
from tests.factories import identity_compass, judged_region, valued_region

TOL = 1e-6


def by_target(intervals: list[WeightInterval]) -> dict[str, WeightInterval]:
    return {i.target: i for i in intervals}


def raw_weight(interval: WeightInterval, share: float) -> float:
    """The raw weight that gives the interval's weight this share, the others of its group kept
    (share < 1)."""
    assert share < 1.0
    return share * interval.rest_raw / (1.0 - share)


def test_one_region_hand_computed() -> None:
    # score = x·1 + (1 − x)·0 = x for the share x of c0: Reactive (0.45 <= x < 0.6) at x = 0.5
    compass = identity_compass([1, 1])
    found = by_target(stability_intervals(compass, [valued_region("R", [1.0, 0.0])], "innovation"))
    c0 = found["c0"]
    assert c0.movable
    assert c0.share == pytest.approx(0.5)
    assert c0.low.share == pytest.approx(0.45, abs=1e-8)
    assert c0.high.share == pytest.approx(0.6, abs=1e-8)
    assert (c0.low.region, c0.low.case, c0.low.threshold_level) == ("R", "point", "reactieve_inzet")
    assert (c0.low.level_before, c0.low.level_after) == ("reactieve_inzet", "faciliterend")
    assert (c0.high.threshold_level, c0.high.level_after, c0.high.threshold) == (
        "inzet",
        "inzet",
        0.6,
    )
    # c1 at share x: score = 1 − x, Reactive while 0.4 < x <= 0.55
    c1 = found["c1"]
    assert (c1.low.share, c1.high.share) == pytest.approx((0.4, 0.55))
    assert (c1.low.level_after, c1.high.level_after) == ("inzet", "faciliterend")
    # the only aspect cannot change alone
    a0 = found["a0"]
    assert not a0.movable
    assert a0.low.share == a0.high.share == 1.0


def test_the_interval_is_the_intersection_over_regions() -> None:
    compass = identity_compass([1, 1])
    regions = [
        valued_region("A", [1.0, 0.0]),  # score x: 0.45 .. 0.6
        valued_region("B", [0.9, 0.2]),  # score 0.2 + 0.7x: 0.25/0.7 .. 0.4/0.7
        valued_region("C", [0.8, 0.8]),  # does not depend on x: never bounds
    ]
    c0 = by_target(stability_intervals(compass, regions, "innovation"))["c0"]
    assert c0.low.share == pytest.approx(0.45)
    assert c0.low.region == "A"
    assert c0.high.share == pytest.approx(0.4 / 0.7)
    assert (c0.high.region, c0.high.level_after) == ("B", "inzet")


def test_an_aspect_weight_hand_computed() -> None:
    compass = identity_compass([1, 1, 1, 1], aspects=[0, 0, 1, 1])
    # aspect scores 1.0 and 0.1: score = 0.1 + 0.9x for the share x of a0, 0.55 at x = 0.5
    a0 = by_target(
        stability_intervals(compass, [valued_region("R", [1.0, 1.0, 0.0, 0.2])], "innovation")
    )["a0"]
    assert a0.kind == "aspect_weight"
    assert a0.low.share == pytest.approx(0.35 / 0.9)
    assert a0.high.share == pytest.approx(0.5 / 0.9)
    assert raw_weight(a0, 0.5) == pytest.approx(1.0)
    assert raw_weight(a0, 0.75) == pytest.approx(3.0)


def test_a_missing_value_follows_both_ends_of_the_score_interval() -> None:
    compass = identity_compass([1, 1])
    # c1 unknown (0..1). Share x of c0: worst 0.3x (none until x = 1), best 1 − 0.7x (Active
    # while x <= 0.4 / 0.7): the best case bounds the interval.
    c0 = by_target(stability_intervals(compass, [valued_region("R", [0.3, None])], "innovation"))[
        "c0"
    ]
    assert c0.low.share == 0.0
    assert c0.low.region is None
    assert c0.high.share == pytest.approx(0.4 / 0.7)
    assert (c0.high.region, c0.high.case, c0.high.level_after) == ("R", "best", "reactieve_inzet")


def test_excluded_regions_are_left_out() -> None:
    open_region = judged_region("A", networks="strong", funding="moderate")
    excluded = judged_region("B", gates="fail", networks="very_strong", funding="very_weak")
    alone = stability_intervals(COMPASS, [open_region], "innovation")
    both = stability_intervals(COMPASS, [open_region, excluded], "innovation")
    assert alone == both
    assert all(b.region != "B" for i in both for b in (i.low, i.high))


def test_no_regions_leaves_every_share_free() -> None:
    for interval in stability_intervals(COMPASS, [], "innovation"):
        assert (interval.low.share, interval.high.share) == (0.0, 1.0)


def levels(
    compass: Compass, regions: Sequence[RegionInput], track: str
) -> dict[str, tuple[str, str]]:
    return {
        a.region: (a.level_worst, a.level_best)
        for a in assess(compass, regions, track, explanations=False)
        if not a.excluded
    }


def at_share(compass: Compass, interval: WeightInterval, share: float) -> Compass:
    return whatif(compass, {interval.target: raw_weight(interval, share)})


def check_intervals(compass: Compass, regions: Sequence[RegionInput], track: str) -> int:
    """Inside every interval nothing moves; just beyond a bounded end the named region moves."""
    before = levels(compass, regions, track)
    checked = 0
    for interval in stability_intervals(compass, regions, track):
        if not interval.movable:
            continue
        low, high = interval.low.share, interval.high.share
        assert low <= interval.share <= high
        inside = [low + TOL, (low + interval.share) / 2, (interval.share + high) / 2, high - TOL]
        for share in inside:
            if low + TOL / 2 < share < min(high - TOL / 2, 1 - 1e-9):
                assert levels(at_share(compass, interval, share), regions, track) == before
                checked += 1
        for bound, share in ((interval.low, low - TOL), (interval.high, high + TOL)):
            if bound.region is None or not 0 < share < 1 - 1e-9:
                continue
            after = levels(at_share(compass, interval, share), regions, track)
            assert after != before
            position = {"worst": 0, "best": 1}.get(bound.case or "", 0)
            assert after[bound.region][position] == bound.level_after
            if bound.case == "point":
                assert after[bound.region][1] == bound.level_after
            checked += 1
    return checked


def test_inside_nothing_moves_and_just_outside_one_region_does_hand_made() -> None:
    compass = identity_compass([1, 2, 1, 3], aspects=[0, 0, 1, 1])
    regions = [
        valued_region("A", [0.9, 0.2, 0.5, 0.7]),
        valued_region("B", [0.1, 0.8, None, 0.4]),
        valued_region("C", [0.6, 0.6, 0.2, None]),
    ]
    assert check_intervals(compass, regions, "innovation") > 10


@settings(max_examples=40, deadline=None)
@given(
    weighted_compasses(),
    st.lists(regions(), min_size=1, max_size=5),
    st.sampled_from(TRACKS),
)
def test_inside_nothing_moves_and_just_outside_one_region_does(
    compass: Compass, drawn: list[RegionInput], track: str
) -> None:
    named = [RegionInput(f"R{i}", r.readings, r.judgements, r.gates) for i, r in enumerate(drawn)]
    check_intervals(compass, named, track)


def test_the_tornado_is_sorted_by_swing_and_hand_computed() -> None:
    compass = identity_compass([1, 1, 1, 1], aspects=[0, 0, 1, 1])
    region = valued_region("R", [1.0, 1.0, 0.0, 0.2])
    bars = tornado(compass, region, "innovation", spread=0.5)
    swings = [bar.swing for bar in bars]
    assert swings == sorted(swings, reverse=True)
    assert len(bars) == 2 + 4
    a0 = next(b for b in bars if b.target == "a0")
    # shares 0.25 and 0.75 of a0: 0.1 + 0.9x
    assert (a0.share_down, a0.share_up) == (0.25, 0.75)
    assert a0.down == pytest.approx((0.325, 0.325))
    assert a0.up == pytest.approx((0.775, 0.775))
    assert a0.base == pytest.approx((0.55, 0.55))
    assert a0.levels_down == ("faciliterend", "faciliterend")
    assert a0.levels_up == ("inzet", "inzet")
    assert bars[0].target in ("a0", "a1")
    c0 = next(b for b in bars if b.target == "c0")
    assert c0.swing == pytest.approx(0.0)  # both criteria of a0 are 1.0


def test_the_tornado_clamps_the_share_and_follows_both_ends() -> None:
    compass = identity_compass([3, 1])
    bars = {b.target: b for b in tornado(compass, valued_region("R", [1.0, None]), "innovation")}
    c0 = bars["c0"]
    assert (c0.share_down, c0.share_up) == pytest.approx((0.375, 1.0))
    assert c0.down == pytest.approx((0.375, 1.0))
    assert c0.up == pytest.approx((1.0, 1.0))
    assert bars["a0"].swing == 0.0  # the only aspect


def test_the_tornado_of_an_excluded_region_has_no_level() -> None:
    region = judged_region("X", gates="fail", networks="strong")
    bars = tornado(COMPASS, region, "innovation")
    assert {b.levels_up for b in bars} == {("none", "none")}
    assert len(bars) == len(COMPASS.aspects) + len(COMPASS.criteria)


def test_whatif_sets_the_weights_and_leaves_the_compass_alone() -> None:
    compass = identity_compass([1, 1], aspects=[0, 1])
    changed = whatif(compass, {"a0": 3, "c1": 0.5})
    assert [a.weight for a in changed.aspects] == [3.0, 1.0]
    assert [c.weight for c in changed.criteria] == [1.0, 0.5]
    assert [a.weight for a in compass.aspects] == [1.0, 1.0]
    region = valued_region("R", [1.0, 0.0])
    assert assess(changed, [region], "innovation")[0].score_low == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("weights", "target", "problem"),
    [
        ({"a0": -1}, "a0", "negative"),
        ({"c0": float("nan")}, "c0", "negative"),
        ({"c0": float("inf")}, "c0", "negative"),
        ({"c0": "1"}, "c0", "not_a_number"),
        ({"c0": True}, "c0", "not_a_number"),
        ({"nope": 1}, "nope", "unknown"),
        ({"a0": 0, "a1": 0}, "", "all_zero"),
        ({"c0": 0}, "a0", "no_criterion"),
    ],
)
def test_whatif_refuses_unusable_weights(
    weights: dict[str, object], target: str, problem: str
) -> None:
    compass = identity_compass([1, 1], aspects=[0, 1])
    with pytest.raises(WeightError) as caught:
        whatif(compass, weights)  # type: ignore[arg-type]
    assert (caught.value.target, caught.value.problem) == (target, problem)


def test_an_aspect_without_weight_may_have_no_weighted_criterion() -> None:
    compass = identity_compass([1, 1], aspects=[0, 1])
    changed = whatif(compass, {"a0": 0, "c0": 0})
    assert changed.aspect("a0").weight == 0.0

"""Properties every assessment must have, checked on generated regions and weights."""

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kompas.engine import Compass, Gate, IndicatorValue, Reading, RegionInput, assess, parse_compass
from kompas.engine.model import GateStatus
from tests.factories import embedded_compass, raw_compass

COMPASS = embedded_compass()
JUDGED = [c for c in COMPASS.criteria if c.kind == "judgement"]
MEASURED = [c for c in COMPASS.criteria if c.kind == "indicator"]
TRACKS = [t.id for t in COMPASS.tracks]
ORDER = [level.id for level in COMPASS.levels]


def reading(region: str, criterion: str, value: float) -> Reading:
    """A reading whose value function input is `value` (relative criteria: ratio to 1.0)."""
    own = IndicatorValue(region, criterion, "1", None, value, "test")
    if COMPASS.criterion(criterion).relative_to_reference:
        return Reading(region, own, "REF", IndicatorValue("REF", criterion, "1", None, 1.0, "test"))
    return Reading(region, own)


@st.composite
def regions(draw: st.DrawFn, code: str = "R", gates: bool = True) -> RegionInput:
    judgements = {}
    for criterion in JUDGED:
        assert criterion.scale is not None
        options = [None, *(c.id for c in criterion.scale.categories)]
        category = draw(st.sampled_from(options))
        if category is not None:
            judgements[criterion.id] = category
    readings = {}
    for criterion in MEASURED:
        assert criterion.value_function is not None
        low, high = criterion.value_function.xs[0] - 1, criterion.value_function.xs[-1] + 1
        value = draw(st.none() | st.floats(low, high, allow_nan=False))
        if value is not None:
            readings[criterion.id] = reading(code, criterion.id, value)
    statuses: list[GateStatus] = ["pass", "fail", "unknown"] if gates else ["pass"]
    gate_map = {p.id: Gate(draw(st.sampled_from(statuses))) for p in COMPASS.preconditions}
    return RegionInput(code, readings, judgements, gate_map)


@st.composite
def weighted_compasses(draw: st.DrawFn) -> Compass:
    raw: dict[str, Any] = raw_compass()
    for aspect in raw["aspects"]:
        aspect["weight"] = draw(st.floats(0.05, 10))
    for criterion in raw["criteria"]:
        criterion["weight"] = draw(st.floats(0.05, 10))
    return parse_compass(raw)


def level_position(level: str) -> int:
    return ORDER.index(level)


@settings(max_examples=150, deadline=None)
@given(regions(gates=False), st.sampled_from(JUDGED), st.data())
def test_raising_a_judgement_never_lowers_a_score(
    region: RegionInput, criterion: Any, data: st.DataObject
) -> None:
    categories = [c.id for c in criterion.scale.categories]
    low = data.draw(st.integers(0, len(categories) - 2))
    high = data.draw(st.integers(low + 1, len(categories) - 1))
    before = replace(region, judgements={**region.judgements, criterion.id: categories[low]})
    after = replace(region, judgements={**region.judgements, criterion.id: categories[high]})
    for track in TRACKS:
        old, new = assess(COMPASS, [before, after], track)
        assert new.score_low >= old.score_low - 1e-12
        assert new.score_high >= old.score_high - 1e-12
        assert level_position(new.level_worst) <= level_position(old.level_worst)


@settings(max_examples=150, deadline=None)
@given(regions(), st.sampled_from([p.id for p in COMPASS.preconditions]))
def test_a_failed_gate_always_gives_no_level(region: RegionInput, precondition: str) -> None:
    failed = replace(region, gates={**region.gates, precondition: Gate("fail", "evidence")})
    for track in TRACKS:
        advice = assess(COMPASS, [failed], track)[0]
        assert advice.excluded
        assert advice.level_best == advice.level_worst == "none"
        assert advice.explanation.changes == ()


@settings(max_examples=100, deadline=None)
@given(weighted_compasses(), st.lists(regions(), min_size=1, max_size=5), st.floats(0.01, 100))
def test_scaling_all_weights_leaves_the_advice_unchanged(
    compass: Compass, batch: list[RegionInput], factor: float
) -> None:
    scaled = replace(
        compass,
        aspects=tuple(replace(a, weight=a.weight * factor) for a in compass.aspects),
        criteria=tuple(replace(c, weight=c.weight * factor * 3) for c in compass.criteria),
    )
    for track in TRACKS:
        for old, new in zip(
            assess(compass, batch, track), assess(scaled, batch, track), strict=True
        ):
            assert (old.level_best, old.level_worst) == (new.level_best, new.level_worst)
            assert abs(old.score_low - new.score_low) < 1e-9
            assert abs(old.score_high - new.score_high) < 1e-9


@settings(max_examples=150, deadline=None)
@given(regions(), st.data())
def test_the_score_interval_contains_the_score_of_every_completion(
    region: RegionInput, data: st.DataObject
) -> None:
    judgements = dict(region.judgements)
    for criterion in JUDGED:
        if criterion.id not in judgements:
            assert criterion.scale is not None
            judgements[criterion.id] = data.draw(
                st.sampled_from([c.id for c in criterion.scale.categories])
            )
    readings = dict(region.readings)
    for criterion in MEASURED:
        if criterion.id not in readings:
            assert criterion.value_function is not None
            xs = criterion.value_function.xs
            readings[criterion.id] = reading(
                region.code, criterion.id, data.draw(st.floats(xs[0], xs[-1]))
            )
    complete = replace(region, judgements=judgements, readings=readings)
    for track in TRACKS:
        open_, done = assess(COMPASS, [region, complete], track)
        assert open_.score_low - 1e-12 <= done.score_low <= open_.score_high + 1e-12
        assert done.determined
        assert level_position(open_.level_best) <= level_position(done.level_best)
        assert level_position(done.level_best) <= level_position(open_.level_worst)


@settings(max_examples=100, deadline=None)
@given(st.lists(regions(), min_size=1, max_size=6), regions(code="NEW"))
def test_adding_a_region_changes_no_other_regions_score(
    batch: list[RegionInput], newcomer: RegionInput
) -> None:
    for track in TRACKS:
        alone = assess(COMPASS, batch, track)
        together = assess(COMPASS, [*batch, newcomer], track)[: len(batch)]
        assert alone == together

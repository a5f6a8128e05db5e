"""The vectorised assessment gives exactly the advice of the per-region reference.

Random compasses (built through `parse_compass`: other levels, thresholds, scales, weights
including zero, track overrides, median or mean panels, preconditions) and random regions
(categories, ranges, panels with unsure analysts, indicator values, gates pass, fail, unknown
or missing, criteria missing); the embedded compass on random regions; and the embedded
default data. Equal means equal: every field of every `Advice`, floats bit for bit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompas.dataset import default_data_dir, load_dataset, region_inputs
from kompas.engine import (
    Compass,
    Gate,
    IndicatorValue,
    Reading,
    RegionInput,
    assess,
    load_compass,
    parse_compass,
)
from kompas.engine.assess import assess_tracks
from kompas.engine.model import GateStatus
from kompas.engine.panel import Judged
from kompas.engine.scoring import (
    classify,
    criterion_bounds,
    current_categories,
    dot_rows,
    region_bounds,
)
from tests.engine import reference_assess as reference
from tests.factories import embedded_compass, raw_compass

# Binary fractions make scores land exactly on thresholds (and changes exactly on them) often.
GRID = [k / 8 for k in range(9)] + [0.6, 0.45, 0.3, 0.33, 0.67]
NUMBERS = st.sampled_from(GRID) | st.floats(0.0, 1.0, allow_nan=False)
WEIGHTS = st.sampled_from([0.0, 0.5, 1.0, 1.0, 2.0, 3.0]) | st.floats(0.0, 10.0)
COMPASS = embedded_compass()
STATUSES: list[GateStatus | None] = ["pass", "pass", "fail", "unknown", None]


def names(key: str) -> dict[str, str]:
    return {"id": key, "name_nl": key, "name_en": key}


def strictly_increasing(draw: st.DrawFn, count: int) -> list[float]:
    values = draw(st.lists(NUMBERS, min_size=count, max_size=count, unique=True))
    return sorted(values)


@st.composite
def compasses(draw: st.DrawFn) -> Compass:
    """A valid compass file's contents, drawn at random, read with `parse_compass`."""
    raw: dict[str, Any] = raw_compass()
    level_count = draw(st.integers(2, 5))
    raw["levels"] = [names(f"l{i}") for i in range(level_count)]
    scales = {}
    for s in range(draw(st.integers(1, 3))):
        values = strictly_increasing(draw, draw(st.integers(2, 6)))
        scales[f"s{s}"] = {
            **{k: v for k, v in names(f"s{s}").items() if k != "id"},
            "categories": [{**names(f"s{s}c{k}"), "value": v} for k, v in enumerate(values)],
        }
    raw["scales"] = scales
    aspects = [{**names(f"a{a}"), "weight": draw(WEIGHTS)} for a in range(draw(st.integers(1, 4)))]
    criteria = []
    for j in range(draw(st.integers(1, 8))):
        criterion: dict[str, Any] = {
            **names(f"c{j}"),
            "aspect": f"a{draw(st.integers(0, len(aspects) - 1))}",
            "weight": draw(WEIGHTS),
        }
        if draw(st.booleans()):
            criterion |= {"kind": "judgement", "direction": "increasing"}
            criterion["scale"] = draw(st.sampled_from(sorted(scales)))
        else:
            direction = draw(st.sampled_from(["increasing", "decreasing"]))
            count = draw(st.integers(2, 4))
            xs = sorted(
                draw(st.lists(st.integers(-20, 20), min_size=count, max_size=count, unique=True))
            )
            ys = strictly_increasing(draw, count)
            ys = ys if direction == "increasing" else ys[::-1]
            criterion |= {
                "kind": "indicator",
                "direction": direction,
                "indicators": [f"i{j}"],
                "value_function": {
                    "type": "piecewise_linear",
                    "points": [[x / 4, y] for x, y in zip(xs, ys, strict=True)],
                },
            }
        criteria.append(criterion)
    _make_weights_valid(aspects, criteria)
    raw["aspects"], raw["criteria"] = aspects, criteria
    tracks = []
    for t in range(draw(st.integers(1, 2))):
        cuts = strictly_increasing(draw, level_count - 1)[::-1]
        track: dict[str, Any] = {
            **names(f"t{t}"),
            "executor": "",
            "thresholds": {f"l{i}": cut for i, cut in enumerate(cuts)},
        }
        if draw(st.booleans()):
            track["aspect_weights"] = {a["id"]: draw(st.floats(0.1, 5)) for a in aspects[:2]}
        if draw(st.booleans()):
            track["criterion_weights"] = {c["id"]: draw(WEIGHTS) for c in criteria[-2:]}
        tracks.append(track)
    raw["tracks"] = tracks
    raw["preconditions"] = [
        {**names(f"p{p}"), "rule_nl": "r", "rule_en": "r"} for p in range(draw(st.integers(0, 3)))
    ]
    raw["aggregation"] = {"judgements": draw(st.sampled_from(["median", "mean"]))}
    return parse_compass(raw, "drawn")


def _make_weights_valid(aspects: list[dict[str, Any]], criteria: list[dict[str, Any]]) -> None:
    """What the compass file demands: an aspect with weight has a weighted criterion, and not
    all aspect weights are zero."""
    for aspect in aspects:
        members = [c for c in criteria if c["aspect"] == aspect["id"]]
        if aspect["weight"] > 0 and not any(c["weight"] > 0 for c in members):
            if members:
                members[0]["weight"] = 1.0
            else:
                aspect["weight"] = 0.0
    if not any(a["weight"] > 0 for a in aspects):
        first = criteria[0]
        first["weight"] = first["weight"] or 1.0
        next(a for a in aspects if a["id"] == first["aspect"])["weight"] = 1.0


@st.composite
def region_inputs_for(draw: st.DrawFn, compass: Compass, code: str) -> RegionInput:
    """A region with, per criterion, any of the ways the engine takes it in (or none)."""
    judgements: dict[str, str] = {}
    ranges: dict[str, tuple[str, str]] = {}
    panels: dict[str, dict[str, Judged]] = {}
    readings: dict[str, Reading] = {}
    for criterion in compass.criteria:
        if criterion.scale is not None:
            ids = [c.id for c in criterion.scale.categories]
            way = draw(st.sampled_from(["none", "category", "category", "range", "panel"]))
            if way == "category" or draw(st.integers(0, 9)) == 0:  # sometimes beside another
                judgements[criterion.id] = draw(st.sampled_from(ids))
            if way == "range":
                low = draw(st.integers(0, len(ids) - 1))
                ranges[criterion.id] = (ids[low], ids[draw(st.integers(low, len(ids) - 1))])
            if way == "panel":
                panel: dict[str, Judged] = {}
                for analyst in range(draw(st.integers(1, 4))):
                    low = draw(st.integers(0, len(ids) - 1))
                    high = draw(st.sampled_from([low, low, draw(st.integers(low, len(ids) - 1))]))
                    panel[f"x{analyst}"] = ids[low] if low == high else (ids[low], ids[high])
                panels[criterion.id] = panel
        else:
            assert criterion.value_function is not None
            xs = criterion.value_function.xs
            value = draw(
                st.none() | st.sampled_from(xs) | st.floats(xs[0] - 1, xs[-1] + 1, allow_nan=False)
            )
            if value is not None:
                own = IndicatorValue(code, criterion.id, "1", None, value, "test")
                ratio = draw(st.sampled_from([None, None, 0.5, 1.0, 2.0]))  # relative to "REF"
                other = IndicatorValue("REF", criterion.id, "1", None, ratio or 1.0, "test")
                readings[criterion.id] = Reading(code, own, "REF", other if ratio else None)
            if draw(st.integers(0, 9)) == 0:  # ignored: a judgement of an indicator criterion
                judgements[criterion.id] = "ignored"
    if draw(st.booleans()):  # ignored: a criterion the compass lacks
        judgements["not_in_the_compass"] = "whatever"
    gates = {}
    for precondition in compass.preconditions:
        status = draw(st.sampled_from(STATUSES))
        if status is not None:
            gates[precondition.id] = Gate(status, "evidence")
    return RegionInput(code, readings, judgements, gates, ranges, panels)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Compass, list[RegionInput]]:
    compass = draw(compasses())
    count = draw(st.integers(0, 6))
    return compass, [draw(region_inputs_for(compass, f"R{i}")) for i in range(count)]


def assert_same_advice(compass: Compass, regions: Sequence[RegionInput]) -> None:
    """Every track alone, and all tracks in one call (where tracks alike are weighed once)."""
    ids = [track.id for track in compass.tracks]
    for explanations in (True, False):
        together = assess_tracks(compass, regions, ids, explanations)
        for track in ids:
            expected = reference.assess(compass, regions, track, explanations)
            for found in (assess(compass, regions, track, explanations), together[track]):
                assert len(found) == len(expected)
                for ours, theirs in zip(found, expected, strict=True):
                    assert ours == theirs
                    assert repr(ours.score_low) == repr(theirs.score_low)  # -0.0 is not 0.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_it_gives_the_reference_advice_on_random_compasses(
    case: tuple[Compass, list[RegionInput]],
) -> None:
    assert_same_advice(*case)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.data(), min_size=1, max_size=8))
def test_it_gives_the_reference_advice_with_the_embedded_compass(
    draws: list[st.DataObject],
) -> None:
    regions = [d.draw(region_inputs_for(COMPASS, f"R{i}")) for i, d in enumerate(draws)]
    assert_same_advice(COMPASS, regions)


def test_it_gives_the_reference_advice_on_the_embedded_data() -> None:
    compass = load_compass(default_data_dir() / "compass.toml")
    dataset = load_dataset(compass)
    regions = region_inputs(dataset, compass, sorted(dataset.regions))
    assert len(regions) > 20
    assert_same_advice(compass, regions)


@settings(max_examples=100, deadline=None)
@given(cases())
def test_its_bounds_are_those_of_each_cell(case: tuple[Compass, list[RegionInput]]) -> None:
    compass, regions = case
    bounds = region_bounds(compass, regions)
    for i, region in enumerate(regions):
        categories = current_categories(compass, region)
        for j, criterion in enumerate(compass.criteria):
            low, high, known = criterion_bounds(criterion, region, compass.aggregation.judgements)
            assert (bounds.low[i, j], bounds.high[i, j], bounds.known[i, j]) == (low, high, known)
            start = int(bounds.start[i, j])
            scale = criterion.scale
            assert categories[j] == (scale.categories[start].id if scale and start >= 0 else None)


def test_ties_are_broken_as_the_reference_breaks_them() -> None:
    """Equal weights within aspects and shared scales: many changes tie on category steps and
    on score change, many points on value and weight."""
    regions = []
    for k in range(5):
        for missing in (None, "networks", "geopolitics", "rule_of_law"):
            judgements = {
                c.id: c.scale.categories[min(k, len(c.scale.categories) - 1)].id
                for c in COMPASS.criteria
                if c.scale is not None and c.id != missing
            }
            readings = {
                c.id: Reading(
                    "R", IndicatorValue("R", c.id, "1", None, c.value_function.xs[0], "t")
                )
                for c in COMPASS.criteria
                if c.value_function is not None and c.id != missing
            }
            gates = {p.id: Gate("pass") for p in COMPASS.preconditions}
            regions.append(RegionInput(f"R{k}{missing}", readings, judgements, gates))
    assert_same_advice(COMPASS, regions)
    changes = [c for a in assess(COMPASS, regions, "innovation") for c in a.explanation.changes]
    assert len(changes) > len(regions)


def test_a_category_off_its_scale_or_a_reversed_range_fails_as_before() -> None:
    good = RegionInput("A", judgements={"networks": "strong"})
    off_scale = RegionInput("B", judgements={"funding": "huge", "networks": "strong"})
    reversed_range = RegionInput("C", judgement_ranges={"funding": ("strong", "weak")})
    for regions in ([good, off_scale], [good, reversed_range], [reversed_range, off_scale]):
        with pytest.raises((KeyError, ValueError)) as expected:
            reference.assess(COMPASS, regions, "innovation")
        with pytest.raises(expected.type, match=re.escape(str(expected.value))):
            assess(COMPASS, regions, "innovation")


def test_no_regions_give_no_advice() -> None:
    assert assess(COMPASS, [], "innovation") == []


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7, 13, 15, 16, 17, 31, 33, 64])
def test_dot_rows_adds_up_each_row_exactly_as_a_one_dimensional_product(count: int) -> None:
    rng = np.random.default_rng(count)
    matrix = rng.uniform(0, 1, (200, count))
    weights = rng.dirichlet(np.ones(count))
    expected = np.array([row @ weights for row in matrix])
    assert dot_rows(matrix, weights).tobytes() == expected.tobytes()
    columns = rng.permutation(count)[: max(1, count // 2)]  # a strided selection, as per aspect
    picked = np.array([row[columns] @ weights[columns] for row in matrix])
    assert dot_rows(matrix[:, columns], weights[columns]).tobytes() == picked.tobytes()
    stacked = matrix.reshape(20, 10, count)
    assert dot_rows(stacked, weights).tobytes() == expected.reshape(20, 10).tobytes()


def test_a_matrix_product_need_not_add_up_each_row_as_the_one_dimensional_product() -> None:
    """Why `dot_rows` exists: with BLAS, `matrix @ weights` sums in another order."""
    rng = np.random.default_rng(1)
    matrix, weights = rng.uniform(0, 1, (300, 13)), rng.dirichlet(np.ones(13))
    expected = np.array([row @ weights for row in matrix])
    assert np.allclose(matrix @ weights, expected, rtol=0, atol=1e-15)
    assert dot_rows(matrix, weights).tobytes() == expected.tobytes()


@pytest.mark.parametrize("shape", [(), (7,), (4, 5), (3, 4, 5)])
def test_classify_counts_the_thresholds_a_score_falls_short_of(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(len(shape))
    cuts = np.array([0.6, 0.45, 0.3])
    special = [0.6, 0.45, 0.3, 0.6 - 1e-9, 0.6 - 2e-9, 0.3 - 1e-10, 0.0, 1.0, np.inf, -np.inf]
    scores = rng.choice(special + list(rng.uniform(0, 1, 10)), size=shape)
    expected = np.sum(np.asarray(scores)[..., None] + 1e-9 < cuts, axis=-1)
    found = classify(scores, cuts)
    assert found.shape == np.atleast_1d(expected).shape
    assert (found == expected).all()
    per_row = rng.uniform(0, 1, (*np.shape(scores), 2))  # thresholds per score broadcast too
    assert (classify(scores, per_row) == np.sum(scores[..., None] + 1e-9 < per_row, axis=-1)).all()


def test_tracks_alike_give_the_same_advice_but_for_the_track() -> None:
    compass = load_compass(default_data_dir() / "compass.toml")
    first = compass.tracks[0]
    twin = dataclasses.replace(first, id="twin")  # same weights and thresholds, another name
    compass = dataclasses.replace(compass, tracks=(first, twin))
    dataset = load_dataset(compass)
    regions = region_inputs(dataset, compass, sorted(dataset.regions))
    both = assess_tracks(compass, regions, [first.id, "twin"])
    assert {advice.track for advice in both["twin"]} == {"twin"}
    assert [advice._replace(track=first.id) for advice in both["twin"]] == both[first.id]
    assert_same_advice(compass, regions)

"""SMAA-2 and its classification form: known answers, sampling, replay, and the reference."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import cast

import numpy as np
import pytest

from kompas.engine import Gate, IndicatorValue, Reading, RegionInput, assess
from kompas.engine.model import GateStatus
from kompas.engine.robustness import (
    BLOCK,
    Robustness,
    WeightModel,
    plan,
    sample_weights,
    smaa,
    standard_error,
)
from kompas.engine.scoring import criterion_bounds, track_weights
from tests.engine.reference_smaa import smaa_reference
from tests.factories import embedded_compass, identity_compass, judged_region, valued_region

COMPASS = embedded_compass()
TRACK = "innovation"
ASPECTS = [a.id for a in COMPASS.aspects]
CRITERIA = [c.id for c in COMPASS.criteria]
JUDGED = [c for c in COMPASS.criteria if c.kind == "judgement"]
EXACT = WeightModel.around(math.inf)
PASS = {p.id: Gate("pass") for p in COMPASS.preconditions}


def complete(code: str, rng: np.random.Generator, **overrides: str) -> RegionInput:
    """A region of the embedded compass with every judgement and indicator known."""
    judgements = {}
    for criterion in JUDGED:
        assert criterion.scale is not None
        judgements[criterion.id] = str(rng.choice([c.id for c in criterion.scale.categories]))
    judgements.update(overrides)
    return RegionInput(
        code,
        readings={
            "innovation_level": relative(code, float(rng.uniform(0.6, 1.1))),
            "rule_of_law": wgi(code, float(rng.uniform(-1.5, 2.0))),
        },
        judgements=judgements,
        gates=PASS,
    )


def relative(code: str, ratio: float) -> Reading:
    own = IndicatorValue(code, "eis_sii", "2024", 2024, 100 * ratio, "eis")
    reference = IndicatorValue("NL41", "eis_sii", "2024", 2024, 100.0, "eis")
    return Reading(code, own, "NL41", reference)


def wgi(code: str, value: float, std_error: float | None = None) -> Reading:
    return Reading(code, IndicatorValue(code, "wgi_rl", "2024", 2023, value, "wgi", std_error))


def within(a: np.ndarray, b: np.ndarray, samples: int, sigmas: float = 4.0) -> bool:
    """Two independent estimates of the same shares agree within `sigmas` standard errors."""
    pooled = (a + b) / 2
    error = np.sqrt(2) * standard_error(pooled, samples)
    return bool(np.all(np.abs(a - b) <= sigmas * error + 1e-12))


def level_of(result: Robustness, code: str, level: str) -> float:
    return result.level_probabilities(code)[level]


# --- known answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        WeightModel.around(3.0),
        WeightModel.ranked("criteria", ["c2", "c0", "c1", "c3"]),
        WeightModel.bounded({"c0": (0.0, 0.2)}),
    ],
    ids=["dirichlet", "ordering", "intervals"],
)
def test_a_dominated_region_never_ranks_first(model: WeightModel) -> None:
    compass = identity_compass([1, 1, 1, 1])
    regions = [
        valued_region("A", [1.0, 0.7, 0.6, 0.9]),
        valued_region("B", [0.7, 0.7, 0.5, 0.9]),  # below A on every criterion
        valued_region("C", [None, 0.1, 0.1, 0.1]),  # at best A's value on c0, below elsewhere
        valued_region("D", [0.2, 0.9, 0.3, None]),
    ]
    result = smaa(compass, regions, TRACK, model, samples=20_000, seed=4)
    assert result.first_probability("B") == 0.0
    assert result.first_probability("C") == 0.0
    assert result.winning_chance("A", "B") == 1.0
    assert result.winning_chance("A", "C") == 1.0
    assert result.central_weights_of("B") is None
    assert np.isnan(result.confidence[result.ranked.index("B")])


def test_identical_regions_get_equal_acceptability_within_monte_carlo_error() -> None:
    rng = np.random.default_rng(11)
    twin = complete("T1", rng)
    twin = replace(twin, judgements={k: v for k, v in twin.judgements.items() if k != "networks"})
    others = [complete(f"R{i}", rng) for i in range(4)]
    regions = [twin, replace(twin, code="T2"), *others]
    samples = 20_000
    result = smaa(COMPASS, regions, TRACK, WeightModel.around(20), samples=samples, seed=1)
    one, two = result.rank_probabilities("T1"), result.rank_probabilities("T2")
    assert one is not None
    assert two is not None
    assert within(one, two, samples)
    levels = result.level_acceptability
    assert within(levels[0], levels[1], samples)


def test_identical_known_regions_tie_and_share_their_ranks_exactly() -> None:
    rng = np.random.default_rng(12)
    twin = complete("T1", rng)
    regions = [twin, replace(twin, code="T2"), complete("R", rng), complete("S", rng)]
    result = smaa(COMPASS, regions, TRACK, WeightModel.around(30), samples=5000, seed=2)
    assert np.array_equal(result.rank_acceptability[0], result.rank_acceptability[1])
    assert result.winning_chance("T1", "T2") == 0.0  # never strictly higher: always tied
    assert np.array_equal(
        result.rank_acceptability,
        smaa_reference(
            COMPASS, regions, TRACK, WeightModel.around(30), samples=5000, seed=2
        ).rank_acceptability,
    )


def test_with_no_weight_uncertainty_the_result_is_the_point_advice() -> None:
    rng = np.random.default_rng(13)
    regions = [complete(f"R{i}", rng) for i in range(8)]
    advice = assess(COMPASS, regions, TRACK)
    result = smaa(COMPASS, regions, TRACK, EXACT, samples=3000, seed=3)
    levels = list(result.levels)
    for item in advice:
        assert item.determined
        expected = np.zeros(len(levels))
        expected[levels.index(item.level_best)] = 1.0
        assert np.array_equal(
            result.level_acceptability[result.regions.index(item.region)], expected
        )
    ranks = np.argsort([-a.score_low for a in advice], kind="stable")
    for position, i in enumerate(ranks):
        row = result.rank_probabilities(advice[i].region)
        assert row is not None
        assert row[position] == 1.0
    assert result.mc_error == 0.0


def test_with_no_weight_uncertainty_the_levels_stay_within_the_advice_range() -> None:
    rng = np.random.default_rng(14)
    regions = []
    for i in range(6):
        region = complete(f"R{i}", rng)
        kept = {k: v for k, v in region.judgements.items() if rng.random() < 0.6}
        regions.append(replace(region, judgements=kept))
    result = smaa(COMPASS, regions, TRACK, EXACT, samples=4000, seed=5)
    order = list(result.levels)
    for item in assess(COMPASS, regions, TRACK):
        row = result.level_acceptability[result.regions.index(item.region)]
        reachable = range(order.index(item.level_best), order.index(item.level_worst) + 1)
        assert row[[k for k in range(len(order)) if k not in reachable]].sum() == 0.0


def test_a_missing_judgement_is_uniform_over_its_categories() -> None:
    rng = np.random.default_rng(15)
    base = complete("X", rng, **{c.id: "moderate" for c in JUDGED if c.scale.id == "strength"})  # type: ignore[union-attr]
    region = replace(base, judgements={k: v for k, v in base.judgements.items() if k != "funding"})
    samples = 20_000
    result = smaa(COMPASS, [region], TRACK, EXACT, samples=samples, seed=6)
    funding = COMPASS.criterion("funding")
    assert funding.scale is not None
    expected = np.zeros(len(result.levels))
    for category in funding.scale.categories:
        filled = replace(region, judgements={**region.judgements, "funding": category.id})
        level = assess(COMPASS, [filled], TRACK)[0].level_best
        expected[result.levels.index(level)] += 1 / len(funding.scale.categories)
    assert len(np.flatnonzero(expected)) > 1  # the test case does straddle a threshold
    assert np.all(
        np.abs(result.level_acceptability[0] - expected) <= 4 * standard_error(expected, samples)
    )


def test_a_judgement_range_restricts_the_draws_to_its_categories() -> None:
    rng = np.random.default_rng(16)
    base = complete("X", rng, **{c.id: "moderate" for c in JUDGED if c.scale.id == "strength"})  # type: ignore[union-attr]
    ranged = replace(base, judgement_ranges={"funding": ("weak", "moderate")})
    low, high, known = criterion_bounds(COMPASS.criterion("funding"), ranged)
    assert (low, high, known) == (0.25, 0.5, False)
    samples = 20_000
    result = smaa(COMPASS, [ranged], TRACK, EXACT, samples=samples, seed=7)
    expected = np.zeros(len(result.levels))
    for category in ("weak", "moderate"):
        filled = replace(base, judgements={**base.judgements, "funding": category})
        expected[result.levels.index(assess(COMPASS, [filled], TRACK)[0].level_best)] += 0.5
    assert np.all(
        np.abs(result.level_acceptability[0] - expected) <= 4 * standard_error(expected, samples)
    )
    cells = [c for c in plan(COMPASS, [ranged]).cells if c.kind == "discrete"]
    assert [(c.first, c.count) for c in cells] == [(1, 2)]


def test_a_judgement_range_takes_precedence_over_a_single_category() -> None:
    region = replace(
        judged_region("X", funding="very_strong"), judgement_ranges={"funding": ("weak", "strong")}
    )
    assert criterion_bounds(COMPASS.criterion("funding"), region) == (0.25, 0.75, False)
    single = replace(region, judgement_ranges={"funding": ("strong", "strong")})
    assert criterion_bounds(COMPASS.criterion("funding"), single) == (0.75, 0.75, True)
    advice = assess(COMPASS, [region], TRACK)[0]
    assert "funding" in advice.missing


@pytest.mark.parametrize(
    ("span", "message"),
    [(("weak", "huge"), "not a category"), (("strong", "weak"), "lies above")],
)
def test_a_bad_judgement_range_is_refused(span: tuple[str, str], message: str) -> None:
    region = replace(judged_region("X"), judgement_ranges={"funding": span})
    with pytest.raises(ValueError, match=message):
        criterion_bounds(COMPASS.criterion("funding"), region)


def test_indicator_standard_errors_widen_the_level_distribution() -> None:
    judgements = {c.id: "moderate" if c.scale.id == "strength" else "limited" for c in JUDGED}  # type: ignore[union-attr]
    base = RegionInput(
        "X",
        readings={"innovation_level": relative("X", 1.0), "rule_of_law": wgi("X", 0.0)},
        judgements={**judgements, "funding": "strong"},
        gates=PASS,
    )
    point = assess(COMPASS, [base], TRACK)[0]
    # Place the rule-of-law estimate so that the score sits just above the "inzet" threshold.
    weight = track_weights(COMPASS, COMPASS.track(TRACK)).effective[CRITERIA.index("rule_of_law")]
    rest = point.score_low - weight * criterion_bounds(COMPASS.criterion("rule_of_law"), base)[0]
    estimate = ((0.6 + 0.004 - rest) / weight) * 5 - 2.5
    assert -2.5 < estimate < 2.5
    sure = replace(base, readings={**base.readings, "rule_of_law": wgi("X", estimate)})
    unsure = replace(
        base, code="Y", readings={**base.readings, "rule_of_law": wgi("Y", estimate, 0.2)}
    )
    samples = 20_000
    result = smaa(COMPASS, [sure, unsure], TRACK, EXACT, samples=samples, seed=8)
    assert result.level_probabilities("X")["inzet"] == 1.0
    probabilities = result.level_acceptability[1]
    assert np.count_nonzero(probabilities) > 1
    # Known answer: P(score ≥ 0.6) = P(estimate' ≥ threshold estimate), estimate' ~ N(e, 0.2).
    threshold = ((0.6 - 1e-9 - rest) / weight) * 5 - 2.5
    expected = 0.5 * math.erfc((threshold - estimate) / (0.2 * math.sqrt(2)))
    assert abs(probabilities[0] - expected) <= 4 * float(standard_error(expected, samples))


def test_a_missing_indicator_is_uniform_over_its_value_range() -> None:
    compass = identity_compass([1, 1])
    region = valued_region("X", [0.5, None])  # score = (0.5 + U) / 2, U uniform on [0, 1]
    samples = 40_000
    result = smaa(compass, [region], TRACK, EXACT, samples=samples, seed=9)
    # inzet: score ≥ 0.6 ⇔ U ≥ 0.7; reactive: 0.4 ≤ U < 0.7; facilitating: 0.1 ≤ U < 0.4.
    expected = np.array([0.3, 0.3, 0.3, 0.1])
    assert np.all(
        np.abs(result.level_acceptability[0] - expected) <= 4 * standard_error(expected, samples)
    )


def test_the_monte_carlo_error_shrinks_with_the_square_root_of_the_samples() -> None:
    compass = identity_compass([1, 1, 1])
    regions = [
        valued_region("A", [0.6, None, 0.4]),
        valued_region("B", [None, 0.5, 0.5]),
        valued_region("C", [0.3, 0.7, None]),
    ]
    model = WeightModel.around(5)
    small = smaa(compass, regions, TRACK, model, samples=4000, seed=1)
    large = smaa(compass, regions, TRACK, model, samples=16_000, seed=1)
    assert 1.8 < small.mc_error / large.mc_error < 2.2
    # And the estimates themselves: their spread over seeds halves when the samples quadruple.
    spread = []
    for samples in (500, 2000):
        estimates = [
            smaa(compass, regions, TRACK, model, samples=samples, seed=seed).rank_acceptability[
                0, 0
            ]
            for seed in range(40)
        ]
        spread.append(np.std(estimates, ddof=1))
    assert 1.5 < spread[0] / spread[1] < 2.7


# --- gates -----------------------------------------------------------------------------------


def test_a_failed_gate_gives_level_none_with_certainty_and_no_rank() -> None:
    rng = np.random.default_rng(18)
    regions = [complete(f"R{i}", rng) for i in range(4)]
    failed = replace(regions[1], gates={**PASS, "demand": Gate("fail", "no demand")})
    pending = replace(regions[2], gates={})
    together = [regions[0], failed, pending, regions[3]]
    result = smaa(COMPASS, together, TRACK, WeightModel.around(10), samples=3000, seed=3)
    assert result.excluded == ("R1",)
    assert result.ranked == ("R0", "R2", "R3")
    assert result.level_probabilities("R1") == {
        "inzet": 0,
        "reactieve_inzet": 0,
        "faciliterend": 0,
        "none": 1,
    }
    assert result.modal_level("R1") == ("none", 1.0)
    assert result.rank_probabilities("R1") is None
    assert result.first_probability("R1") is None
    assert result.rank_acceptability.shape == (3, 3)
    # A gated-out region influences nothing else: the others' results are exactly the same.
    alone = smaa(
        COMPASS,
        [regions[0], pending, regions[3]],
        TRACK,
        WeightModel.around(10),
        samples=3000,
        seed=3,
    )
    assert np.array_equal(alone.rank_acceptability, result.rank_acceptability)
    assert np.array_equal(alone.level_acceptability, result.level_acceptability[[0, 2, 3]])
    assert np.array_equal(alone.central_weights, result.central_weights, equal_nan=True)


# --- weights ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        WeightModel.around(),
        WeightModel.around(2),
        WeightModel.ranked("aspects", ["environment", "link", "feasibility", "opportunities"]),
        WeightModel.ranked("criteria", list(reversed(CRITERIA))),
        WeightModel.bounded({"rule_of_law": (0.1, 0.3), "funding": (0.0, 0.05)}),
    ],
    ids=["dirichlet-100", "dirichlet-2", "aspects", "criteria", "intervals"],
)
def test_the_sampled_weights_lie_on_the_simplex(model: WeightModel) -> None:
    weights = sample_weights(COMPASS, TRACK, model, 5000, seed=1)
    assert weights.shape == (5000, len(CRITERIA))
    assert np.all(weights >= 0)
    assert np.allclose(weights.sum(axis=1), 1.0)
    assert len(np.unique(weights[:, 0])) > 4000  # really drawn, not repeated


def test_the_dirichlet_weights_are_centred_on_the_compass_weights() -> None:
    compass = identity_compass([1, 2, 3, 4, 0])
    base = track_weights(compass, compass.track(TRACK)).effective
    concentration = 50.0
    weights = sample_weights(compass, TRACK, WeightModel.around(concentration), 40_000, seed=2)
    assert np.all(weights[:, 4] == 0.0)  # a criterion of weight 0 keeps weight 0
    assert np.allclose(weights.mean(axis=0), base, atol=4 * np.sqrt(0.25 / concentration / 40_000))
    variance = base * (1 - base) / (concentration + 1)
    assert np.allclose(weights.var(axis=0), variance, rtol=0.05, atol=1e-12)


def test_no_weight_uncertainty_repeats_the_compass_weights() -> None:
    weights = sample_weights(COMPASS, TRACK, EXACT, 10, seed=1)
    assert np.array_equal(
        weights, np.tile(track_weights(COMPASS, COMPASS.track(TRACK)).effective, (10, 1))
    )


def test_an_ordering_of_criteria_is_never_violated_and_is_uniform_within_it() -> None:
    order = ["funding", "networks", *[c for c in CRITERIA if c not in ("funding", "networks")]]
    weights = sample_weights(COMPASS, TRACK, WeightModel.ranked("criteria", order), 20_000, seed=3)
    ranked = weights[:, [CRITERIA.index(c) for c in order]]
    assert np.all(np.diff(ranked, axis=1) <= 0)
    # Uniform on the ordered simplex: the expected k-th largest share is (1/m)·Σ_{i≥k} 1/i.
    m = len(CRITERIA)
    expected = [sum(1 / i for i in range(k, m + 1)) / m for k in range(1, m + 1)]
    assert np.allclose(ranked.mean(axis=0), expected, atol=0.003)


def test_an_ordering_of_aspects_is_never_violated_and_keeps_the_shares_within_aspects() -> None:
    compass = identity_compass([1, 3, 2, 2, 1], aspects=[0, 0, 1, 1, 2])
    model = WeightModel.ranked("aspects", ["a2", "a0", "a1"])
    weights = sample_weights(compass, TRACK, model, 5000, seed=4)
    aspect = np.column_stack(
        [weights[:, :2].sum(axis=1), weights[:, 2:4].sum(axis=1), weights[:, 4]]
    )
    assert np.all(aspect[:, 2] >= aspect[:, 0])
    assert np.all(aspect[:, 0] >= aspect[:, 1])
    assert np.allclose(weights[:, 1] / aspect[:, 0], 0.75)
    assert np.allclose(weights[:, 2] / aspect[:, 1], 0.5)


def test_weight_intervals_are_respected_and_the_rest_is_uniform() -> None:
    model = WeightModel.bounded({"rule_of_law": (0.2, 0.3), "geopolitics": (0.0, 0.02)})
    weights = sample_weights(COMPASS, TRACK, model, 20_000, seed=5)
    rule, geo = CRITERIA.index("rule_of_law"), CRITERIA.index("geopolitics")
    assert np.all((weights[:, rule] >= 0.2) & (weights[:, rule] <= 0.3))
    assert np.all(weights[:, geo] <= 0.02)
    others = [j for j in range(len(CRITERIA)) if j not in (rule, geo)]
    means = weights[:, others].mean(axis=0)
    assert np.allclose(means, means.mean(), rtol=0.03)  # the free criteria are exchangeable


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (WeightModel.bounded({"funding": (0.6, 0.9), "networks": (0.5, 1.0)}), "cannot sum to 1"),
        (WeightModel.bounded(dict.fromkeys(CRITERIA, (0.0, 0.05))), "cannot sum to 1"),
        (WeightModel.bounded({"funding": (0.9, 1.0)}), "too little room"),
        (WeightModel.bounded({"nope": (0.0, 0.5)}), "unknown criteria"),
        (WeightModel.bounded({"funding": (0.5, 0.2)}), "low ≤ high"),
        (
            WeightModel.ranked("aspects", ["link", "opportunities", "feasibility"]),
            "missing: environment",
        ),
        (WeightModel.ranked("aspects", [*ASPECTS, "moon"]), "unknown aspects"),
        (WeightModel.ranked("aspects", [*ASPECTS, "link"]), "named twice"),
        (WeightModel.ranked("criteria", CRITERIA[:-1]), "missing"),
        (WeightModel.around(1.0), "too small"),
    ],
)
def test_impossible_weight_models_are_refused_with_the_reason(
    model: WeightModel, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        smaa(COMPASS, [judged_region("X")], TRACK, model, samples=10)


@pytest.mark.parametrize(
    "arguments",
    [{"kind": "dirichlet", "concentration": 0.0}, {"kind": "ordering"}, {"kind": "guess"}],
)
def test_a_weight_model_checks_itself(arguments: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"."):
        WeightModel(**arguments)  # type: ignore[arg-type]


# --- replay and agreement --------------------------------------------------------------------


def random_case(rng: np.random.Generator, size: int) -> list[RegionInput]:
    """Regions with known, missing and ranged judgements, standard errors and gate statuses."""
    regions = []
    for i in range(size):
        code = f"R{i}"
        judgements: dict[str, str] = {}
        ranges: dict[str, tuple[str, str]] = {}
        for criterion in JUDGED:
            assert criterion.scale is not None
            ids = [c.id for c in criterion.scale.categories]
            pick = rng.random()
            if pick < 0.5:
                judgements[criterion.id] = str(rng.choice(ids))
            elif pick < 0.7:
                a, b = sorted(rng.choice(len(ids), 2, replace=False))
                ranges[criterion.id] = (ids[a], ids[b])
        readings = {}
        if rng.random() < 0.7:
            readings["innovation_level"] = relative(code, float(rng.uniform(0.4, 1.2)))
        if rng.random() < 0.8:
            error = float(rng.uniform(0.1, 0.4)) if rng.random() < 0.6 else None
            readings["rule_of_law"] = wgi(code, float(rng.uniform(-2, 2)), error)
        statuses = rng.choice(["pass", "fail", "unknown"], len(PASS), p=[0.85, 0.05, 0.1])
        gates = {
            p: Gate(cast(GateStatus, str(s)))
            for p, s in zip(PASS, statuses, strict=True)
            if s != "unknown"
        }
        regions.append(RegionInput(code, readings, judgements, gates, ranges))
    return regions


MODELS = [
    WeightModel.around(),
    WeightModel.around(3),
    EXACT,
    WeightModel.ranked("aspects", ["opportunities", "link", "environment", "feasibility"]),
    WeightModel.ranked("criteria", CRITERIA[::2] + CRITERIA[1::2]),
    WeightModel.bounded({"innovation_level": (0.05, 0.3), "trade_contacts": (0.1, 0.2)}),
]


@pytest.mark.parametrize("case", range(len(MODELS)))
def test_the_vectorised_and_the_reference_implementation_agree(case: int) -> None:
    rng = np.random.default_rng(100 + case)
    regions = random_case(rng, 7)
    model, track = MODELS[case], ["innovation", "trade_invest"][case % 2]
    options = {"samples": 2500, "confidence_samples": 400, "pairwise_samples": 300}
    fast = smaa(COMPASS, regions, track, model, seed=case, **options)
    slow = smaa_reference(COMPASS, regions, track, model, seed=case, **options)
    # The same random numbers: the same counts.
    assert np.array_equal(fast.level_acceptability, slow.level_acceptability)
    assert np.array_equal(fast.rank_acceptability, slow.rank_acceptability)
    assert np.array_equal(fast.pairwise, slow.pairwise)
    assert np.allclose(fast.central_weights, slow.central_weights, equal_nan=True, atol=1e-12)
    assert np.array_equal(fast.confidence, slow.confidence, equal_nan=True)
    # Other random numbers: the same shares within Monte Carlo error.
    other = smaa_reference(COMPASS, regions, track, model, seed=case + 50, **options)
    assert within(fast.level_acceptability, other.level_acceptability, 2500)
    assert within(fast.rank_acceptability, other.rank_acceptability, 2500)


def test_it_replays_exactly_with_the_same_seed_and_differs_with_another() -> None:
    regions = random_case(np.random.default_rng(7), 9)
    first = smaa(COMPASS, regions, TRACK, samples=3000, seed=42)
    again = smaa(COMPASS, regions, TRACK, samples=3000, seed=42)
    other = smaa(COMPASS, regions, TRACK, samples=3000, seed=43)
    for name in (
        "level_acceptability",
        "rank_acceptability",
        "central_weights",
        "confidence",
        "pairwise",
    ):
        assert np.array_equal(getattr(first, name), getattr(again, name), equal_nan=True), name
    assert not np.array_equal(first.rank_acceptability, other.rank_acceptability)
    assert (first.seed, first.samples, first.model) == (42, 3000, WeightModel())


def test_neither_the_chunk_size_nor_the_threads_change_the_result() -> None:
    regions = random_case(np.random.default_rng(8), 9)
    samples = 3 * BLOCK + 100
    base = smaa(COMPASS, regions, TRACK, samples=samples, seed=5, chunk=BLOCK, workers=1)
    for chunk, workers in ((2 * BLOCK, 2), (10 * BLOCK, 1), (1, 3)):
        other = smaa(COMPASS, regions, TRACK, samples=samples, seed=5, chunk=chunk, workers=workers)
        assert np.array_equal(base.level_acceptability, other.level_acceptability)
        assert np.array_equal(base.rank_acceptability, other.rank_acceptability)
        assert np.array_equal(base.central_weights, other.central_weights, equal_nan=True)
        assert np.array_equal(base.confidence, other.confidence, equal_nan=True)


# --- outputs ---------------------------------------------------------------------------------


def test_the_outputs_have_their_shapes_and_add_up() -> None:
    regions = random_case(np.random.default_rng(9), 10)
    result = smaa(COMPASS, regions, "trade_invest", samples=4000, seed=1)
    n, ranked = len(regions), len(result.ranked)
    assert result.level_acceptability.shape == (n, 4)
    assert np.allclose(result.level_acceptability.sum(axis=1), 1.0)
    assert result.rank_acceptability.shape == (ranked, ranked)
    assert np.allclose(result.rank_acceptability.sum(axis=1), 1.0)
    assert result.central_weights.shape == (ranked, len(CRITERIA))
    winners = result.rank_acceptability[:, 0] > 0
    assert np.allclose(result.central_weights[winners].sum(axis=1), 1.0)
    assert np.all(np.isnan(result.central_weights[~winners]))
    assert np.all((result.confidence[winners] >= 0) & (result.confidence[winners] <= 1))
    both = result.pairwise + result.pairwise.T
    assert np.all(both <= 1.0 + 1e-12)
    assert result.mc_error == pytest.approx(
        float(
            standard_error(
                np.concatenate(
                    [result.level_acceptability.ravel(), result.rank_acceptability.ravel()]
                ),
                4000,
            ).max()
        )
    )
    assert (result.confidence_samples, result.pairwise_samples) == (2000, 2000)
    code = result.ranked[0]
    level, probability = result.modal_level(code)
    assert probability == max(result.level_probabilities(code).values())
    assert result.level_probabilities(code)[level] == probability


def test_with_fixed_values_a_region_always_wins_at_its_central_weights() -> None:
    rng = np.random.default_rng(19)
    regions = [complete(f"R{i}", rng) for i in range(6)]
    result = smaa(COMPASS, regions, TRACK, WeightModel.around(5), samples=5000, seed=1)
    winners = result.rank_acceptability[:, 0] > 0
    assert winners.sum() >= 2
    assert np.all(result.confidence[winners] == 1.0)


def test_a_region_that_always_wins_has_the_mean_weights_as_central_weights() -> None:
    compass = identity_compass([1, 2, 3])
    regions = [valued_region("TOP", [1.0, 1.0, 1.0]), valued_region("LOW", [0.2, None, 0.5])]
    result = smaa(compass, regions, TRACK, WeightModel.around(40), samples=20_000, seed=2)
    assert result.first_probability("TOP") == 1.0
    central = result.central_weights_of("TOP")
    assert central is not None
    assert np.allclose(list(central.values()), [1 / 6, 2 / 6, 3 / 6], atol=0.003)
    assert result.confidence_of("TOP") == 1.0


def test_it_needs_at_least_one_sample_and_unique_regions() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        smaa(COMPASS, [judged_region("X")], TRACK, samples=0)
    with pytest.raises(ValueError, match="twice"):
        smaa(COMPASS, [judged_region("X"), judged_region("X")], TRACK, samples=10)


def test_it_handles_no_ranked_region_at_all() -> None:
    gone = judged_region("X", gates="fail")
    result = smaa(COMPASS, [gone], TRACK, samples=100)
    assert result.excluded == ("X",)
    assert result.rank_acceptability.shape == (0, 0)
    assert result.modal_level("X") == ("none", 1.0)

import numpy as np
import pytest
from skcriteria import mkdm
from skcriteria.agg.simple import WeightedSumModel

from kompas.engine import assess
from kompas.engine.scoring import classify, track_weights, weighted_sum
from tests.factories import embedded_compass, identity_compass, valued_region


def test_it_reproduces_the_weighted_sum_example_of_triantaphyllou() -> None:
    """Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study.

    Kluwer (Applied Optimization 44), section 2.2.1, the weighted sum model: three alternatives,
    four benefit criteria with weights 0.20, 0.15, 0.40, 0.25; A1 scores 21.5, A2 and A3 both 22.0.
    """
    matrix = np.array([[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]], float)
    weights = np.array([0.20, 0.15, 0.40, 0.25])
    assert np.allclose(weighted_sum(matrix, weights), [21.5, 22.0, 22.0])


def test_it_agrees_with_scikit_criteria_on_random_data() -> None:
    rng = np.random.default_rng(20231127)
    for _ in range(20):
        regions, criteria = rng.integers(2, 40), rng.integers(2, 14)
        matrix = rng.uniform(0, 1, (regions, criteria))
        weights = rng.dirichlet(np.ones(criteria))
        decision = mkdm(matrix, [max] * criteria, weights=weights)
        reference = WeightedSumModel().evaluate(decision).e_.score
        assert np.allclose(weighted_sum(matrix, weights), reference)


def test_its_full_assessment_agrees_with_scikit_criteria_on_hierarchical_weights() -> None:
    rng = np.random.default_rng(7)
    raw = list(rng.uniform(0.1, 3, 9))
    compass = identity_compass(raw, aspects=[0, 0, 0, 1, 1, 2, 2, 2, 2])
    matrix = rng.uniform(0, 1, (25, 9))
    regions = [valued_region(f"R{i}", list(row)) for i, row in enumerate(matrix)]
    advice = assess(compass, regions, "innovation")
    weights = track_weights(compass, compass.track("innovation")).effective
    reference = WeightedSumModel().evaluate(mkdm(matrix, [max] * 9, weights=weights)).e_.score
    assert np.allclose([a.score_low for a in advice], reference)
    assert np.allclose([a.score_high for a in advice], reference)


def test_its_effective_weights_are_aspect_share_times_share_within_aspect() -> None:
    compass = identity_compass([1, 3, 2, 2], aspects=[0, 0, 1, 1])
    weights = track_weights(compass, compass.track("innovation"))
    assert np.allclose(weights.effective, [0.125, 0.375, 0.25, 0.25])
    assert weights.effective.sum() == pytest.approx(1.0)


def test_the_embedded_compass_weighs_aspects_equally_and_criteria_equally_within_them() -> None:
    compass = embedded_compass()
    weights = track_weights(compass, compass.track("innovation"))
    assert np.allclose(weights.aspect_shares, 0.25)
    for a, aspect in enumerate(compass.aspects):
        count = len(compass.criteria_of(aspect.id))
        assert np.allclose(weights.criterion_shares[weights.aspect_of == a], 1 / count)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0.95, 0), (0.6, 0), (0.5999, 1), (0.45, 1), (0.3, 2), (0.29, 3), (0.0, 3)],
)
def test_it_classifies_a_score_on_the_thresholds_of_the_track(score: float, level: int) -> None:
    cuts = np.array([0.6, 0.45, 0.3])
    assert classify(score, cuts)[0] == level


def test_a_track_can_override_the_weights_of_the_compass() -> None:
    compass = embedded_compass()
    base = track_weights(compass, compass.track("innovation"))
    track = compass.track("innovation")
    overridden = type(track)(**{**track.__dict__, "aspect_weights": {"link": 3.0}})
    heavier = track_weights(compass, overridden)
    assert heavier.aspect_shares[0] == pytest.approx(0.5)
    assert not np.allclose(base.effective, heavier.effective)

"""Gates before scores: pass, fail and unknown preconditions."""

from kompas.engine import Gate, RegionInput, assess
from kompas.engine.gates import OUTCOMES, check_gates, gate_results
from tests.engine import reference_assess
from tests.factories import embedded_compass, judged_region

COMPASS = embedded_compass()
STRONG = {c.id: c.scale.categories[-1].id for c in COMPASS.criteria if c.scale}


def test_a_region_passes_when_every_precondition_passes() -> None:
    result = check_gates(COMPASS, judged_region(gates="pass"))
    assert result.outcome == "passed"
    assert result.failed == ()
    assert result.unknown == ()


def test_an_unknown_precondition_leaves_the_advice_pending() -> None:
    region = judged_region(gates="unknown", **STRONG)
    advice = assess(COMPASS, [region], "innovation")[0]
    assert advice.pending
    assert not advice.excluded
    assert [c.precondition for c in advice.gates.unknown] == [p.id for p in COMPASS.preconditions]
    assert advice.level_worst != "none"


def test_a_failed_precondition_excludes_the_best_scoring_region_citing_the_evidence() -> None:
    region = judged_region(gates="pass", **STRONG)
    failed = type(region)(
        region.code,
        region.readings,
        region.judgements,
        {**region.gates, "national_government": Gate("fail", "Negatief reisadvies", "bron", "§2")},
    )
    best = assess(COMPASS, [region], "innovation")[0]
    advice = assess(COMPASS, [failed], "innovation")[0]
    assert best.level_worst == "inzet"
    assert advice.excluded
    assert advice.level == "none"
    assert [c.precondition for c in advice.gates.failed] == ["national_government"]
    assert advice.gates.failed[0].gate.evidence == "Negatief reisadvies"
    assert advice.score_low == best.score_low  # the score is still shown, it just does not count


def test_the_outcome_codes_of_many_regions_match_their_results() -> None:
    regions = [
        judged_region("P", gates="pass"),
        judged_region("U", gates="unknown"),  # no status recorded at all
        RegionInput("F", gates={"demand": Gate("fail", "none"), "own_choice": Gate("pass")}),
        RegionInput("M", gates={p.id: Gate("pass") for p in COMPASS.preconditions[:-1]}),
    ]
    results, codes = gate_results(COMPASS, regions)
    assert [r.outcome for r in results] == ["passed", "pending", "excluded", "pending"]
    assert [OUTCOMES[code] for code in codes] == [r.outcome for r in results]
    assert results == [reference_assess.check_gates(COMPASS, region) for region in regions]
    assert [c.gate.status for c in results[3].checks] == ["pass", "pass", "unknown"]

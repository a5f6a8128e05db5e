"""`kompas robustness`: level and rank probabilities under uncertain weights and judgements."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.cli.support import ROUND_CODES, fails, ok, tables

LEVELS = ["inzet", "reactieve_inzet", "faciliterend", "none"]
REGION_KEYS = {
    "code",
    "name_nl",
    "name_en",
    "label",
    "decided",
    "advice",
    "level_probabilities",
    "modal_level",
    "rank_acceptability",
    "first_rank",
    "central_weights",
    "confidence",
    "pairwise",
}


def robustness(*args: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(ok("robustness", "--format", "json", *args))
    return payload


def percent(text: str) -> float:
    return float(text.removesuffix(" %").replace(".", "").replace(",", ".")) / 100


def test_it_prints_a_table_per_track_with_the_probability_of_each_level() -> None:
    out = ok("robustness", "--samples", "2000")
    innovation, trade = tables(out)
    assert innovation.heading == "Innovatie"
    assert trade.heading == "Trade en/of invest"
    for table in (innovation, trade):
        assert table.codes == ROUND_CODES
        assert table.header[:4] == ["Regio", "Code", "besluit", "advies"]
        assert table.header[4:] == [
            "P(Inzet)",
            "P(Reactieve inzet)",
            "P(Faciliterend)",
            "P(–)",
            "meest waarschijnlijk",
            "P(rang 1)",
            "betrouwbaarheid",
        ]
        for code in ROUND_CODES:
            shares = [percent(table.cell(code, "P(Inzet)", k)) for k in range(4)]
            assert sum(shares) == pytest.approx(1.0, abs=0.002)
            modal = table.cell(code, "meest waarschijnlijk")
            assert f"({table.cell(code, 'P(Inzet)', shares.index(max(shares)))})" in modal
    assert innovation.cell("DE1", "besluit") == "Inzet"
    assert "Steekproeven: 2.000 · startgetal: 0" in out
    assert "concentratie κ = 100" in out
    assert "Monte-Carlofout: hoogstens" in out
    assert "voorlopige drempels" in out  # the compass is provisional, and the output says so


def test_its_json_holds_everything_with_level_ids() -> None:
    payload = robustness("--samples", "1500", "--track", "innovation")
    assert payload["schema"] == "kompas.robustness/1"
    assert payload["round"]["id"] == "2023-2027"
    assert (payload["samples"], payload["seed"]) == (1500, 0)
    assert payload["weight_model"] == {"kind": "dirichlet", "concentration": 100.0, "exact": False}
    assert list(payload["tracks"]) == ["innovation"]
    track = payload["tracks"]["innovation"]
    assert track["levels"] == LEVELS
    assert track["pairwise_samples"] == track["confidence_samples"] == 1500
    assert 0 < track["mc_error"] < 0.02
    assert [r["code"] for r in track["regions"]] == ROUND_CODES
    ranked = track["ranked"]
    firsts = 0.0
    for region in track["regions"]:
        assert set(region) == REGION_KEYS
        assert sum(region["level_probabilities"].values()) == pytest.approx(1.0, abs=1e-5)
        assert region["modal_level"]["level"] in LEVELS
        assert len(region["rank_acceptability"]) == len(ranked)
        assert sum(region["rank_acceptability"]) == pytest.approx(1.0, abs=1e-5)
        assert region["first_rank"] == region["rank_acceptability"][0]
        firsts += region["first_rank"]
        assert set(region["pairwise"]) == set(ranked) - {region["code"]}
        if region["central_weights"] is not None:
            assert sum(region["central_weights"].values()) == pytest.approx(1.0, abs=1e-5)
            assert 0 <= region["confidence"] <= 1
        else:
            assert region["confidence"] is None
    assert firsts == pytest.approx(1.0, abs=1e-5)


def test_the_seed_replays_exactly_and_another_seed_differs() -> None:
    first = ok("robustness", "--samples", "1200", "--seed", "7", "--format", "json")
    again = ok("robustness", "--samples", "1200", "--seed", "7", "--format", "json")
    other = ok("robustness", "--samples", "1200", "--seed", "8", "--format", "json")
    assert first == again
    assert first != other
    assert json.loads(other)["seed"] == 8


def test_it_speaks_english_with_lang_en() -> None:
    out = ok("--lang", "en", "robustness", "--samples", "1000", "--track", "trade_invest")
    (table,) = tables(out)
    assert table.heading == "Trade and/or invest"
    assert table.header[-3:] == ["most likely", "P(rank 1)", "confidence"]
    assert "P(Active)" in table.header
    assert "Samples: 1,000 · seed: 0" in out
    assert "Monte Carlo error: at most" in out


def test_without_weight_uncertainty_the_levels_stay_within_the_advice() -> None:
    payload = robustness("--samples", "1000", "--concentration", "inf")
    assert payload["weight_model"] == {"kind": "dirichlet", "concentration": None, "exact": True}
    for track in payload["tracks"].values():
        for region in track["regions"]:
            advice = region["advice"]
            reachable = LEVELS[
                LEVELS.index(advice["level_best"]) : LEVELS.index(advice["level_worst"]) + 1
            ]
            outside = [
                p for level, p in region["level_probabilities"].items() if level not in reachable
            ]
            assert sum(outside) == 0
    out = ok("robustness", "--samples", "500", "--concentration", "inf")
    assert "zonder onzekerheid" in out


def test_an_order_of_importance_replaces_the_compass_weights() -> None:
    order = "aspects:environment,link,feasibility,opportunities"
    payload = robustness("--samples", "1000", "--order", order)
    assert payload["weight_model"] == {
        "kind": "ordering",
        "level": "aspects",
        "order": ["environment", "link", "feasibility", "opportunities"],
    }
    out = ok("robustness", "--samples", "500", "--order", order, "--track", "innovation")
    assert "alleen de volgorde van de aspecten: Omgevingsfactoren > Aansluiting op Brabant" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--order", "aspects:link"], "missing: opportunities"),
        (["--order", "weights:link"], "aspects:ID,ID"),
        (["--order", "aspects:link", "--concentration", "5"], "niet allebei"),
        (["--concentration", "0.5"], "too small"),
        (["--samples", "0"], "--samples"),
        (["--seed", "-1"], "--seed"),
    ],
)
def test_impossible_options_are_refused_with_the_reason(args: list[str], message: str) -> None:
    assert message in fails("robustness", *args)

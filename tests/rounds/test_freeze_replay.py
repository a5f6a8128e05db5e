"""A frozen round keeps its result: replaying its snapshot gives exactly the advice stored when
it was frozen, whatever changes afterwards in the judgements, the data or the compass."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from kompas.assessments.models import GateStatus
from kompas.compasses.models import CompassVersion
from kompas.regions.models import IndicatorValue, Region
from kompas.rounds.models import DecisionRound
from kompas.rounds.snapshot import build, dataset_from, replay, round_from
from tests.cli.support import ok
from tests.rounds import (
    DEFAULT_ROUND,
    ClientAs,
    frozen_default_round,
    judge_all,
    new_version,
    stricter,
)

pytestmark = pytest.mark.django_db

Table = dict[tuple[str, str], tuple[Any, ...]]


def shown(client: Client, key: str = DEFAULT_ROUND) -> Table:
    """Per region and track, what the round's page shows: decision, advice levels and scores."""
    response = client.get(reverse("rounds:detail", args=[key]))
    assert response.status_code == 200
    return {
        (line.row.region.code, cell.track): (
            cell.decided,
            cell.advice.level_best,
            cell.advice.level_worst,
            cell.advice.score_low,
            cell.advice.score_high,
            reasoning,
        )
        for _label, lines in response.context["sections"]
        for line in lines
        for cell, reasoning in line.cells
    }


def advice_table(records: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["region"], r["track"]): r for r in records}


def assert_same_advice(replayed: list[dict[str, Any]], stored: list[dict[str, Any]]) -> None:
    ours, theirs = advice_table(replayed), advice_table(stored)
    assert ours.keys() == theirs.keys()
    for key, item in ours.items():
        other = theirs[key]
        assert (item["level_best"], item["level_worst"], item["gates"]) == (
            other["level_best"],
            other["level_worst"],
            other["gates"],
        ), key
        assert abs(item["score_low"] - other["score_low"]) <= 1e-12, key
        assert abs(item["score_high"] - other["score_high"]) <= 1e-12, key


def change_everything() -> None:
    """Stronger judgements for Baden-Württemberg, a failed gate for Bavaria, every indicator
    value halved, and a stricter current compass version."""
    judge_all("DE1")
    GateStatus.objects.update_or_create(
        region=Region.objects.get(code="DE2"),
        precondition="demand",
        defaults={"status": "fail", "rationale": "test", "author_name": "test"},
    )
    IndicatorValue.objects.exclude(region__code="NL41").update(value=F("value") * 0.5)
    new_version(stricter)


def test_it_replays_a_frozen_round_to_exactly_the_advice_stored_when_frozen() -> None:
    frozen_default_round()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)  # read back through the database
    assert stored.snapshot is not None
    assert len(stored.snapshot["advice"]) == 21 * 2
    assert_same_advice(replay(stored), stored.snapshot["advice"])


def test_it_keeps_a_frozen_round_unchanged_when_judgements_values_and_compass_change(
    client_as: ClientAs,
) -> None:
    client = client_as("viewer")
    frozen_default_round()
    before = shown(client)
    change_everything()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    assert shown(client) == before
    assert stored.snapshot is not None
    assert_same_advice(replay(stored), stored.snapshot["advice"])
    # ...while the same round weighed live would now differ: the changes were real
    live = advice_table(build(stored)["advice"])
    frozen = advice_table(stored.snapshot["advice"])
    assert live[("DE1", "innovation")]["score_low"] > frozen[("DE1", "innovation")]["score_low"]
    assert live[("DE2", "innovation")]["gates"] == "excluded"
    assert live[("DE1", "innovation")]["level_best"] == "inzet"


def test_it_shows_a_frozen_round_as_its_replay(client_as: ClientAs) -> None:
    frozen_default_round()
    change_everything()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    table = shown(client_as("viewer"))
    for (code, track), record in advice_table(replay(stored)).items():
        _decided, best, worst, low, high, _reasoning = table[(code, track)]
        assert (best, worst) == (record["level_best"], record["level_worst"])
        assert (low, high) == (record["score_low"], record["score_high"])


def test_it_keeps_the_decisions_and_their_reasoning_in_the_snapshot(
    client_as: ClientAs,
) -> None:
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    stored.decisions.filter(region__code="DE1", track="innovation").update(reasoning="Partner.")
    frozen_default_round()
    stored.decisions.filter(region__code="DE1").update(level="none", reasoning="changed")
    stored.footnotes.all().delete()
    table = shown(client_as("viewer"))
    assert table[("DE1", "innovation")][0] == "inzet"
    assert table[("DE1", "innovation")][5] == "Partner."
    html = client_as("viewer").get(reverse("rounds:detail", args=[DEFAULT_ROUND])).content.decode()
    assert "Handel- en investeringsbevordering ligt in de uitvoering bij de BOM" in html


def test_it_stores_the_compass_the_inputs_the_editions_and_the_sources() -> None:
    frozen_default_round()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    snapshot = stored.snapshot
    assert snapshot is not None
    assert snapshot["compass"] == CompassVersion.objects.get(number=1).config
    assert snapshot["compass_version"]["number"] == 1
    reading = snapshot["inputs"]["DE1"]["readings"]["innovation_level"]
    assert reading["value"]["indicator"] == "eis_sii"
    assert reading["reference_region"] == "NL41"
    assert reading["reference"]["region"] in {"NL41", "NL"}  # its own figure or a national proxy
    assert reading["reference"]["edition"] == reading["value"]["edition"]
    assert "eis_sii" in snapshot["editions"]
    for editions in snapshot["editions"].values():
        for edition in editions:
            assert edition["source"] in snapshot["sources"]
    for judgement in snapshot["judgements"]:
        assert judgement["rationale"]
        assert judgement["cited"]["source"] in snapshot["sources"]
    assert all(g["evidence"] for g in snapshot["gates"])
    assert {f["number"] for f in snapshot["footnotes"]} == {10, 11, 12, 13}
    assert json.loads(json.dumps(snapshot)) == snapshot


def test_it_rebuilds_the_round_and_the_data_slice_from_the_snapshot() -> None:
    frozen_default_round()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    assert stored.snapshot is not None
    round_ = round_from(stored.snapshot)
    dataset = dataset_from(stored.snapshot)
    assert [d.region for d in round_.decisions][:3] == ["DE", "DE1", "DE2"]
    assert dataset.reference.code == "NL41"
    assert dataset.regions["DE1"].parent == "DE"
    assert dataset.themes_of("DE1")


def test_it_replays_a_frozen_round_on_the_command_line() -> None:
    frozen_default_round()
    before = json.loads(ok("assess", "--round", DEFAULT_ROUND, "--format", "json"))
    explained = ok("explain", "DE1", "--round", DEFAULT_ROUND, "--format", "json")
    change_everything()
    after = json.loads(ok("assess", "--round", DEFAULT_ROUND, "--format", "json"))
    assert after == before
    assert ok("explain", "DE1", "--round", DEFAULT_ROUND, "--format", "json") == explained


def test_it_still_weighs_an_open_round_live_on_the_command_line() -> None:
    before = json.loads(ok("assess", "--round", DEFAULT_ROUND, "--format", "json"))
    judge_all("DE1")
    after = json.loads(ok("assess", "--round", DEFAULT_ROUND, "--format", "json"))
    assert after != before


def test_it_freezes_several_analysts_judgements_and_replays_them_exactly() -> None:
    from kompas.assessments.models import Judgement

    region = Region.objects.get(code="DE1")
    for name, category in [("first", "very_weak"), ("second", "weak"), ("third", "weak")]:
        Judgement.objects.create(
            region=region,
            criterion="funding",
            category=category,
            rationale="test",
            author_name=name,
        )
    frozen_default_round()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    assert stored.snapshot is not None
    panels = stored.snapshot["inputs"]["DE1"]["panels"]
    assert panels == {
        "funding": {
            "Kompas standaarddata (uit brondocument)": "strong",
            "first": "very_weak",
            "second": "weak",
            "third": "weak",
        }
    }
    Judgement.objects.filter(region=region, criterion="funding").update(category="very_strong")
    assert_same_advice(replay(stored), stored.snapshot["advice"])
    live = advice_table(build(stored)["advice"])
    frozen = advice_table(stored.snapshot["advice"])
    assert live[("DE1", "innovation")]["score_low"] > frozen[("DE1", "innovation")]["score_low"]


def test_it_freezes_a_judgement_given_as_a_range_and_replays_it_exactly() -> None:
    from kompas.assessments.models import Judgement

    Judgement.objects.create(
        region=Region.objects.get(code="DE2"),
        criterion="funding",
        category="weak",
        category_high="strong",
        rationale="Unsure.",
        author_name="unsure analyst",
    )
    frozen_default_round()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    assert stored.snapshot is not None
    assert stored.snapshot["inputs"]["DE2"]["ranges"] == {"funding": ["weak", "strong"]}
    assert_same_advice(replay(stored), stored.snapshot["advice"])
    frozen = advice_table(stored.snapshot["advice"])[("DE2", "innovation")]
    assert frozen["score_low"] < frozen["score_high"]

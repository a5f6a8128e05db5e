"""The robustness section of the region profile: how often the advice holds when the weights are
drawn, and a tornado chart of the score against each weight."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from django.test import Client

from kompas.assessments.models import GateStatus
from kompas.dataset import region_inputs
from kompas.engine.robustness import WeightModel, smaa
from kompas.engine.sensitivity import tornado
from kompas.regions import models
from kompas.regions.profile import robustness
from kompas.shared.state import weighing
from tests.rounds import DEFAULT_ROUND, judge_all

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], Client]


def section(client: Client, code: str) -> str:
    response = client.get(f"/regions/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section id="robustness"')
    return html[start : html.index("</section>", start)]


def test_it_says_how_often_a_range_advice_gives_each_level(english: ClientFor) -> None:
    html = section(english("viewer"), "DE2")
    assert "Robustness" in html
    assert "Drawn 5000 times around the compass" in html
    assert "the advice is a range (– … Active); the samples give Active (" in html
    assert "Pending: weighed as though the unknown preconditions are met." in html
    assert f"/rounds/{DEFAULT_ROUND}/robustness/" in html


def test_the_shares_are_smaa_on_the_latest_round(english: ClientFor) -> None:
    judge_all("JP", strength="moderate", risk="limited")  # near a threshold
    response = english("viewer").get("/regions/JP/")
    context = response.context["robustness"]
    state = weighing(live=True)
    round_ = state.round
    codes = [d.region for d in round_.decisions]
    assert "JP" in codes
    inputs = region_inputs(state.dataset, state.compass, codes)
    for item in context["tracks"]:
        expected = smaa(state.compass, inputs, item.track.id, WeightModel(), 5000, 0)
        shares = expected.level_probabilities("JP")
        assert [(level, p) for level, p, _text in item.probabilities] == [
            (level.id, pytest.approx(shares[level.id])) for level in state.compass.levels
        ]
        assert item.advice.determined
        level = item.advice.level
        name = state.compass.level(level).name_en
        stable = next(text for lv, _p, text in item.probabilities if lv == level)
        assert item.summary.startswith(f"advice {name} stable in {stable} of the samples")
        assert 0 < shares[level] < 1
        other = next(lv for lv, p, _text in item.probabilities if p > 0 and lv != level)
        assert f"; the rest would be {state.compass.level(other).name_en} (" in item.summary
    html = section(english("viewer"), "JP")
    assert context["tracks"][0].summary in html


def test_it_draws_a_tornado_chart_with_a_table(english: ClientFor) -> None:
    client = english("viewer")
    response = client.get("/regions/DE2/")
    html = response.content.decode()
    match = re.search(
        r'<script id="tornado-innovation" type="application/json">(.*?)</script>', html
    )
    assert match is not None
    spec = json.loads(match.group(1))
    assert spec["$schema"].endswith("vega-lite/v6.json")
    bars = spec["layer"][0]["data"]["values"]
    rules = spec["layer"][1]["data"]["values"]
    assert {r["threshold"] for r in rules} == {0.6, 0.45, 0.3}
    # DE2 misses judgements: a worst-case and a best-case bar per weight and direction
    assert {b["case"] for b in bars} == {"worst case", "best case"}
    assert len(bars) == (4 + 13) * 2 * 2
    # the bars are the engine's tornado, largest swing first
    state = weighing(live=True)
    region = region_inputs(state.dataset, state.compass, ["DE2"])[0]
    expected = tornado(state.compass, region, "innovation", 0.5)
    item = response.context["robustness"]["tracks"][0]
    assert item.bars == expected
    swings = [bar.swing for bar in item.bars]
    assert swings == sorted(swings, reverse=True)
    text = section(client, "DE2")
    assert "Score with each weight&#x27;s share lowered and raised, track Innovation" in text or (
        "Score with each weight's share lowered and raised, track Innovation" in text
    )
    assert f'<th scope="row">{item.bar_rows[0].name}</th>' in text


def test_an_excluded_region_has_no_level_in_any_sample(english: ClientFor) -> None:
    GateStatus.objects.update_or_create(
        region=models.Region.objects.get(code="DE2"),
        precondition="demand",
        defaults={"status": "fail", "rationale": "test", "author_name": "test"},
    )
    html = section(english("viewer"), "DE2")
    assert "excluded by a precondition: “–” in every sample." in html


def test_a_region_outside_the_latest_round_is_weighed_with_it(english: ClientFor) -> None:
    state = weighing(live=True)
    round_ = state.round
    decided = {d.region for d in round_.decisions}
    outside = next(
        code
        for code, region in state.dataset.regions.items()
        if code not in decided and not region.is_group and not region.reference
    )
    response = english("viewer").get(f"/regions/{outside}/")
    assert response.status_code == 200
    assert len(response.context["robustness"]["tracks"]) == 2


def test_a_large_round_weighs_the_region_alone_and_says_so(
    english: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(robustness, "LARGE_ROUND", 3)
    html = section(english("viewer"), "DE2")
    assert "only this region is weighed here, with 2000 samples" in html
    assert "Drawn 2000 times" in html


def test_a_group_has_no_robustness_section(english: ClientFor) -> None:
    group = models.Region.objects.filter(scheme="group").first()
    assert group is not None
    html = english("viewer").get(f"/regions/{group.code}/").content.decode()
    assert 'id="robustness"' not in html

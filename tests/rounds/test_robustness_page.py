"""The robustness page of a round: SMAA per track and the weight stability intervals."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from django.urls import reverse

from kompas.assessments.models import GateStatus
from kompas.dataset import region_inputs
from kompas.engine.robustness import WeightModel, smaa
from kompas.engine.sensitivity import stability_intervals
from kompas.regions.models import Region
from kompas.rounds import robustness, snapshot
from kompas.rounds.models import DecisionRound
from tests.rounds import DEFAULT_ROUND, ClientAs, english, frozen_default_round

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "analyst", "coordinator", "administrator")


def url(query: str = "") -> str:
    return reverse("rounds:robustness", args=[DEFAULT_ROUND]) + query


def main(html: str) -> str:
    """The page's content (the header holds a fresh CSRF token on every response)."""
    return html[html.index("<main") : html.index("</main>")]


def test_the_url_is_named() -> None:
    assert url() == f"/rounds/{DEFAULT_ROUND}/robustness/"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_read_it(client_as: ClientAs, role: str) -> None:
    response = english(client_as(role)).get(url("?samples=500"))
    assert response.status_code == 200
    assert "Robustness of the advice" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_log_in_page(client_as: ClientAs) -> None:
    response = client_as(None).get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_level_probabilities_ranks_and_the_run(client_as: ClientAs) -> None:
    response = english(client_as("viewer")).get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-samples="10000"' in html
    assert 'data-seed="0"' in html
    assert "Monte Carlo error" in html
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    state = snapshot.round_state(stored)
    codes = [d.region for d in state.round.decisions]
    tracks = response.context["tracks"]
    assert [t.track.id for t in tracks] == ["innovation", "trade_invest"]
    inputs = region_inputs(state.dataset, state.compass, codes)
    for item in tracks:
        # the numbers are smaa's, run with the same samples and seed
        expected = smaa(state.compass, inputs, item.track.id, WeightModel(), 10_000, 0)
        assert np.array_equal(item.result.level_acceptability, expected.level_acceptability)
        assert [row.code for row in item.rows] == codes
        for row in item.rows:
            assert sum(p for _level, p in row.probabilities) == pytest.approx(1.0)
            level, p = expected.modal_level(row.code)
            assert (row.modal, row.modal_probability) == (level, pytest.approx(p))
            assert row.first == expected.first_probability(row.code)
        # a chart per track, with the numbers in a table beside it
        match = re.search(
            rf'<script id="levels-{item.track.id}" type="application/json">(.*?)</script>', html
        )
        assert match is not None
        spec = json.loads(match.group(1))
        assert spec["$schema"].endswith("vega-lite/v6.json")
        assert {v["level"] for v in spec["data"]["values"]} <= {
            "Active",
            "Reactive",
            "Facilitating",
            "–",
        }
        assert f'id="ranks-{item.track.id}"' in html
        assert f'<table class="kompas-table" data-track="{item.track.id}">' in html
    baden = next(r for r in tracks[0].rows if r.code == "DE1")
    row = html[html.index('<tr data-region="DE1">') :]
    row = row[: row.index("</tr>")]
    for share in baden.shares:
        assert share in row
    assert baden.first_text in row
    assert baden.confidence_text in row


def test_it_shows_the_weight_stability_intervals(client_as: ClientAs) -> None:
    response = english(client_as("viewer")).get(url("?samples=500"))
    html = response.content.decode()
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    state = snapshot.round_state(stored)
    inputs = region_inputs(state.dataset, state.compass, [d.region for d in state.round.decisions])
    for item in response.context["tracks"]:
        expected = stability_intervals(state.compass, inputs, item.track.id)
        assert [row.interval for row in item.intervals] == expected
        assert len(item.intervals) == 4 + 13
        assert f'data-intervals="{item.track.id}"' in html
    assert "Weight stability intervals, track Innovation" in html
    first = response.context["tracks"][0].intervals[0]
    assert first.low_text in html
    assert "falls below the minimum of" in html or "reaches" in html


def test_the_same_seed_gives_the_same_page_and_another_seed_other_numbers(
    client_as: ClientAs,
) -> None:
    client = english(client_as("viewer"))
    one = client.get(url("?samples=3000&seed=7"))
    two = client.get(url("?samples=3000&seed=7"))
    assert one.status_code == two.status_code == 200
    assert main(one.content.decode()) == main(two.content.decode())
    assert 'data-seed="7"' in one.content.decode()
    assert 'data-samples="3000"' in one.content.decode()
    other = client.get(url("?samples=3000&seed=8"))
    assert not np.array_equal(
        one.context["tracks"][0].result.level_acceptability,
        other.context["tracks"][0].result.level_acceptability,
    )


def test_samples_are_capped(client_as: ClientAs, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(robustness, "MAX_SAMPLES", 1500)
    response = english(client_as("viewer")).get(url("?samples=999999"))
    assert response.status_code == 200
    assert response.context["samples"] == 1500
    assert 'data-samples="1500"' in response.content.decode()
    assert "capped at 1500" in response.content.decode()


@pytest.mark.parametrize("query", ["?samples=many", "?seed=-1", "?samples=10"])
def test_a_bad_run_is_refused_beside_its_field(client_as: ClientAs, query: str) -> None:
    response = english(client_as("viewer")).get(url(query))
    assert response.status_code == 400
    assert 'class="kompas-error"' in response.content.decode()
    assert "tracks" not in response.context


def test_a_failed_gate_gives_no_level_and_no_rank(client_as: ClientAs) -> None:
    GateStatus.objects.update_or_create(
        region=Region.objects.get(code="DE2"),
        precondition="demand",
        defaults={"status": "fail", "rationale": "test", "author_name": "test"},
    )
    response = english(client_as("viewer")).get(url("?samples=500"))
    row = next(r for r in response.context["tracks"][0].rows if r.code == "DE2")
    assert (row.modal, row.modal_probability) == ("none", 1.0)
    assert row.first is None
    assert row.first_text == "–"


def test_a_frozen_round_is_replayed_from_its_snapshot(client_as: ClientAs) -> None:
    frozen_default_round()
    response = english(client_as("viewer")).get(url("?samples=500"))
    assert response.status_code == 200
    assert "replayed from the round's snapshot" in response.content.decode()


def test_the_round_page_links_to_it(client_as: ClientAs) -> None:
    html = client_as("viewer").get(reverse("rounds:detail", args=[DEFAULT_ROUND])).content
    assert url().encode() in html


def test_an_unknown_round_is_not_found(client_as: ClientAs) -> None:
    response = client_as("viewer").get(reverse("rounds:robustness", args=["nope"]))
    assert response.status_code == 404


def test_a_round_without_decisions_shows_an_empty_run(client_as: ClientAs) -> None:
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    DecisionRound.objects.create(
        key="empty", name_nl="Leeg", name_en="Empty", compass_version=stored.compass_version
    )
    response = english(client_as("viewer")).get(reverse("rounds:robustness", args=["empty"]))
    assert response.status_code == 200
    assert response.context["tracks"] == []
    assert "No decisions in this round yet: there is nothing to weigh." in response.content.decode()

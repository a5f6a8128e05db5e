"""An analyst unsure between categories judges a range: lowest to highest.

DE2 (Bavaria) on the default data has no judgement on "funding", its decisive missing one.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kompas.assessments.models import Judgement
from kompas.dataset import region_inputs
from kompas.engine import assess
from kompas.shared.state import current_state

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], Client]
FUNDING = "/judgements/DE2/criterion/funding/"
PROFILE = "/regions/DE2/"


def post(client: Client, category: str, high: str, version: int = 0) -> tuple[int, str]:
    data = {
        "category": category,
        "category_high": high,
        "rationale": "Programmes exist; whether Brabant partners qualify is not clear.",
        "version": version,
    }
    response = client.post(FUNDING, data, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def funding() -> Judgement:
    return Judgement.objects.get(region__code="DE2", criterion="funding")


def test_an_analyst_records_a_range_and_the_advice_counts_it_as_uncertain(
    english: ClientFor,
) -> None:
    status, html = post(english("analyst"), "weak", "strong")
    assert status == 200
    assert (funding().category, funding().category_high) == ("weak", "strong")
    assert "<strong>weak … strong</strong>" in html
    state = current_state()
    compass, dataset = state.compass, state.dataset
    (inputs,) = region_inputs(dataset, compass, ["DE2"])
    assert inputs.judgement_ranges == {"funding": ("weak", "strong")}
    advice = assess(compass, [inputs], "innovation")[0]
    assert "funding" in advice.missing  # not known: still a range
    scores = {c.criterion: (c.low, c.high) for c in advice.criteria}
    assert scores["funding"] == (0.25, 0.75)


def test_the_form_starts_from_the_saved_range(english: ClientFor) -> None:
    client = english("analyst")
    post(client, "weak", "strong")
    form = client.get(FUNDING, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="weak" id="funding-category_3" checked' in form
    assert '<option value="strong" selected>' in form


def test_one_category_chosen_twice_is_simply_that_category(english: ClientFor) -> None:
    post(english("analyst"), "strong", "strong")
    assert (funding().category, funding().category_high) == ("strong", "")


@pytest.mark.parametrize(
    ("category", "high", "message"),
    [
        ("strong", "weak", "Choose a category above the judgement, or none."),
        ("", "strong", "Choose the lowest category first."),
    ],
)
def test_a_range_that_runs_backwards_or_has_no_lowest_is_refused_and_nothing_saved(
    english: ClientFor, category: str, high: str, message: str
) -> None:
    status, html = post(english("analyst"), category, high)
    assert status == 200
    assert message in html
    assert not Judgement.objects.filter(region__code="DE2", criterion="funding").exists()


def test_the_history_shows_the_range(english: ClientFor) -> None:
    client = english("analyst")
    post(client, "weak", "strong")
    post(client, "weak", "moderate", version=1)
    page = english("viewer").get(PROFILE).content.decode()
    history = page[page.index('id="history"') :]
    assert "Unsure, up to" in history
    assert "strong" in history
    assert "moderate" in history


def test_an_unsure_analyst_on_a_panel_makes_the_combined_value_an_interval(
    english: ClientFor,
) -> None:
    post(english("analyst"), "weak", "strong")
    response = english("coordinator").post(
        FUNDING,
        {"category": "moderate", "rationale": "Moderate.", "version": 0},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    # median of the lowest values (0.25, 0.5) and of the highest (0.75, 0.5): 0.375 to 0.625
    assert "Combined: weak … moderate (median 0.38–0.62 of 2 analysts)" in html
    assert "the analysts agree" in html  # the range reaches the other's category: no gap
    state = current_state()
    compass, dataset = state.compass, state.dataset
    (inputs,) = region_inputs(dataset, compass, ["DE2"])
    assert inputs.panels["funding"] == {"analyst": ("weak", "strong"), "coordinator": "moderate"}
    scores = {
        c.criterion: (c.low, c.high) for c in assess(compass, [inputs], "innovation")[0].criteria
    }
    assert scores["funding"] == (0.375, 0.625)

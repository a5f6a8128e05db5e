"""Several analysts judging the same criterion independently, on the web.

DE2 (Bavaria) on the default data has no judgement on "funding". Here the analyst judges it
"very strong" and the coordinator "moderate": the median (the embedded compass's method) is
0.75, "strong"; the spread is 2 steps, which the embedded compass flags for discussion.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kompas.assessments import services
from kompas.assessments.models import Judgement
from kompas.audit.models import AuditEvent
from kompas.dataset import region_inputs
from kompas.engine.assess import analyst_advice
from kompas.regions.models import Region
from kompas.shared.state import current_state

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], Client]
FUNDING = "/judgements/DE2/criterion/funding/"
PROFILE = "/regions/DE2/"


def judge(client: Client, category: str, version: int = 0, url: str = FUNDING) -> str:
    response = client.post(
        url,
        {"category": category, "rationale": f"Reads as {category}.", "version": version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200, response.content.decode()
    return response.content.decode()


def card(page: str, criterion: str = "funding") -> str:
    """The profile's card of one criterion."""
    start = page.index(f'id="criterion-{criterion}" data-kompas-row')
    end = page.find("data-kompas-row", start + 40)
    return page[start : end if end > 0 else len(page)]


def section(page: str, section_id: str) -> str:
    start = page.index(f'<section id="{section_id}"')
    return page[start : page.index("</section>", start)]


def funding() -> dict[str, tuple[str, int]]:
    stored = Judgement.objects.filter(region__code="DE2", criterion="funding")
    return {j.author_name: (j.category, j.version) for j in stored}


def test_a_second_analyst_judges_beside_the_first_instead_of_replacing(
    english: ClientFor,
) -> None:
    analyst, coordinator = english("analyst"), english("coordinator")
    judge(analyst, "very_strong")
    form = coordinator.get(FUNDING, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="version" value="0"' in form
    assert "1 other analyst judged this criterion; the advice uses the median" in form
    assert "analyst: <strong>very strong</strong>" in form
    judge(coordinator, "moderate")
    assert funding() == {"analyst": ("very_strong", 1), "coordinator": ("moderate", 1)}


def test_each_analyst_edits_and_clears_only_their_own_judgement(english: ClientFor) -> None:
    analyst, coordinator = english("analyst"), english("coordinator")
    judge(analyst, "very_strong")
    judge(coordinator, "moderate")
    form = analyst.get(FUNDING, HTTP_HX_REQUEST="true").content.decode()
    assert 'value="very_strong" id="funding-category_0" checked' in form
    assert 'name="version" value="1"' in form
    judge(analyst, "strong", version=1)
    assert funding() == {"analyst": ("strong", 2), "coordinator": ("moderate", 1)}
    cleared = coordinator.post(
        FUNDING, {"category": "", "rationale": "Withdrawn.", "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert cleared.status_code == 200
    assert funding() == {"analyst": ("strong", 2)}


def test_the_profile_shows_every_analyst_the_combined_value_the_spread_and_the_flag(
    english: ClientFor,
) -> None:
    judge(english("analyst"), "very_strong")
    saved = judge(english("coordinator"), "moderate")
    assert "Combined: strong (median 0.75 of 2 analysts)" in saved
    assert "spread 2 steps (moderate to very strong)" in saved
    assert "To discuss: the analysts are far apart on this criterion." in saved
    page = english("coordinator").get(PROFILE).content.decode()
    shown = card(page)
    assert shown.count("<dt>Analyst</dt>") == 2
    assert "coordinator (you)" in shown
    assert "<dd>analyst, " in shown
    assert '<a href="#analysts">' in page
    assert "To discuss: the analysts lie 2 steps or more apart on" in page
    assert '<a href="#criterion-funding">Funding opportunities</a>: 2 steps' in page


def test_the_profile_shows_each_analysts_own_advice_as_the_engine_gives_it(
    english: ClientFor,
) -> None:
    judge(english("analyst"), "very_strong")
    judge(english("coordinator"), "moderate")
    page = english("viewer").get(PROFILE).content.decode()
    state = current_state()
    compass, dataset = state.compass, state.dataset
    (inputs,) = region_inputs(dataset, compass, ["DE2"])
    rows = section(page, "analysts").split("<tr>")[2:]
    assert [row.split('<th scope="row">')[1].split("<")[0] for row in rows] == [
        "Combined",
        "analyst",
        "coordinator",
    ]
    for row, name in zip(rows[1:], ["analyst", "coordinator"], strict=True):
        cells = row.split("<td>")[1:]
        for cell, track in zip(cells, compass.tracks, strict=False):
            advice = analyst_advice(compass, inputs, track.id)[name]
            assert f"kompas-level--{advice.level_worst}" in cell
            assert f"kompas-level--{advice.level_best}" in cell


def test_without_several_analysts_the_profile_has_no_analysts_section(
    english: ClientFor,
) -> None:
    judge(english("analyst"), "very_strong")
    page = english("viewer").get(PROFILE).content.decode()
    assert '<section id="analysts"' not in page
    assert '<a href="#analysts">' not in page
    assert "Combined:" not in page


def test_another_analysts_button_says_add_your_judgement(english: ClientFor) -> None:
    judge(english("analyst"), "very_strong")
    page = english("coordinator").get(PROFILE).content.decode()
    assert "Add your judgement" in card(page)
    own = english("analyst").get(PROFILE).content.decode()
    assert "Add your judgement" not in card(own)
    assert ">Edit<" in card(own)


def test_two_accounts_with_the_same_name_are_told_apart() -> None:
    region = Region.objects.get(code="DE2")
    first = User.objects.create(username="jdevries", first_name="Jan", last_name="de Vries")
    second = User.objects.create(username="jdevries2", first_name="Jan", last_name="de Vries")
    services.set_judgement(region, "funding", "strong", "One.", "", 0, first)
    services.set_judgement(region, "funding", "weak", "Two.", "", 0, second)
    assert funding() == {
        "Jan de Vries": ("strong", 1),
        "Jan de Vries (jdevries2)": ("weak", 1),
    }


def test_the_audit_trail_names_the_analyst_of_each_judgement(english: ClientFor) -> None:
    judge(english("analyst"), "very_strong")
    judge(english("coordinator"), "moderate")
    events = AuditEvent.objects.filter(action="judgement set").order_by("id")
    after = [e.after or {} for e in events]
    assert [a["author_name"] for a in after if a["criterion"] == "funding"] == [
        "analyst",
        "coordinator",
    ]

"""Two people editing the same judgement at once: the second save is refused, nothing is lost.

DE2 (Bavaria) has one judgement on the default data, read from a source document: networks =
strong, at version 1. The first analyst to revise it makes it theirs; anyone who started from
it meanwhile is refused, and may then add their own judgement beside it. Analysts each keep
their own judgement, so two analysts judging the same criterion is not a conflict at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from kompas.assessments import services
from kompas.assessments.models import GateStatus, Judgement
from kompas.regions.models import Region

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], Client]
NETWORKS = "/judgements/DE2/criterion/networks/"
FUNDING = "/judgements/DE2/criterion/funding/"
MESSAGE = "Someone else changed this judgement in the meantime."


def loaded_version(client: Client, url: str) -> int:
    """Open the form as a user would and read the version it carries."""
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match is not None
    return int(match.group(1))


def networks() -> Judgement:
    return Judgement.objects.get(region__code="DE2", criterion="networks")


def test_it_refuses_the_second_save_and_keeps_the_first(english: ClientFor) -> None:
    first, second = english("analyst"), english("coordinator")
    version = loaded_version(first, NETWORKS)
    assert loaded_version(second, NETWORKS) == version == 1

    saved = first.post(
        NETWORKS,
        {"category": "very_strong", "rationale": "First: ties deepened.", "version": version},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    refused = second.post(
        NETWORKS,
        {"category": "weak", "rationale": "Second: contacts faded.", "version": version},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert MESSAGE in html
    assert "First: ties deepened." in html  # the saved value, shown beside
    assert "Second: contacts faded.</textarea>" in html  # the user's own input, kept
    assert 'value="weak" id="networks-category_3" checked' in html
    assert 'name="version" value="0"' in html  # saving again adds the second one's own
    assert "Save again to add yours beside it" in html
    assert '<div id="advice-panel"' not in html

    stored = networks()
    assert (stored.category, stored.rationale, stored.version) == (
        "very_strong",
        "First: ties deepened.",
        2,
    )
    assert stored.author is not None
    assert stored.author.username == "analyst"


def test_it_lets_the_second_person_add_theirs_after_seeing_the_first(
    english: ClientFor,
) -> None:
    first, second = english("analyst"), english("coordinator")
    data = {"category": "very_strong", "rationale": "First.", "version": 1}
    assert first.post(NETWORKS, data, HTTP_HX_REQUEST="true").status_code == 200
    mine = {"category": "weak", "rationale": "Second.", "version": 1}
    assert second.post(NETWORKS, mine, HTTP_HX_REQUEST="true").status_code == 409
    again = second.post(NETWORKS, {**mine, "version": 0}, HTTP_HX_REQUEST="true")
    assert again.status_code == 200
    stored = Judgement.objects.filter(region__code="DE2", criterion="networks")
    assert sorted((j.author.username, j.category, j.version) for j in stored if j.author) == [
        ("analyst", "very_strong", 2),
        ("coordinator", "weak", 1),
    ]


def test_two_analysts_judge_the_same_criterion_without_a_conflict(english: ClientFor) -> None:
    first, second = english("analyst"), english("coordinator")
    assert loaded_version(first, FUNDING) == loaded_version(second, FUNDING) == 0
    data = {"category": "strong", "rationale": "Created first.", "version": 0}
    assert first.post(FUNDING, data, HTTP_HX_REQUEST="true").status_code == 200
    other = {"category": "weak", "rationale": "Created second.", "version": 0}
    assert second.post(FUNDING, other, HTTP_HX_REQUEST="true").status_code == 200
    stored = Judgement.objects.filter(region__code="DE2", criterion="funding")
    assert sorted(j.category for j in stored) == ["strong", "weak"]


def test_it_refuses_to_create_a_judgement_the_same_analyst_created_in_another_tab(
    english: ClientFor,
) -> None:
    tab, other_tab = english("analyst"), english("analyst")
    assert loaded_version(tab, FUNDING) == loaded_version(other_tab, FUNDING) == 0
    data = {"category": "strong", "rationale": "Created first.", "version": 0}
    assert tab.post(FUNDING, data, HTTP_HX_REQUEST="true").status_code == 200
    late = {"category": "weak", "rationale": "Created second.", "version": 0}
    refused = other_tab.post(FUNDING, late, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    assert "Created first." in refused.content.decode()
    assert 'name="version" value="1"' in refused.content.decode()
    assert Judgement.objects.get(region__code="DE2", criterion="funding").category == "strong"


def test_it_turns_a_lost_race_on_the_unique_constraint_into_a_conflict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both tabs of one analyst saw no judgement; the other's INSERT lands between our read and
    our INSERT."""
    region = Region.objects.get(code="DE2")
    user = User.objects.get(username="analyst")
    name = services.analyst_name(region, "funding", user)
    real_atomic = transaction.atomic
    calls = []

    def atomic(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:  # the savepoint around our INSERT: the other one got there first
            other = Judgement(
                region=region,
                criterion="funding",
                category="moderate",
                rationale="Other.",
                author=user,
                author_name=name,
            )
            Judgement.objects.bulk_create([other])
        return real_atomic(*args, **kwargs)

    monkeypatch.setattr(transaction, "atomic", atomic)
    with pytest.raises(services.ConflictError) as conflict:
        services.set_judgement(region, "funding", "strong", "Mine.", "", 0, user)
    assert isinstance(conflict.value.current, Judgement)
    assert conflict.value.current.rationale == "Other."


def test_it_refuses_to_clear_a_judgement_that_changed_meanwhile(english: ClientFor) -> None:
    first, second = english("analyst"), english("coordinator")
    data = {"category": "moderate", "rationale": "Changed.", "version": 1}
    assert first.post(NETWORKS, data, HTTP_HX_REQUEST="true").status_code == 200
    clear = {"category": "", "rationale": "Remove it.", "version": 1}
    assert second.post(NETWORKS, clear, HTTP_HX_REQUEST="true").status_code == 409
    assert networks().category == "moderate"


def test_it_says_so_when_the_judgement_was_removed_meanwhile(english: ClientFor) -> None:
    first, second = english("analyst"), english("coordinator")
    clear = {"category": "", "rationale": "Not about networks.", "version": 1}
    assert first.post(NETWORKS, clear, HTTP_HX_REQUEST="true").status_code == 200
    data = {"category": "weak", "rationale": "Faded.", "version": 1}
    refused = second.post(NETWORKS, data, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "it has been removed in the meantime" in html
    assert 'name="version" value="0"' in html
    assert not Judgement.objects.filter(region__code="DE2", criterion="networks").exists()


def test_it_shows_the_conflict_as_a_full_page_without_javascript(english: ClientFor) -> None:
    first, second = english("analyst"), english("coordinator")
    first.post(NETWORKS, {"category": "weak", "rationale": "First.", "version": 1})
    refused = second.post(NETWORKS, {"category": "moderate", "rationale": "Mine.", "version": 1})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "<html" in html
    assert MESSAGE in html
    assert "\nMine.</textarea>" in html


def test_it_guards_gate_statuses_the_same_way(english: ClientFor) -> None:
    url = "/judgements/DE2/gate/demand/"
    first, second = english("analyst"), english("coordinator")
    data = {"status": "pass", "rationale": "Asked by Brainport.", "version": 0}
    assert first.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    late = {"status": "fail", "rationale": "Nobody asked.", "version": 0}
    refused = second.post(url, late, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    assert "Someone else changed this precondition in the meantime." in refused.content.decode()
    assert GateStatus.objects.get(region__code="DE2", precondition="demand").status == "pass"

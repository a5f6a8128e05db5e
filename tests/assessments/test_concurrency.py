"""Two people editing the same judgement at once: the second save is refused, nothing is lost.

DE2 (Bavaria) has one judgement on the default data, read from a source document: networks =
strong, at version 1. The first analyst to revise it makes it theirs; anyone who started from
it meanwhile is refused, and may then add their own judgement beside it. Analysts each keep
their own judgement, so two analysts judging the same criterion is not a conflict at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from kompas.assessments import services
from kompas.assessments.models import GateStatus, Judgement
from kompas.audit.models import AuditEvent
from kompas.regions.models import Region
from tests.assessments.served import Browser, Served, at_once, serve

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], Client]
NETWORKS = "/judgements/DE2/criterion/networks/"
FUNDING = "/judgements/DE2/criterion/funding/"
MESSAGE = "Someone else changed this judgement in the meantime."
Form = dict[str, str | int]


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


# --- real concurrent requests on a real server ------------------------------------------------
#
# `kompas serve` with three worker processes on a database of its own (SQLite, or PostgreSQL
# under scripts/with-postgres): the saves below arrive at the same moment, in different
# processes with their own connections. Whatever order the database lets them in, exactly one
# wins and the others are refused with 409, never a 500.

ANALYSTS = [f"analyst{i}" for i in range(10)]
REGIONS = ["DE1", "DED", "DEG", "DEA", "AT", "CH", "BE2", "FR", "SE", "DK"]
CATEGORIES = ["very_weak", "weak", "moderate", "strong", "very_strong"] * 2


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("served"), ANALYSTS) as running:
        yield running


@pytest.fixture(scope="module")
def browsers(served: Served) -> list[Browser]:
    return [Browser(served, name) for name in ANALYSTS]


def form(category: str, version: int, rationale: str = "Saved at the same moment.") -> Form:
    return {"category": category, "rationale": rationale, "evidence": "", "version": version}


def stored(served: Served, code: str, criterion: str) -> list[list[Any]]:
    """[author, category, version] of every judgement of this criterion, from the database."""
    found = served.query(
        "import json\nfrom kompas.assessments.models import Judgement\n"
        f"rows = Judgement.objects.filter(region__code={code!r}, criterion={criterion!r})\n"
        "print(json.dumps(sorted([j.author_name, j.category, j.version] for j in rows)))"
    )
    assert isinstance(found, list)
    return found


def test_ten_analysts_saving_one_judgement_at_once_get_one_success_and_nine_conflicts(
    served: Served, browsers: list[Browser]
) -> None:
    assert {b.version(NETWORKS) for b in browsers} == {1}  # read from a source document
    saves = [
        partial(b.post, NETWORKS, form(c, 1)) for b, c in zip(browsers, CATEGORIES, strict=True)
    ]
    statuses = at_once(saves)
    assert sorted(statuses) == [200] + [409] * 9, served.log()
    winner = statuses.index(200)
    assert stored(served, "DE2", "networks") == [[ANALYSTS[winner], CATEGORIES[winner], 2]]


def test_one_analyst_creating_a_judgement_in_ten_tabs_at_once_stores_it_once(
    served: Served,
) -> None:
    tabs = [Browser(served, "analyst0") for _ in range(10)]
    assert {tab.version(FUNDING) for tab in tabs} == {0}
    saves = [
        partial(tab.post, FUNDING, form("strong", 0, f"Tab {i}.")) for i, tab in enumerate(tabs)
    ]
    statuses = at_once(saves)
    assert sorted(statuses) == [200] + [409] * 9, served.log()
    assert stored(served, "DE2", "funding") == [["analyst0", "strong", 1]]


def test_a_change_and_a_stale_clear_at_the_same_moment_never_both_succeed(
    served: Served,
) -> None:
    """The clear names the version both tabs loaded; if the change lands first, the clear must
    be refused, not delete the newer judgement."""
    tab, other_tab = Browser(served, "analyst1"), Browser(served, "analyst1")
    url = "/judgements/DE1/criterion/networks/"
    outcomes = []
    for attempt in range(12):
        version = tab.version(url)
        if version == 0:
            assert tab.post(url, form("moderate", 0, "Again."))[0] == 200
            version = 1
        change = partial(
            tab.post, url, form(CATEGORIES[attempt % 10], version, f"Change {attempt}.")
        )
        clear = partial(other_tab.post, url, form("", version, f"Clear {attempt}."))
        statuses = at_once([change, clear])
        assert sorted(statuses) == [200, 409], (attempt, statuses, served.log())
        outcomes.append("changed" if statuses[0] == 200 else "cleared")
        after = tab.version(url)
        assert after == (version + 1 if statuses[0] == 200 else 0), (attempt, statuses)
    mine = stored(served, "DE1", "networks")
    assert len(mine) == (1 if outcomes[-1] == "changed" else 0)


def test_analysts_saving_different_regions_at_once_all_succeed(
    served: Served, browsers: list[Browser]
) -> None:
    urls = [f"/judgements/{code}/criterion/funding/" for code in REGIONS]
    saves = [
        partial(b.post, url, form(c, b.version(url)))
        for b, url, c in zip(browsers, urls, CATEGORIES, strict=True)
    ]
    assert at_once(saves) == [200] * 10, served.log()


def test_ten_gate_saves_at_once_give_one_success_and_nine_conflicts(
    served: Served, browsers: list[Browser]
) -> None:
    url = "/judgements/DE2/gate/demand/"
    saves = [
        partial(b.post, url, {"status": "pass", "rationale": f"Asked by {i}.", "version": 0})
        for i, b in enumerate(browsers)
    ]
    statuses = at_once(saves)
    assert sorted(statuses) == [200] + [409] * 9, served.log()


def test_it_refuses_to_clear_from_a_stale_tab_of_the_same_analyst(english: ClientFor) -> None:
    """The judgement stays the analyst's own, so only its version tells the tabs apart: the
    stale tab's clear must not delete the newer edit."""
    tab, stale_tab = english("analyst"), english("analyst")
    first = {"category": "moderate", "rationale": "Mine now.", "version": 1}
    assert tab.post(NETWORKS, first, HTTP_HX_REQUEST="true").status_code == 200
    assert loaded_version(stale_tab, NETWORKS) == 2
    newer = {"category": "weak", "rationale": "Newer edit.", "version": 2}
    assert tab.post(NETWORKS, newer, HTTP_HX_REQUEST="true").status_code == 200
    clear = {"category": "", "rationale": "Remove it.", "version": 2}
    refused = stale_tab.post(NETWORKS, clear, HTTP_HX_REQUEST="true")
    assert refused.status_code == 409
    assert "Newer edit." in refused.content.decode()
    assert (networks().category, networks().rationale, networks().version) == (
        "weak",
        "Newer edit.",
        3,
    )


def test_the_service_refuses_a_stale_clear_and_records_nothing() -> None:
    region = Region.objects.get(code="DE2")
    user = User.objects.get(username="analyst")
    services.set_judgement(region, "networks", "moderate", "Mine.", "", 1, user)
    services.set_judgement(region, "networks", "weak", "Newer.", "", 2, user)
    events = AuditEvent.objects.count()
    with pytest.raises(services.ConflictError) as conflict:
        services.set_judgement(region, "networks", None, "Remove.", "", 2, user)
    assert conflict.value.retry_version == 3
    assert networks().rationale == "Newer."
    assert AuditEvent.objects.count() == events

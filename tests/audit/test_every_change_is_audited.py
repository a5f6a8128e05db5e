"""Every kind of change to the data leaves exactly one audit event: what (its kind and label),
who (the account that made it), and the record before and after.

Each change is made through its real entry point, a page or a command, as a user would, and
the test reads the audit trail back. A change kind whose audit record goes missing fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from kompas.audit.models import AuditEvent
from kompas.compasses.models import CompassVersion
from kompas.rounds.models import DecisionRound
from tests.cli.support import ok
from tests.rounds import DEFAULT_ROUND

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str | None], Client]
NETWORKS = "/judgements/DE2/criterion/networks/"
FUNDING = "/judgements/DE2/criterion/funding/"
DEMAND = "/judgements/DE2/gate/demand/"


class Trail:
    """The audit events written since the trail was opened."""

    def __init__(self) -> None:
        self.start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def only(self, action: str) -> AuditEvent:
        """The one new event, which must be of this kind; then the trail starts after it."""
        new = list(AuditEvent.objects.filter(id__gt=self.start).order_by("id"))
        assert [e.action for e in new] == [action]
        self.start = new[-1].id
        return new[-1]


@pytest.fixture
def trail() -> Trail:
    return Trail()


def by(event: AuditEvent, username: str) -> None:
    assert event.username == username
    assert event.user == User.objects.get(username=username)


def posted(client: Client, url: str, data: dict[str, Any], expected: int = 200) -> None:
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == expected, response.content.decode()[:500]


def form_of(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    """A page's form as it is filled in, with `changes` applied."""
    form = client.get(url).context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    return {**data, **changes}


# --- judgements and gates (analysts) ---------------------------------------------------------


def test_setting_a_judgement_records_who_and_the_new_judgement(
    client_as: ClientAs, trail: Trail
) -> None:
    data = {"category": "strong", "rationale": "Co-funding offered.", "version": 0}
    posted(client_as("analyst"), FUNDING, data)
    event = trail.only("judgement set")
    by(event, "analyst")
    assert event.before is None
    assert event.after is not None
    assert (event.after["category"], event.after["rationale"]) == ("strong", "Co-funding offered.")
    assert event.region is not None
    assert event.region.code == "DE2"
    assert event.object_repr == "DE2 · funding"


def test_changing_a_judgement_records_it_before_and_after(
    client_as: ClientAs, trail: Trail
) -> None:
    posted(
        client_as("analyst"), NETWORKS, {"category": "weak", "rationale": "Faded.", "version": 1}
    )
    event = trail.only("judgement changed")
    by(event, "analyst")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["category"], event.before["version"]) == ("strong", 1)
    assert (event.after["category"], event.after["rationale"], event.after["version"]) == (
        "weak",
        "Faded.",
        2,
    )


def test_clearing_a_judgement_records_what_was_removed_and_why(
    client_as: ClientAs, trail: Trail
) -> None:
    posted(
        client_as("analyst"), NETWORKS, {"category": "", "rationale": "Not networks.", "version": 1}
    )
    event = trail.only("judgement cleared")
    by(event, "analyst")
    assert event.before is not None
    assert event.after is not None
    assert event.before["category"] == "strong"
    assert (event.after["category"], event.after["rationale"]) == (None, "Not networks.")


def test_setting_a_gate_records_who_and_the_status(client_as: ClientAs, trail: Trail) -> None:
    posted(client_as("analyst"), DEMAND, {"status": "pass", "rationale": "Asked.", "version": 0})
    event = trail.only("gate set")
    by(event, "analyst")
    assert event.before is None
    assert event.after is not None
    assert (event.after["precondition"], event.after["status"]) == ("demand", "pass")


def test_changing_a_gate_records_it_before_and_after(client_as: ClientAs, trail: Trail) -> None:
    analyst, coordinator = client_as("analyst"), client_as("coordinator")
    posted(analyst, DEMAND, {"status": "pass", "rationale": "Asked.", "version": 0})
    trail.only("gate set")
    posted(coordinator, DEMAND, {"status": "fail", "rationale": "Withdrawn.", "version": 1})
    event = trail.only("gate changed")
    by(event, "coordinator")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["status"], event.before["rationale"]) == ("pass", "Asked.")
    assert (event.after["status"], event.after["rationale"]) == ("fail", "Withdrawn.")


def test_a_save_that_changes_nothing_records_nothing(client_as: ClientAs, trail: Trail) -> None:
    client = client_as("analyst")
    posted(client, DEMAND, {"status": "pass", "rationale": "Asked.", "version": 0})
    trail.only("gate set")
    posted(client, DEMAND, {"status": "pass", "rationale": "Asked.", "version": 1})
    assert not AuditEvent.objects.filter(id__gt=trail.start).exists()


def test_adding_a_candidate_region_records_the_region(client_as: ClientAs, trail: Trail) -> None:
    url = reverse("regions:add_region")
    response = client_as("analyst").post(url, {"area": "DE71", "name_nl": "", "name_en": ""})
    assert response.status_code == 302
    event = trail.only("region added")
    by(event, "analyst")
    assert event.after is not None
    assert (event.after["code"], event.after["is_candidate"]) == ("DE71", True)


# --- the compass and decision rounds (coordinators) -------------------------------------------


def test_editing_the_compass_records_the_new_version_and_what_changed(
    client_as: ClientAs, trail: Trail
) -> None:
    client = client_as("coordinator")
    base = CompassVersion.current()
    url = reverse("compasses:edit", args=[base.pk])
    data = form_of(client, url, note="Networks count double.")
    weight = next(name for name in data if name.startswith("criterion__") and "networks" in name)
    response = client.post(url, {**data, weight: "2"})
    assert response.status_code == 302, response.content.decode()[:500]
    event = trail.only("compass version created")
    by(event, "coordinator")
    assert event.before is not None
    assert event.after is not None
    assert event.before["based_on"] == str(base)
    assert event.after["note"] == "Networks count double."
    assert set(event.before) - {"based_on"} == set(event.after) - {"note"} != set()
    assert event.object_id == str(CompassVersion.current().pk)


def test_creating_a_round_records_the_round(client_as: ClientAs, trail: Trail) -> None:
    data = {
        "key": "2028-2031",
        "name_nl": "Focusregio's 2028-2031",
        "name_en": "Focus regions 2028-2031",
        "period_start": "2028",
        "period_end": "2031",
        "compass_version": str(CompassVersion.current().pk),
    }
    response = client_as("coordinator").post(reverse("rounds:create"), data)
    assert response.status_code == 302
    event = trail.only("round created")
    by(event, "coordinator")
    assert event.before is None
    assert event.after is not None
    assert (event.after["key"], event.after["period"]) == ("2028-2031", [2028, 2031])
    assert event.round == DecisionRound.objects.get(key="2028-2031")


def test_adopting_a_round_records_draft_to_adopted(client_as: ClientAs, trail: Trail) -> None:
    draft = DecisionRound.objects.create(
        key="2028-2031",
        name_nl="Ronde",
        name_en="Round",
        period_start=2028,
        period_end=2031,
        compass_version=CompassVersion.current(),
    )
    trail.start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client_as("coordinator").post(reverse("rounds:adopt", args=[draft.key]))
    assert response.status_code == 302
    event = trail.only("round adopted")
    by(event, "coordinator")
    assert (event.before, event.after) == ({"status": "draft"}, {"status": "adopted"})
    assert event.round == draft


def test_recording_and_changing_a_decision_records_before_and_after(
    client_as: ClientAs, trail: Trail
) -> None:
    client = client_as("coordinator")
    added = reverse("rounds:decide", args=[DEFAULT_ROUND, "DE7"])
    data = form_of(
        client,
        added,
        table_section="europe",
        level__innovation="faciliterend",
        reasoning__innovation="Partner in the Germany text.",
        level__trade_invest="none",
        reasoning__trade_invest="No demand yet.",
    )
    assert client.post(added, data).status_code == 302
    new = list(AuditEvent.objects.filter(id__gt=trail.start).order_by("id"))
    assert [e.action for e in new] == ["decision recorded"] * 2
    for event in new:
        by(event, "coordinator")
        assert event.before is None
    assert {e.after["track"]: e.after["level"] for e in new if e.after} == {
        "innovation": "faciliterend",
        "trade_invest": "none",
    }
    trail.start = new[-1].id

    changed = reverse("rounds:decide", args=[DEFAULT_ROUND, "DE1"])
    data = form_of(client, changed, level__innovation="reactieve_inzet")
    assert client.post(changed, data).status_code == 302
    event = trail.only("decision changed")
    by(event, "coordinator")
    assert event.before == {"level": "inzet", "reasoning": ""}
    assert event.after == {"track": "innovation", "level": "reactieve_inzet", "reasoning": ""}
    assert event.object_repr == f"{DEFAULT_ROUND} · DE1 · innovation"


def test_freezing_a_round_records_what_it_was_frozen_with(
    client_as: ClientAs, trail: Trail
) -> None:
    url = reverse("rounds:freeze", args=[DEFAULT_ROUND])
    assert client_as("coordinator").post(url, {"confirm": "yes"}).status_code == 302
    event = trail.only("round frozen")
    by(event, "coordinator")
    assert event.before == {"frozen": False}
    assert event.after is not None
    assert event.after["frozen"] is True
    assert event.after["compass_version"] == str(CompassVersion.current())
    assert event.after["decisions"] > 0
    assert event.round == DecisionRound.objects.get(key=DEFAULT_ROUND)


# --- imports ---------------------------------------------------------------------------------


def test_an_accepted_import_records_who_and_what_it_changed(tmp_path: Path, trail: Trail) -> None:
    path = tmp_path / "eigen.csv"
    path.write_text(
        "region,indicator,edition,year,value,std_error\nNL,own_score,2024,,1.5,\n", encoding="utf-8"
    )
    ok("import", "csv", path, "--user", "coordinator")
    event = trail.only("import")
    by(event, "coordinator")
    assert event.after is not None
    assert event.model == "imports.ImportRun"
    assert "eigen.csv" in event.object_repr
    ok("import", "csv", path, "--user", "coordinator")  # the same file again: nothing changes
    assert not AuditEvent.objects.filter(id__gt=trail.start).exists()

"""Decision rounds on the web: who may do what, creating a round, deciding, freezing."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from kompas.audit.models import AuditEvent
from kompas.compasses.models import CompassVersion
from kompas.rounds.models import Decision, DecisionRound
from tests.rounds import (
    DEFAULT_ROUND,
    ClientAs,
    english,
    frozen_default_round,
    new_version,
    stricter,
)

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "analyst", "coordinator", "administrator")
WRITERS = ("coordinator", "administrator")
READERS_ONLY = ("viewer", "analyst")


def urls() -> dict[str, str]:
    return {
        "list": reverse("rounds:list"),
        "detail": reverse("rounds:detail", args=[DEFAULT_ROUND]),
        "compare": reverse("rounds:compare") + f"?a={DEFAULT_ROUND}&b={DEFAULT_ROUND}",
        "create": reverse("rounds:create"),
        "decide": reverse("rounds:decide", args=[DEFAULT_ROUND, "DE1"]),
        "freeze": reverse("rounds:freeze", args=[DEFAULT_ROUND]),
    }


def decision_data(client: Client, url: str, **changes: str) -> dict[str, str]:
    """The decision form as the page fills it in, with `changes` applied."""
    form = client.get(url).context["form"]
    data = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    data.update(changes)
    return data


# --- who may do what -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "detail", "compare", "create", "decide", "freeze"])
def test_it_sends_anonymous_visitors_to_the_login_page(client_as: ClientAs, name: str) -> None:
    response = client_as(None).get(urls()[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["list", "detail", "compare"])
def test_it_shows_the_round_pages_to_every_role(client_as: ClientAs, role: str, name: str) -> None:
    assert client_as(role).get(urls()[name]).status_code == 200


@pytest.mark.parametrize("role", READERS_ONLY)
@pytest.mark.parametrize("name", ["create", "decide", "freeze"])
def test_it_refuses_creating_deciding_and_freezing_to_viewers_and_analysts(
    client_as: ClientAs, role: str, name: str
) -> None:
    client = client_as(role)
    assert client.get(urls()[name]).status_code == 403
    assert client.post(urls()[name], {"confirm": "yes", "key": "x"}).status_code == 403
    assert not DecisionRound.objects.get(key=DEFAULT_ROUND).frozen
    assert not DecisionRound.objects.filter(key="x").exists()


@pytest.mark.parametrize("role", WRITERS)
@pytest.mark.parametrize("name", ["create", "decide", "freeze"])
def test_it_opens_creating_deciding_and_freezing_to_coordinators(
    client_as: ClientAs, role: str, name: str
) -> None:
    assert client_as(role).get(urls()[name]).status_code == 200


@pytest.mark.parametrize("role", READERS_ONLY)
def test_it_hides_the_edit_controls_from_viewers_and_analysts(
    client_as: ClientAs, role: str
) -> None:
    html = client_as(role).get(urls()["detail"]).content.decode()
    assert urls()["freeze"] not in html
    assert urls()["decide"] not in html


# --- the list and the round's table ----------------------------------------------------------


def test_it_lists_the_rounds_with_their_compass_version(client_as: ClientAs) -> None:
    html = english(client_as("viewer")).get(urls()["list"]).content.decode()
    assert "Focus regions for international cooperation 2023-2027" in html
    assert "(2023-2027)" not in html  # the name says the period already
    assert "brabant-2024 v1" in html
    assert "open" in html


def test_it_shows_the_decision_beside_the_advice_for_every_region_of_the_round(
    client_as: ClientAs,
) -> None:
    response = english(client_as("viewer")).get(urls()["detail"])
    html = response.content.decode()
    assert "brabant-2024 v1" in html
    for code in ["DE", "DE1", "BE2", "CN-JS", "US"]:
        assert f'id="region-{code}"' in html
    assert "Baden-Württemberg" in html
    assert "Handel- en investeringsbevordering ligt in de uitvoering bij de BOM" in html


def test_it_weighs_an_open_round_with_its_own_compass_version(client_as: ClientAs) -> None:
    new_version(stricter)  # the current compass is now stricter; the round keeps v1
    response = english(client_as("viewer")).get(urls()["detail"])
    assert "brabant-2024 v1" in response.content.decode()
    assert response.context["compass"].track("innovation").thresholds["inzet"] == 0.6


def test_it_marks_a_decision_that_differs_from_the_advice(client_as: ClientAs) -> None:
    Decision.objects.filter(round__key=DEFAULT_ROUND, region__code="DE1").update(level="none")
    html = english(client_as("viewer")).get(urls()["detail"]).content.decode()
    row = html.split('id="region-DE1"')[1].split("</tr>")[0]
    assert "kompas-mark--differs" in row
    assert "The decision differs from the advice" in row


def test_it_shows_the_reasoning_of_a_decision(client_as: ClientAs) -> None:
    Decision.objects.filter(round__key=DEFAULT_ROUND, region__code="DE1").update(
        reasoning="Long-standing partner."
    )
    html = client_as("viewer").get(urls()["detail"]).content.decode()
    assert "Long-standing partner." in html


# --- creating a round ------------------------------------------------------------------------


def test_it_creates_a_round_with_the_current_compass_version_by_default(
    client_as: ClientAs,
) -> None:
    client = client_as("coordinator")
    form = client.get(urls()["create"]).context["form"]
    assert form["compass_version"].value() == CompassVersion.current().pk
    response = client.post(
        urls()["create"],
        {
            "key": "2028-2031",
            "name_nl": "Focusregio's 2028-2031",
            "name_en": "Focus regions 2028-2031",
            "period_start": "2028",
            "period_end": "2031",
            "compass_version": str(CompassVersion.current().pk),
        },
    )
    assert response.status_code == 302
    stored = DecisionRound.objects.get(key="2028-2031")
    assert stored.compass_version == CompassVersion.current()
    assert not stored.decisions.exists()
    event = AuditEvent.objects.get(action="round created", round=stored)
    assert event.after is not None
    assert event.after["compass_version"] == "brabant-2024 v1"


def test_it_can_start_a_round_from_the_decisions_of_another(client_as: ClientAs) -> None:
    source = DecisionRound.objects.get(key=DEFAULT_ROUND)
    response = client_as("coordinator").post(
        urls()["create"],
        {
            "key": "next",
            "name_nl": "Volgende",
            "name_en": "Next",
            "compass_version": str(CompassVersion.current().pk),
            "copy_from": str(source.pk),
        },
    )
    assert response.status_code == 302
    stored = DecisionRound.objects.get(key="next")
    assert stored.decisions.count() == source.decisions.count()
    assert stored.footnotes.count() == source.footnotes.count()


def test_it_refuses_a_round_whose_key_exists_or_whose_period_runs_backwards(
    client_as: ClientAs,
) -> None:
    response = english(client_as("coordinator")).post(
        urls()["create"],
        {
            "key": DEFAULT_ROUND,
            "name_nl": "x",
            "name_en": "x",
            "period_start": "2031",
            "period_end": "2028",
            "compass_version": str(CompassVersion.current().pk),
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["key"] == ["A round with this key already exists."]
    assert form.errors["period_end"] == ["The last year cannot come before the first year."]
    assert DecisionRound.objects.count() == 1


# --- deciding --------------------------------------------------------------------------------


def test_the_round_page_shows_the_history_of_its_changes(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    url = urls()["decide"]
    data = decision_data(
        client, url, level__innovation="reactieve_inzet", reasoning__innovation="Minder middelen."
    )
    client.post(url, data)
    html = client.get(reverse("rounds:detail", args=[DEFAULT_ROUND])).content.decode()
    history = html[html.index('id="history"') :]
    assert "Besluit gewijzigd" in history
    assert "coordinator" in history
    assert "Minder middelen." in history


def test_it_changes_a_decision_with_an_audit_record(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    url = urls()["decide"]
    data = decision_data(
        client, url, level__innovation="reactieve_inzet", reasoning__innovation="Fewer means."
    )
    response = client.post(url, data)
    assert response.status_code == 302
    decision = Decision.objects.get(
        round__key=DEFAULT_ROUND, region__code="DE1", track="innovation"
    )
    assert (decision.level, decision.reasoning, decision.version) == (
        "reactieve_inzet",
        "Fewer means.",
        2,
    )
    event = AuditEvent.objects.get(action="decision changed")
    assert event.before == {"level": "inzet", "reasoning": ""}
    assert event.after == {
        "track": "innovation",
        "level": "reactieve_inzet",
        "reasoning": "Fewer means.",
    }
    assert event.round is not None
    assert event.round.key == DEFAULT_ROUND
    assert event.region is not None
    assert event.region.code == "DE1"
    # the other track did not change, so it was neither saved nor recorded
    other = Decision.objects.get(round__key=DEFAULT_ROUND, region__code="DE1", track="trade_invest")
    assert other.version == 1
    assert AuditEvent.objects.filter(action="decision changed").count() == 1


def test_it_requires_reasoning_when_the_decision_differs_from_the_advice(
    client_as: ClientAs,
) -> None:
    client = english(client_as("coordinator"))
    url = urls()["decide"]
    # Baden-Württemberg's advice is Reactive…Active: "none" lies outside it
    response = client.post(url, decision_data(client, url, level__innovation="none"))
    assert response.status_code == 400
    assert response.context["form"].errors["reasoning__innovation"] == [
        "The decision differs from the advice: explain why."
    ]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_reasoning__innovation_error"' in html
    decision = Decision.objects.get(
        round__key=DEFAULT_ROUND, region__code="DE1", track="innovation"
    )
    assert decision.level == "inzet"


def test_it_does_not_require_reasoning_for_a_decision_within_the_advice(
    client_as: ClientAs,
) -> None:
    client = client_as("coordinator")
    url = urls()["decide"]
    response = client.post(url, decision_data(client, url, level__innovation="reactieve_inzet"))
    assert response.status_code == 302


def test_it_adds_a_region_that_was_not_in_the_round(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    detail = client.get(urls()["detail"], {"add": "DE7"})
    url = reverse("rounds:decide", args=[DEFAULT_ROUND, "DE7"])
    assert detail.status_code == 302
    assert detail["Location"] == url
    data = decision_data(
        client,
        url,
        table_section="europe",
        level__innovation="faciliterend",
        reasoning__innovation="Partner in the Germany text.",
        level__trade_invest="none",
        reasoning__trade_invest="No demand yet.",
    )
    assert client.post(url, data).status_code == 302
    added = Decision.objects.filter(round__key=DEFAULT_ROUND, region__code="DE7")
    assert {d.track: d.level for d in added} == {
        "innovation": "faciliterend",
        "trade_invest": "none",
    }
    assert {d.table_section for d in added} == {"europe"}
    assert AuditEvent.objects.filter(action="decision recorded", region__code="DE7").count() == 2
    html = client.get(urls()["detail"]).content.decode()
    assert 'id="region-DE7"' in html


def test_it_refuses_the_second_of_two_concurrent_saves(client_as: ClientAs) -> None:
    first, second = client_as("coordinator"), english(client_as("administrator"))
    url = urls()["decide"]
    mine = decision_data(first, url, level__innovation="reactieve_inzet")
    theirs = decision_data(second, url, level__innovation="faciliterend", reasoning__innovation="x")
    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)
    assert response.status_code == 409
    assert (
        "Someone else changed this decision while you were editing it" in response.content.decode()
    )
    decision = Decision.objects.get(
        round__key=DEFAULT_ROUND, region__code="DE1", track="innovation"
    )
    assert decision.level == "reactieve_inzet"


# --- freezing --------------------------------------------------------------------------------


def test_it_asks_for_confirmation_before_freezing(client_as: ClientAs) -> None:
    client = english(client_as("coordinator"))
    page = client.get(urls()["freeze"])
    assert page.status_code == 200
    assert "This cannot be undone." in page.content.decode()
    response = client.post(urls()["freeze"], {})
    assert response.status_code == 200
    assert not DecisionRound.objects.get(key=DEFAULT_ROUND).frozen


def test_it_warns_before_freezing_what_is_still_provisional_or_open(client_as: ClientAs) -> None:
    html = english(client_as("coordinator")).get(urls()["freeze"]).content.decode()
    warning = html.split('id="still-open"', 1)[1].split("</div></div>", 1)[0]
    assert "The compass version is provisional" in warning
    pending = re.search(r"For (\d+) of (\d+) regions the advice waits for preconditions", warning)
    assert pending is not None
    assert 0 < int(pending[1]) <= int(pending[2]) == 21
    assert re.search(r"\d+ advices are still a range", warning)


def test_it_freezes_a_round_with_a_snapshot_and_an_audit_record(client_as: ClientAs) -> None:
    response = client_as("coordinator").post(urls()["freeze"], {"confirm": "yes"})
    assert response.status_code == 302
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    assert stored.frozen
    assert stored.frozen_by == User.objects.get(username="coordinator")
    assert stored.snapshot is not None
    assert stored.snapshot["schema"] == "kompas.round-snapshot/1"
    assert {d["region"] for d in stored.snapshot["decisions"]} >= {"DE1", "US"}
    assert AuditEvent.objects.filter(action="round frozen", round=stored).count() == 1


def test_it_refuses_any_change_to_a_frozen_round(client_as: ClientAs) -> None:
    stored = frozen_default_round()
    client = english(client_as("coordinator"))
    url = urls()["decide"]
    before = list(
        Decision.objects.filter(round=stored).values_list("level", "reasoning", "version")
    )
    for response in [
        client.get(url),
        client.post(url, {"level__innovation": "none", "reasoning__innovation": "x"}),
        client.get(urls()["freeze"]),
        client.post(urls()["freeze"], {"confirm": "yes"}),
        client.get(reverse("rounds:decide", args=[DEFAULT_ROUND, "DE7"])),
    ]:
        assert response.status_code == 403
        assert "This round is frozen" in response.content.decode()
    after = list(Decision.objects.filter(round=stored).values_list("level", "reasoning", "version"))
    assert after == before
    assert DecisionRound.objects.get(key=DEFAULT_ROUND).frozen_at == stored.frozen_at
    assert AuditEvent.objects.filter(action="round frozen").count() == 1


def test_it_hides_the_edit_controls_of_a_frozen_round(client_as: ClientAs) -> None:
    frozen_default_round()
    html = english(client_as("coordinator")).get(urls()["detail"]).content.decode()
    assert urls()["freeze"] not in html
    assert urls()["decide"] not in html
    assert "Frozen on" in html
    assert "Data editions used" in html


def test_it_refuses_to_clear_the_reasoning_of_a_decision_that_differs(
    client_as: ClientAs,
) -> None:
    Decision.objects.filter(
        round__key=DEFAULT_ROUND, region__code="DE1", track="innovation"
    ).update(level="none", reasoning="No capacity.")
    client = client_as("coordinator")
    url = urls()["decide"]
    response = client.post(url, decision_data(client, url, reasoning__innovation=""))
    assert response.status_code == 400
    assert "reasoning__innovation" in response.context["form"].errors


def test_it_lets_an_older_decision_without_reasoning_stand_while_another_track_changes(
    client_as: ClientAs,
) -> None:
    Decision.objects.filter(
        round__key=DEFAULT_ROUND, region__code="DE1", track="innovation"
    ).update(level="none")
    client = client_as("coordinator")
    url = urls()["decide"]
    response = client.post(url, decision_data(client, url, level__trade_invest="reactieve_inzet"))
    assert response.status_code == 302

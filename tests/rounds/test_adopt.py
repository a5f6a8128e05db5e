"""Adopting a round: a coordinator marks a draft as adopted; from then on it is the default."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kompas.audit.models import AuditEvent
from kompas.compasses.models import CompassVersion
from kompas.rounds.models import DecisionRound
from kompas.shared.state import weighing
from tests.rounds import DEFAULT_ROUND, ClientAs

pytestmark = pytest.mark.django_db


def draft(key: str = "2028-2031") -> DecisionRound:
    return DecisionRound.objects.create(
        key=key,
        name_nl=f"Ronde {key}",
        name_en=f"Round {key}",
        period_start=2028,
        period_end=2031,
        compass_version=CompassVersion.current(),
    )


def test_a_new_round_is_a_draft_and_not_weighed_by_default() -> None:
    stored = draft()
    assert stored.status == "draft"
    assert weighing().round.id == DEFAULT_ROUND


def test_the_seeded_round_is_adopted() -> None:
    assert DecisionRound.objects.get(key=DEFAULT_ROUND).adopted


def test_a_coordinator_adopts_a_draft_and_it_becomes_the_default(client_as: ClientAs) -> None:
    stored = draft()
    response = client_as("coordinator").post(reverse("rounds:adopt", args=[stored.key]))
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.adopted
    assert weighing().round.id == stored.key
    event = AuditEvent.objects.get(action="round adopted")
    assert (event.before, event.after) == ({"status": "draft"}, {"status": "adopted"})


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_coordinators_adopt(client_as: ClientAs, role: str) -> None:
    stored = draft()
    response = client_as(role).post(reverse("rounds:adopt", args=[stored.key]))
    assert response.status_code == 403
    stored.refresh_from_db()
    assert not stored.adopted


def test_adopting_takes_a_post(client_as: ClientAs) -> None:
    stored = draft()
    assert (
        client_as("coordinator").get(reverse("rounds:adopt", args=[stored.key])).status_code == 405
    )


def test_adopting_twice_changes_nothing(client_as: ClientAs) -> None:
    client = client_as("coordinator")
    client.post(reverse("rounds:adopt", args=[DEFAULT_ROUND]))
    assert not AuditEvent.objects.filter(action="round adopted").exists()


def test_a_drafts_page_offers_coordinators_to_adopt_it(client_as: ClientAs) -> None:
    stored = draft()
    url = reverse("rounds:detail", args=[stored.key])
    action = f'action="{reverse("rounds:adopt", args=[stored.key])}"'
    assert action in client_as("coordinator").get(url).content.decode()
    viewer = client_as("viewer").get(url).content.decode()
    assert action not in viewer
    assert "Nee, een concept" in viewer


def test_the_list_says_which_rounds_are_adopted(client_as: ClientAs) -> None:
    draft()
    html = client_as("viewer").get(reverse("rounds:list")).content.decode()
    assert "vastgesteld · open" in html
    assert "concept · open" in html

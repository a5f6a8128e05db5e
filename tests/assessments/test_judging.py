"""Judging on the region profile: setting, changing and clearing judgements and gate statuses.

DE2 (Bavaria) on the default data: innovation advice –…Inzet with score 0.20–0.95, one judgement
(networks: strong), no gate statuses; "funding" is its decisive missing judgement.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kompas.assessments import services
from kompas.assessments.models import GateStatus, Judgement
from kompas.audit.models import AuditEvent
from kompas.regions.models import Region

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], Client]
FUNDING = "/judgements/DE2/criterion/funding/"
NETWORKS = "/judgements/DE2/criterion/networks/"
DEMAND = "/judgements/DE2/gate/demand/"


def htmx_post(client: Client, url: str, data: dict[str, object]) -> tuple[int, str]:
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def judgement(criterion: str, code: str = "DE2") -> Judgement | None:
    return Judgement.objects.filter(region__code=code, criterion=criterion).first()


def test_it_loads_the_inline_form_for_htmx_and_a_full_page_without(english: ClientFor) -> None:
    client = english("analyst")
    fragment = client.get(NETWORKS, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div class="kompas-card kompas-item" id="criterion-networks"')
    assert f'hx-post="{NETWORKS}"' in fragment
    assert 'value="strong" id="networks-category_1" checked' in fragment
    assert 'name="version" value="1"' in fragment
    page = client.get(NETWORKS).content.decode()
    assert "<html" in page
    assert "<h1>Networks — Bavaria</h1>" in page
    assert "hx-post" not in page


def test_it_lets_an_analyst_set_a_judgement_and_shows_the_new_advice_at_once(
    english: ClientFor,
) -> None:
    status, html = htmx_post(
        english("analyst"),
        FUNDING,
        {
            "category": "very_strong",
            "rationale": "Co-funding offered.",
            "evidence": "https://example.org/a\r\nLetter\r\n",
            "version": 0,
        },
    )
    assert status == 200
    saved = judgement("funding")
    assert saved is not None
    assert saved.evidence == "https://example.org/a\nLetter"
    assert (saved.category, saved.rationale, saved.version) == (
        "very_strong",
        "Co-funding offered.",
        1,
    )
    assert saved.author_name == "analyst"
    assert '<div id="advice-panel" hx-swap-oob="true">' in html
    assert "0.32–0.95" in html
    assert "Saved. The advice changed: Innovation: –…Active → Facilitating…Active" in html
    assert '<a href="https://example.org/a" rel="noopener noreferrer">' in html
    assert '<section id="history" aria-labelledby="history-title" hx-swap-oob="true">' in html
    event = AuditEvent.objects.get(action="judgement set")
    assert event.before is None
    assert event.after is not None
    assert event.after["category"] == "very_strong"
    assert event.region is not None
    assert event.region.code == "DE2"


def test_it_records_before_and_after_when_a_judgement_changes(english: ClientFor) -> None:
    status, html = htmx_post(
        english("analyst"),
        NETWORKS,
        {"category": "weak", "rationale": "Contacts have faded.", "evidence": "", "version": 1},
    )
    assert status == 200
    saved = judgement("networks")
    assert saved is not None
    assert (saved.category, saved.version, saved.source) == ("weak", 2, None)
    event = AuditEvent.objects.get(action="judgement changed")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["category"], event.after["category"]) == ("strong", "weak")
    assert event.after["rationale"] == "Contacts have faded."
    assert "0.13–0.88" in html


def test_it_clears_a_judgement_back_to_unknown(english: ClientFor) -> None:
    status, html = htmx_post(
        english("analyst"),
        NETWORKS,
        {"category": "", "rationale": "The text is about officials, not networks.", "version": 1},
    )
    assert status == 200
    assert judgement("networks") is None
    event = AuditEvent.objects.get(action="judgement cleared")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["category"], event.after["category"]) == ("strong", None)
    assert "Not judged yet" in html
    assert "0.10–0.98" in html


def test_it_refuses_an_empty_rationale_and_writes_nothing(english: ClientFor) -> None:
    status, html = htmx_post(
        english("analyst"), FUNDING, {"category": "strong", "rationale": "   ", "version": 0}
    )
    assert status == 200
    assert "Give a rationale: why this answer?" in html
    assert 'aria-invalid="true"' in html
    assert judgement("funding") is None
    assert not AuditEvent.objects.filter(region__code="DE2").exists()


def test_it_refuses_viewers_the_form_and_the_save(english: ClientFor) -> None:
    client = english("viewer")
    assert client.get(FUNDING).status_code == 403
    assert client.get(FUNDING, HTTP_HX_REQUEST="true").status_code == 403
    data = {"category": "strong", "rationale": "x", "version": 0}
    assert client.post(FUNDING, data).status_code == 403
    assert (
        client.post(DEMAND, {"status": "fail", "rationale": "x", "version": 0}).status_code == 403
    )
    assert judgement("funding") is None


def test_it_answers_400_for_a_category_outside_the_scale(english: ClientFor) -> None:
    status, html = htmx_post(
        english("analyst"), FUNDING, {"category": "strongest", "rationale": "x", "version": 0}
    )
    assert status == 400
    assert "This is not a category of the scale of this criterion." in html
    assert judgement("funding") is None


def test_it_answers_404_for_a_criterion_that_is_not_judged(english: ClientFor) -> None:
    client = english("analyst")
    assert client.get("/judgements/DE2/criterion/no_such_thing/").status_code == 404
    assert client.get("/judgements/DE2/criterion/innovation_level/").status_code == 404
    assert client.get("/judgements/XX9/criterion/funding/").status_code == 404
    assert client.get("/judgements/G-NORDICS/criterion/funding/").status_code == 404
    assert client.get("/judgements/DE2/gate/no_such_gate/").status_code == 404


def test_it_excludes_the_region_when_a_gate_is_set_to_fail(english: ClientFor) -> None:
    status, html = htmx_post(
        english("analyst"),
        DEMAND,
        {"status": "fail", "rationale": "No Brabant party asked for it.", "version": 0},
    )
    assert status == 200
    gate = GateStatus.objects.get(region__code="DE2", precondition="demand")
    assert (gate.status, gate.version) == ("fail", 1)
    assert "Excluded: a precondition is not met" in html
    assert '<span class="kompas-level kompas-level--none">–</span>' in html
    assert "Demand from Brabant is not met." in html
    assert "Saved. The advice changed: Innovation: –…Active → –" in html
    assert AuditEvent.objects.get(action="gate set").after["status"] == "fail"  # type: ignore[index]


def test_it_refuses_a_gate_without_evidence(english: ClientFor) -> None:
    status, html = htmx_post(
        english("analyst"), DEMAND, {"status": "pass", "rationale": "", "version": 0}
    )
    assert status == 200
    assert "Give the evidence and rationale for this status." in html
    assert not GateStatus.objects.filter(region__code="DE2").exists()


def test_it_redirects_a_plain_post_back_to_the_profile(english: ClientFor) -> None:
    client = english("analyst")
    data = {"category": "very_strong", "rationale": "Co-funding offered.", "version": 0}
    response = client.post(FUNDING, data)
    assert response.status_code == 302
    assert response["Location"] == "/regions/DE2/#criterion-funding"
    follow = client.get(response["Location"]).content.decode()
    assert "Saved. The advice changed" in follow
    gate = client.post(DEMAND, {"status": "pass", "rationale": "Asked by Brainport.", "version": 0})
    assert gate["Location"] == "/regions/DE2/#gate-demand"


def test_it_shows_the_saved_item_again_on_cancel(english: ClientFor) -> None:
    html = english("analyst").get(NETWORKS + "?show=1", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="criterion-networks"' in html
    assert "<form" not in html
    assert "<strong>strong</strong>" in html


def test_it_prefills_the_evidence_with_the_cited_source(english: ClientFor) -> None:
    html = english("analyst").get(NETWORKS, HTTP_HX_REQUEST="true").content.decode()
    assert "Aanpak internationalisering, Bijlage 1 · Beieren</textarea>" in html


def test_it_validates_against_the_current_compass_in_the_service() -> None:
    region = Region.objects.get(code="DE2")
    user = User.objects.get(username="analyst")
    with pytest.raises(services.UnknownItemError):
        services.set_judgement(region, "innovation_level", "strong", "x", "", 0, user)
    with pytest.raises(services.InvalidInputError) as invalid:
        services.set_judgement(region, "funding", "huge", "x", "", 0, user)
    assert invalid.value.field == "category"
    with pytest.raises(services.InvalidInputError):
        services.set_gate(region, "demand", "maybe", "x", "", 0, user)
    with pytest.raises(services.InvalidInputError):
        services.set_judgement(region, "funding", "strong", " ", "", 0, user)


def test_it_does_not_record_a_save_that_changes_nothing() -> None:
    region = Region.objects.get(code="DE2")
    user = User.objects.get(username="analyst")
    current = judgement("networks")
    assert current is not None
    saved = services.set_judgement(
        region, "networks", "strong", current.rationale, current.evidence, 1, user
    )
    assert saved.outcome == "unchanged"
    assert not AuditEvent.objects.filter(region=region).exists()


def test_it_keeps_a_sourced_judgement_that_is_saved_unchanged(english: ClientFor) -> None:
    client = english("analyst")
    current = judgement("networks")
    assert current is not None
    data = {
        "category": "strong",
        "rationale": current.rationale,
        "evidence": "Aanpak internationalisering, Bijlage 1 · Beieren",
        "version": 1,
    }
    status, html = htmx_post(client, NETWORKS, data)
    assert status == 200
    assert "Nothing changed." in html
    kept = judgement("networks")
    assert kept is not None
    assert (kept.version, kept.section) == (1, "Bijlage 1 · Beieren")
    assert not AuditEvent.objects.filter(region__code="DE2").exists()


@pytest.mark.parametrize("rationale", ["", "   ", "\r\n \r\n"])
def test_the_gate_service_itself_refuses_a_status_without_a_rationale(rationale: str) -> None:
    """The form asks for a rationale too; the service must not rely on it (the command line and
    any other caller reach the service directly)."""
    region = Region.objects.get(code="DE2")
    user = User.objects.get(username="analyst")
    with pytest.raises(services.InvalidInputError) as invalid:
        services.set_gate(region, "demand", "pass", rationale, "", 0, user)
    assert invalid.value.field == "rationale"
    assert not GateStatus.objects.filter(region=region).exists()
    assert not AuditEvent.objects.filter(region=region).exists()


def test_the_gate_service_refuses_an_empty_rationale_on_a_change_too() -> None:
    region = Region.objects.get(code="DE2")
    user = User.objects.get(username="analyst")
    services.set_gate(region, "demand", "pass", "Asked by Brainport.", "", 0, user)
    with pytest.raises(services.InvalidInputError):
        services.set_gate(region, "demand", "fail", " ", "", 1, user)
    stored = GateStatus.objects.get(region=region, precondition="demand")
    assert (stored.status, stored.rationale, stored.version) == ("pass", "Asked by Brainport.", 1)

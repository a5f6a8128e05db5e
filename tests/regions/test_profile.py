"""The region profile: everything known about one region, on the seeded default data.

The pages are read in English (the source language of the interface) so that the tests do not
depend on the Dutch catalogue; data names follow the interface language too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from django.test import Client

from kompas.assessments.models import Judgement
from kompas.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ClientFor = Callable[[str | None], Client]


def page(client: Client, code: str) -> str:
    response = client.get(f"/regions/{code}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, element_id: str) -> str:
    """The HTML from the element with this id up to the next section (or the next item)."""
    start = html.index(f'id="{element_id}"')
    stop = "data-kompas-row" if element_id.startswith(("criterion-", "gate-")) else "<section id="
    end = html.find(stop, html.index(">", start))
    return html[start : end if end != -1 else None]


def test_it_shows_a_land_with_the_national_proxy_of_its_country(english: ClientFor) -> None:
    html = page(english("viewer"), "DE2")
    assert "<h1>Bavaria" in html
    indicators = section(html, "indicators")
    assert "National proxy</strong>: Germany (DE)" in indicators
    assert "EIS Summary Innovation Index" in indicators
    assert "127.79" in indicators
    assert "relative to North Brabant: 139.56" in indicators
    assert "combined_data.xlsx" in indicators
    assert "e110436c649a…" in indicators
    criteria = section(html, "criteria")
    assert "national proxy: the figure of Germany (DE)" in criteria


def test_it_shows_a_judgement_with_its_rationale_author_and_source(english: ClientFor) -> None:
    html = page(english("viewer"), "DE2")
    networks = section(html, "criterion-networks")
    assert "<strong>strong</strong>" in networks
    assert "Beieren is een regio waar de afgelopen jaren is geïnvesteerd" in networks
    assert "Aanpak internationalisering" in networks
    assert "Bijlage 1 · Beieren" in networks
    assert "Kompas standaarddata (uit brondocument)" in networks


def test_it_shows_a_country_with_its_gii_value_and_source(english: ClientFor) -> None:
    html = page(english("viewer"), "JP")
    indicators = section(html, "indicators")
    row = next(r for r in indicators.split("<tr>") if "Global Innovation Index (score)" in r)
    assert "54.1" in row
    assert "Own figure" in row
    assert "WIPO" in row
    assert "Global Innovation Index 2024" in row
    assert "Innovation level" in row


def test_it_shows_the_gate_status_with_its_evidence(english: ClientFor) -> None:
    html = page(english("viewer"), "JP")
    gate = section(html, "gate-national_government")
    assert "kompas-status--pass" in gate
    assert "gelijkgestemde landen zoals Japan" in gate
    assert "Bijlage 1 · Inzet Wereld" in gate
    assert "By</dt><dd>read from the source document" in gate  # not "By: –"


def test_it_shows_the_advice_beside_the_decision_per_track(english: ClientFor) -> None:
    html = page(english("viewer"), "DE2")
    advice = section(html, "advice")
    assert "Innovation</th>" in advice
    assert "Trade and/or invest</th>" in advice
    assert "0.20–0.95" in advice
    assert "kompas-level--inzet" in advice
    assert "Pending: not all preconditions are established" in advice
    assert "Decision lies within the advice&#x27;s range" in advice
    assert "footnote-10" in advice
    assert "The source document states no weights or thresholds" in advice


def test_it_explains_the_advice_with_a_chart_and_the_same_numbers_in_a_table(
    english: ClientFor,
) -> None:
    html = page(english("viewer"), "DE2")
    match = re.search(r'<script id="chart-innovation" type="application/json">(.*?)</script>', html)
    assert match is not None
    spec = json.loads(match.group(1))
    assert spec["$schema"].endswith("vega-lite/v6.json")
    criteria = {row["criterion"] for row in spec["data"]["values"]}
    assert "Funding opportunities" in criteria
    explanation = section(html, "explanation")
    assert (
        "<caption>Contribution per aspect and criterion, track Innovation</caption>" in explanation
    )
    assert '<th scope="row" class="kompas-indent">Funding opportunities</th>' in explanation
    assert "unknown (0.00–1.00)" in explanation
    assert "Strongest points" in explanation
    assert "judge “Funding opportunities” very strong instead of unknown" in explanation


def test_it_lists_missing_judgements_as_work_to_do_with_the_decisive_one_first(
    english: ClientFor,
) -> None:
    work = section(page(english("viewer"), "DE2"), "work")
    items = re.findall(
        r"<li( class=\"kompas-todo--decisive\")?>\s*<a href=\"#criterion-(\w+)\"", work
    )
    assert items[0] == (' class="kompas-todo--decisive"', "funding")
    assert all(decisive == "" for decisive, _ in items[1:])
    assert "Demand from Brabant" in work


def test_it_shows_brabants_themes_including_those_via_a_group(english: ClientFor) -> None:
    themes = section(page(english("viewer"), "SE"), "themes")
    assert "Named via Nordic countries" in themes
    assert "„digitalisering”" in themes


def test_it_shows_what_the_documents_say(english: ClientFor) -> None:
    documents = section(page(english("viewer"), "DE2"), "documents")
    assert "Deze lijn zetten we door op de voor ons belangrijke thema" in documents
    assert "good progress in cooperation" in documents.lower()
    assert "Hightech Systems &amp; Materials" in documents


def test_it_renders_a_group_as_its_members_without_advice(english: ClientFor) -> None:
    html = page(english("viewer"), "G-NORDICS")
    assert 'href="/regions/SE/"' in html
    assert "A group is not weighed itself" in html
    assert 'id="advice-panel"' not in html


def test_it_answers_404_for_an_unknown_code(english: ClientFor) -> None:
    assert english("viewer").get("/regions/XX9/").status_code == 404


def test_it_sends_an_anonymous_visitor_to_the_login_page(english: ClientFor) -> None:
    response = english(None).get("/regions/DE2/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_gives_analysts_edit_controls_and_viewers_none(english: ClientFor) -> None:
    edit = 'href="/judgements/DE2/criterion/funding/"'
    assert edit in page(english("analyst"), "DE2")
    viewer = page(english("viewer"), "DE2")
    assert edit not in viewer
    assert "/judgements/DE2/gate/" not in viewer


def test_it_shows_the_history_newest_first(english: ClientFor) -> None:
    client = english("analyst")
    for category, rationale in (("weak", "First reading."), ("moderate", "Second reading.")):
        version = Judgement.objects.filter(region__code="DE2", criterion="funding").values_list(
            "version", flat=True
        )
        response = client.post(
            "/judgements/DE2/criterion/funding/",
            {
                "category": category,
                "rationale": rationale,
                "evidence": "",
                "version": version.first() or 0,
            },
        )
        assert response.status_code == 302
    assert AuditEvent.objects.filter(region__code="DE2").count() == 2
    history = section(page(client, "DE2"), "history")
    changed = history.index("Judgement changed: Funding opportunities")
    assert changed < history.index("Judgement set: Funding opportunities")
    assert "Judgement: weak → moderate" in history
    assert '<td class="kompas-nowrap">analyst</td>' in history  # a user name is not broken


def test_it_serves_the_advice_panel_alone_to_htmx(english: ClientFor) -> None:
    client = english("viewer")
    response = client.get("/regions/DE2/advice/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="advice-panel"')
    assert "<html" not in html
    plain = client.get("/regions/DE2/advice/")
    assert plain.status_code == 302
    assert plain["Location"] == "/regions/DE2/#advice"


def test_it_marks_the_reference_region(english: ClientFor) -> None:
    html = page(english("viewer"), "NL41")
    assert "This is the home region" in html
    assert 'id="advice-panel"' in html


def test_it_refuses_the_advice_panel_of_a_group(english: ClientFor) -> None:
    response = english("viewer").get("/regions/G-NORDICS/advice/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404

"""The overview shows figure 1 of the seed: decision beside advice, per track, with filters."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kompas.assessments.models import GateStatus, Judgement
from kompas.compasses.models import CompassVersion
from kompas.regions.models import Region
from kompas.regions.overview import ROWS, UNMAPPED
from kompas.rounds.models import Decision, DecisionRound
from kompas.shared import version
from tests.regions import tables_of

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str | None], Client]
URL = reverse("regions:overview")
EUROPE = ["DE", "DE1", "DE2", "DED", "DEG", "DEA", "AT", "CH", "BE2", "FR", "SE", "DK", "FI"]
WORLD = ["CN-JS", "JP", "KR", "SG", "MY", "VN", "IL", "US"]


def page(client: Client, **query: str) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def row_html(html: str, code: str) -> str:
    """The row of one region: from its row header to the next row (end tags are left out)."""
    start = f'<th scope="row"><a href="/regions/{code}/">'
    assert start in html, f"no row for {code}"
    return start + re.split(r"<tr>|</tbody>", html.split(start, 1)[1], maxsplit=1)[0]


# --- who may see it --------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(client_as: ClientAs) -> None:
    response = client_as(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["viewer", "analyst", "coordinator", "administrator"])
def test_it_shows_the_overview_to_every_role(client_as: ClientAs, role: str) -> None:
    assert "DE2" in page(client_as(role))


def test_it_offers_adding_a_candidate_only_to_analysts_and_up(client_as: ClientAs) -> None:
    link = f'href="{reverse("regions:add_region")}"'
    assert link not in page(client_as("viewer"))
    assert link in page(client_as("analyst"))


# --- figure 1 --------------------------------------------------------------------------------


def test_it_lists_the_21_regions_of_the_2023_2027_round_in_source_order_in_two_tables(
    client_as: ClientAs,
) -> None:
    tables = tables_of(page(client_as("viewer")))
    assert list(tables)[:2] == ["europe", "world"]
    assert tables["europe"] == EUROPE
    assert tables["world"] == WORLD
    assert len(tables["europe"] + tables["world"]) == 21


def test_it_lists_footnotes_10_to_13_verbatim_under_their_tables(client_as: ClientAs) -> None:
    html = page(client_as("viewer"))
    europe, world = html.split('data-section="world"')
    bom = "Handel- en investeringsbevordering ligt in de uitvoering bij de BOM"
    assert f'id="footnote-10" value="10" lang="nl">{bom}</li>' in europe
    assert f'id="footnote-11" value="11" lang="nl">{bom}</li>' in world
    for number in (12, 13):
        expected = f'id="footnote-{number}" value="{number}" lang="nl">'
        assert expected + "Faciliterende rol vanuit de provincie</li>" in world


def test_it_marks_footnote_12_beside_malaysia_and_13_beside_vietnam(client_as: ClientAs) -> None:
    html = page(client_as("viewer"))
    assert 'href="#footnote-12"' in row_html(html, "MY")
    assert 'href="#footnote-13"' in row_html(html, "VN")
    assert "footnote-1" not in row_html(html, "JP")
    assert html.count('href="#footnote-10"') == 1  # in the column header, as in the seed


def test_it_shows_the_decided_level_beside_the_advised_range_with_a_mark(
    client_as: ClientAs,
) -> None:
    row = row_html(page(client_as("viewer")), "AT")
    decided = re.findall(r'data-decided="([^"]*)"', row)
    assert decided == ["reactieve_inzet", "none"]  # innovation, then trade & invest
    assert 'data-advised="none…inzet"' in row  # a range: coloured "open"
    assert "–…Inzet" in row
    assert ">~</span>" in row  # the decision lies within the advice's range
    assert ">?</span>" in row  # the advice waits for unknown preconditions


def test_it_shows_the_short_theme_names_and_the_themes_to_avoid(client_as: ClientAs) -> None:
    row = row_html(page(client_as("viewer")), "CN-JS")
    assert ">Agrifood</span>" in row
    assert "kompas-tag--avoid" in row


def test_it_links_every_region_to_its_profile(client_as: ClientAs) -> None:
    html = page(client_as("viewer"))
    for code in EUROPE + WORLD:
        assert f'href="{reverse("regions:profile", args=[code])}"' in row_html(html, code)


def test_it_shows_the_status_note_while_the_compass_is_provisional(client_as: ClientAs) -> None:
    compass = CompassVersion.current().compass
    assert compass.status == "provisional"
    assert compass.status_note_nl in page(client_as("viewer"))


def test_it_shows_english_names_in_english(client_as: ClientAs) -> None:
    client = client_as("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client)
    assert ">Bavaria</a>" in html
    assert CompassVersion.current().compass.status_note_en in html


# --- undecided regions -----------------------------------------------------------------------


def test_it_puts_the_regions_without_a_decision_in_a_third_table(client_as: ClientAs) -> None:
    undecided = tables_of(page(client_as("viewer")))["undecided"]
    assert {"DE7", "AT34", "UA", "KR-41", "FRE"} <= set(undecided)
    assert "NL41" not in undecided  # the reference region
    assert not [code for code in undecided if code.startswith("G-")]  # groups
    assert not set(undecided) & set(EUROPE + WORLD)


def test_it_tags_candidate_regions(client_as: ClientAs) -> None:
    Region.objects.create(code="DE71", scheme="nuts", name_nl="Darmstadt", name_en="Darmstadt",
                          is_candidate=True)  # fmt: skip
    html = page(client_as("viewer"))
    assert "DE71" in tables_of(html)["undecided"]
    assert "kompas-tag" in row_html(html, "DE71")


# --- filters ---------------------------------------------------------------------------------


def test_it_has_a_labelled_get_form_for_its_filters(client_as: ClientAs) -> None:
    html = page(client_as("viewer"))
    assert re.search(r'<form method="get"[^>]*class="kompas-filters"', html)
    for name in ("round", "track", "theme", "level", "aspect", "minimum"):
        assert f'<label for="id_{name}">' in html
        assert f'name="{name}"' in html


def test_it_keeps_jiangsu_and_drops_saxony_when_filtering_on_agrifood(client_as: ClientAs) -> None:
    tables = tables_of(page(client_as("viewer"), theme="agrifood"))
    assert "CN-JS" in tables["world"]
    assert "DED" not in tables["europe"]
    assert "DE2" in tables["europe"]  # Bavaria names agrifood


def test_it_keeps_a_region_whose_group_has_the_theme(client_as: ClientAs) -> None:
    # The Nordics' themes (digitalisation and AI, among others) hold for Sweden.
    assert "SE" in tables_of(page(client_as("viewer"), theme="digital_ai"))["europe"]


def test_it_filters_on_a_level_decided_or_within_the_advice_on_the_chosen_track(
    client_as: ClientAs,
) -> None:
    tables = tables_of(page(client_as("viewer"), level="none", track="innovation"))
    assert {"MY", "VN"} <= set(tables["world"])  # decided "–"
    assert "DE" in tables["europe"]  # advised "–…Inzet": could be "–"
    assert "DE1" not in tables["europe"]  # advised "Reactieve inzet…Inzet"
    assert "BE2" not in tables["europe"]


def test_it_hides_regions_whose_best_aspect_score_is_below_the_minimum(
    client_as: ClientAs,
) -> None:
    html = page(client_as("viewer"), aspect="opportunities", minimum="0,8")
    europe = tables_of(html)["europe"]
    assert "DE1" not in europe  # opportunities 0.75 at best
    assert "BE2" not in europe
    assert "DE2" in europe  # 0.375 to 0.875
    assert "0,38–0,88" in row_html(html, "DE2")  # Dutch decimal commas


def test_it_shows_the_aspect_score_as_an_extra_column(client_as: ClientAs) -> None:
    html = page(client_as("viewer"), aspect="opportunities")
    assert '<td class="kompas-number">0,75\n' in row_html(html, "DE1")
    assert tables_of(html)["europe"] == EUROPE


def test_it_says_which_filter_is_wrong_and_shows_all_regions(client_as: ClientAs) -> None:
    response = client_as("viewer").get(URL, {"minimum": "2"})
    assert response.status_code == 200
    assert response.context["filters"].errors.keys() == {"minimum"}
    assert tables_of(response.content.decode())["europe"] == EUROPE


# --- rounds ----------------------------------------------------------------------------------


def another_round(key: str, period_end: int, status: str = "adopted") -> DecisionRound:
    stored = DecisionRound.objects.create(
        status=status,
        key=key,
        name_nl=f"Ronde {key}",
        name_en=f"Round {key}",
        period_start=period_end - 4,
        period_end=period_end,
        compass_version=CompassVersion.current(),
    )
    hessen = Region.objects.get(code="DE7")
    for track in ("innovation", "trade_invest"):
        Decision.objects.create(
            round=stored, region=hessen, track=track, level="inzet", label="Hessen",
            table_section="europe",
        )  # fmt: skip
    return stored


def test_it_shows_the_latest_adopted_round_unless_another_is_chosen(client_as: ClientAs) -> None:
    another_round("2028-2031", 2031)
    client = client_as("viewer")
    latest = tables_of(page(client))
    assert latest["europe"] == ["DE7"]
    chosen = page(client, round="2023-2027")
    assert tables_of(chosen)["europe"] == EUROPE
    assert '<option value="2023-2027" selected>' in chosen


def test_a_draft_round_is_never_the_silent_default(client_as: ClientAs) -> None:
    another_round("2028-2031", 2031, status="draft")
    client = client_as("viewer")
    assert tables_of(page(client))["europe"] == EUROPE
    draft = page(client, round="2028-2031")
    assert tables_of(draft)["europe"] == ["DE7"]
    assert '<option value="2028-2031" selected>' in draft


def test_without_an_adopted_round_nothing_is_decided(client_as: ClientAs) -> None:
    DecisionRound.objects.update(status="draft")
    html = page(client_as("viewer"))
    assert "europe" not in tables_of(html)


def test_it_refuses_to_change_anything(client_as: ClientAs) -> None:
    assert client_as("administrator").post(URL).status_code == 405


def test_the_overview_of_a_frozen_round_shows_its_snapshot_not_todays_data(
    client_as: Callable[[str | None], Client],
) -> None:
    from kompas.rounds.models import DecisionRound
    from kompas.rounds.snapshot import freeze

    stored = DecisionRound.objects.get(key="2023-2027")
    freeze(stored, None)
    before = client_as("viewer").get("/").content.decode()
    judgement = Judgement.objects.get(region__code="DE1", criterion="complementarity")
    judgement.category = "very_weak"
    judgement.save()
    after = client_as("viewer").get("/").content.decode()
    assert "Baden-Württemberg" in after
    assert _without_tokens(after) == _without_tokens(before)


def _without_tokens(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


# --- rows kept across changes ----------------------------------------------------------------


def test_a_saved_judgement_shows_in_its_row_at_once_and_the_other_rows_stay_as_they_were(
    client_as: ClientAs,
) -> None:
    client = client_as("viewer")
    before = page(client)
    GateStatus.objects.update_or_create(
        region=Region.objects.get(code="AT"),
        precondition="demand",
        defaults={"status": "fail", "rationale": "test", "author_name": "test"},
    )
    after = page(client)
    assert "uitgesloten (1 niet voldaan)" not in row_html(before, "AT")
    assert "uitgesloten (1 niet voldaan)" in row_html(after, "AT")
    for code in [c for c in EUROPE + WORLD if c != "AT"]:
        assert row_html(after, code) == row_html(before, code)


def rendered_rows(html: str) -> list[str]:
    """The rows of every table and the list of regions not on the map, as HTML."""
    return re.findall(r"<tbody>.*?</tbody>|<p class=\"kompas-unmapped\">.*?</p>", html, re.S)


@pytest.mark.parametrize("query", [{}, {"aspect": "link"}, {"track": "trade_invest"}])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_kept_rows_give_the_very_tables_that_rendering_every_row_afresh_gives(
    client_as: ClientAs, query: dict[str, str], language: str
) -> None:
    client = client_as("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page(client, **query)  # renders and keeps every row
    version.bump()  # the tables again, their rows from those kept
    kept = rendered_rows(page(client, **query))
    version.bump()
    ROWS.clear()
    UNMAPPED.clear()
    fresh = rendered_rows(page(client, **query))
    assert len(fresh) == 3  # Europe, the rest of the world, the undecided (all on the map)
    assert kept == fresh

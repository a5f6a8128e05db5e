"""Analysts add any country or NUTS region as a candidate; it can then be weighed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from kompas.audit.models import AuditEvent
from kompas.dataset import region_inputs
from kompas.regions.models import Region
from kompas.shared.state import current_state
from tests.regions import tables_of

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str | None], Client]
URL = reverse("regions:add_region")


def add(client: Client, area: str, **names: str) -> Response:
    return client.post(URL, {"area": area, "name_nl": "", "name_en": "", **names})


def nothing_written(regions_before: int, events_before: int) -> bool:
    return Region.objects.count() == regions_before and AuditEvent.objects.count() == events_before


# --- who may add -----------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_the_login_page(client_as: ClientAs) -> None:
    for response in (client_as(None).get(URL), client_as(None).post(URL, {"area": "DE71"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not Region.objects.filter(code="DE71").exists()


def test_it_refuses_viewers_on_get_and_post(client_as: ClientAs) -> None:
    viewer = client_as("viewer")
    assert viewer.get(URL).status_code == 403
    assert viewer.post(URL, {"area": "DE71"}).status_code == 403
    assert not Region.objects.filter(code="DE71").exists()


@pytest.mark.parametrize("role", ["analyst", "coordinator", "administrator"])
def test_it_shows_the_form_to_analysts_and_up(client_as: ClientAs, role: str) -> None:
    response = client_as(role).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_area">' in html
    assert 'list="area-options"' in html
    assert '<option value="DE71">Darmstadt · NUTS 2 · Duitsland</option>' in html
    assert '<option value="NO">Noorwegen · ' in html


def test_it_offers_only_areas_not_yet_in_kompas(client_as: ClientAs) -> None:
    html = client_as("analyst").get(URL).content.decode()
    for code in ("DE2", "NL41", "FR", "AT34"):
        assert f'<option value="{code}">' not in html


# --- adding ----------------------------------------------------------------------------------


def test_it_adds_a_nuts_region_as_a_candidate_under_its_nearest_known_ancestor(
    client_as: ClientAs,
) -> None:
    response = add(client_as("analyst"), "de71")
    assert response.status_code == 302
    assert response["Location"] == reverse("regions:profile", args=["DE71"])
    region = Region.objects.get(code="DE71")
    assert (region.scheme, region.name_nl, region.name_en) == ("nuts", "Darmstadt", "Darmstadt")
    assert region.is_candidate
    assert region.parent is not None
    assert region.parent.code == "DE7"
    assert region.source is not None
    assert region.source.key == "gisco-nuts-2021-60m"


def test_it_records_the_addition_in_the_audit_trail(client_as: ClientAs) -> None:
    add(client_as("analyst"), "DE71")
    event = AuditEvent.objects.get(action="region added")
    assert event.username == "analyst"
    assert event.region is not None
    assert event.region.code == "DE71"
    assert event.after == {
        "code": "DE71",
        "scheme": "nuts",
        "name_nl": "Darmstadt",
        "name_en": "Darmstadt",
        "parent": "DE7",
        "is_candidate": True,
    }


def test_it_adds_a_country_by_its_dutch_name_with_the_names_of_the_map_data(
    client_as: ClientAs,
) -> None:
    assert add(client_as("coordinator"), "noorwegen").status_code == 302
    norway = Region.objects.get(code="NO")
    assert (norway.scheme, norway.name_nl, norway.name_en) == ("iso3166-1", "Noorwegen", "Norway")
    assert norway.parent is None
    assert norway.source is not None
    assert norway.source.key == "naturalearth-110m"


def test_it_takes_the_names_the_analyst_gives(client_as: ClientAs) -> None:
    add(client_as("analyst"), "DE71", name_nl="Regierungsbezirk Darmstadt")
    region = Region.objects.get(code="DE71")
    assert (region.name_nl, region.name_en) == ("Regierungsbezirk Darmstadt", "Darmstadt")


def test_it_finds_the_country_of_a_greek_region_although_nuts_says_el(client_as: ClientAs) -> None:
    client = client_as("analyst")
    add(client, "GR")
    add(client, "EL30")
    attica = Region.objects.get(code="EL30")
    assert attica.parent is not None
    assert attica.parent.code == "GR"


def test_it_leaves_the_parent_empty_when_no_ancestor_is_in_kompas(client_as: ClientAs) -> None:
    add(client_as("analyst"), "PL91")
    assert Region.objects.get(code="PL91").parent is None


def test_the_new_region_appears_among_the_candidates_and_can_be_weighed(
    client_as: ClientAs,
) -> None:
    client = client_as("analyst")
    add(client, "DE71")
    assert "DE71" in tables_of(client.get("/").content.decode())["undecided"]
    state = current_state()
    compass, dataset = state.compass, state.dataset
    [inputs] = region_inputs(dataset, compass, ["DE71"])
    assert inputs.readings, "the national figures reach the new region"
    assert all(reading.proxy for reading in inputs.readings.values())
    assert {reading.value.region for reading in inputs.readings.values()} == {"DE"}


# --- refusing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "words"),
    [("DE2", ["DE2", "Beieren"]), ("Frankrijk", ["FR"]), ("ZZ99", ["ZZ99"]), ("", [])],
)
def test_it_refuses_duplicates_and_unknown_areas_naming_the_field_and_writes_nothing(
    client_as: ClientAs, typed: str, words: list[str]
) -> None:
    regions, events = Region.objects.count(), AuditEvent.objects.count()
    response = add(client_as("analyst"), typed)
    assert response.status_code == 200
    form = response.context["form"]
    [error] = form.errors["area"]
    if typed:
        assert error.startswith(f"{form.fields['area'].label}:")
    for word in words:
        assert word in error
    assert error in response.content.decode()
    assert nothing_written(regions, events)

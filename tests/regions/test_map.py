"""The map: GeoJSON of the overview's regions for map.js, drawn without any tile server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.regions import tables_of

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str | None], Client]
URL = reverse("regions:map_data")
MAP_JS = Path(__file__).parents[2] / "src" / "kompas" / "static" / "kompas" / "map.js"
UNMAPPED = {"CN-JS", "KR-41", "SG"}  # ISO 3166-2 regions; Singapore is too small for 1:110m


def collection(client: Client, **query: str) -> dict[str, Any]:
    response = client.get(URL, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data: dict[str, Any] = response.json()
    return data


def by_code(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["code"]: f for f in data["features"]}


def test_it_sends_anonymous_visitors_to_the_login_page(client_as: ClientAs) -> None:
    response = client_as(None).get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["viewer", "analyst", "coordinator", "administrator"])
def test_it_gives_every_role_a_feature_collection(client_as: ClientAs, role: str) -> None:
    assert collection(client_as(role))["type"] == "FeatureCollection"


def test_it_has_a_feature_for_every_mapped_region_of_the_overview(client_as: ClientAs) -> None:
    client = client_as("viewer")
    shown = {
        code for codes in tables_of(client.get("/").content.decode()).values() for code in codes
    }
    data = collection(client)
    assert set(by_code(data)) == (shown - UNMAPPED) | {"NL41"}
    assert set(data["unmapped"]) == UNMAPPED


def test_it_gives_each_feature_its_name_link_and_levels_per_track(client_as: ClientAs) -> None:
    feature = by_code(collection(client_as("viewer")))["DE2"]
    properties = feature["properties"]
    assert properties["name"] == "Beieren"
    assert properties["url"] == reverse("regions:profile", args=["DE2"])
    assert properties["section"] == "europe"
    assert set(properties["tracks"]) == {"innovation", "trade_invest"}
    innovation = properties["tracks"]["innovation"]
    assert innovation["decided"] == "inzet"
    assert innovation["decided_label"] == "Inzet"
    assert (innovation["advised_worst"], innovation["advised_best"]) == ("none", "inzet")
    assert innovation["advised"] is None  # an open range
    assert innovation["advised_label"] == "–…Inzet"
    assert innovation["agreement"] == "open"
    assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_it_gives_undecided_regions_no_decided_level(client_as: ClientAs) -> None:
    hessen = by_code(collection(client_as("viewer")))["DE7"]["properties"]
    assert hessen["tracks"]["innovation"]["decided"] is None
    assert hessen["section"] is None


def test_it_marks_the_reference_region(client_as: ClientAs) -> None:
    brabant = by_code(collection(client_as("viewer")))["NL41"]["properties"]
    assert brabant["reference"] is True
    assert brabant["tracks"] == {}


def test_it_draws_countries_before_the_regions_inside_them(client_as: ClientAs) -> None:
    codes = [f["properties"]["code"] for f in collection(client_as("viewer"))["features"]]
    assert codes.index("DE") < codes.index("DE2")
    assert codes.index("AT") < codes.index("AT34")


def test_it_applies_the_overviews_filters(client_as: ClientAs) -> None:
    data = collection(client_as("viewer"), theme="agrifood")
    assert "DED" not in by_code(data)
    assert "DE2" in by_code(data)
    assert "CN-JS" in data["unmapped"]


def test_it_serves_every_country_as_the_background(client_as: ClientAs) -> None:
    response = client_as("viewer").get(URL, {"layer": "background"})
    assert response.status_code == 200
    data = response.json()
    assert len(data["features"]) == 177
    assert {"code", "name"} == set(data["features"][0]["properties"])
    assert by_code(data)["FR"]["properties"]["name"] == "Frankrijk"


def test_the_overview_holds_the_map_with_a_label_a_legend_and_the_regions_not_on_it(
    client_as: ClientAs,
) -> None:
    html = client_as("viewer").get("/", {"theme": "agrifood"}).content.decode()
    assert 'id="kompas-map"' in html
    assert 'aria-label="' in html.split('id="kompas-map"')[1].split(">")[0]
    assert f'data-url="{URL}?theme=agrifood"' in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "kompas/map.js" in html
    assert 'name="map-mode"' in html
    assert 'name="map-track"' in html
    unmapped = html.split('id="unmapped"')[1]
    for code in ("CN-JS", "SG"):
        assert f'href="{reverse("regions:profile", args=[code])}"' in unmapped
    assert "EuroGeographics" in html


def test_the_map_script_uses_no_tile_layer_and_no_third_party(client_as: ClientAs) -> None:
    script = MAP_JS.read_text(encoding="utf-8")
    assert "tileLayer" not in script
    assert "leafletjs.com" in script  # the attribution link, not a request
    assert [line for line in script.splitlines() if "http" in line] == [
        line for line in script.splitlines() if "leafletjs.com" in line
    ]


def test_it_refuses_to_change_anything(client_as: ClientAs) -> None:
    assert client_as("administrator").post(URL).status_code == 405

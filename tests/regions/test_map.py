"""The map: GeoJSON of the overview's regions for map.js, drawn without any tile server."""

from __future__ import annotations

import re
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
MARKED = {"CN-JS", "KR-41", "SG"}  # ISO 3166-2 regions; Singapore is too small for 1:110m


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
    assert set(by_code(data)) == shown | {"NL41"}
    assert data["unmapped"] == []
    points = {code for code, f in by_code(data).items() if f["geometry"]["type"] == "Point"}
    assert points == MARKED


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
    assert by_code(data)["CN-JS"]["geometry"]["type"] == "Point"


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
    assert 'id="unmapped"' not in html  # every region is on it: an outline or a marker
    assert "EuroGeographics" in html


def test_the_map_script_uses_no_tile_layer_and_no_third_party(client_as: ClientAs) -> None:
    script = MAP_JS.read_text(encoding="utf-8")
    assert "tileLayer" not in script
    assert "leafletjs.com" in script  # the attribution link, not a request
    assert [line for line in script.splitlines() if "http" in line] == [
        line
        for line in script.splitlines()
        if "leafletjs.com" in line or "http://www.w3.org/2000/svg" in line  # SVG's namespace
    ]


def test_it_refuses_to_change_anything(client_as: ClientAs) -> None:
    assert client_as("administrator").post(URL).status_code == 405


# --- markers, regions without a decision, outermost regions, ranges, the opening view ----------


def test_it_draws_a_marker_at_the_cited_point_of_each_region_without_an_outline(
    client_as: ClientAs,
) -> None:
    features = by_code(collection(client_as("viewer")))
    jiangsu = features["CN-JS"]
    assert jiangsu["geometry"] == {"type": "Point", "coordinates": [118.767, 32.05]}
    point = jiangsu["properties"]["point"]
    assert point["section"] == "Nanjing, hoofdstad van Jiangsu: 32°03′N 118°46′E"
    assert point["source"].startswith("Wikipedia: ")
    assert point["url"].startswith("https://")
    assert features["SG"]["geometry"]["coordinates"] == [103.833, 1.283]
    assert features["KR-41"]["geometry"]["coordinates"] == [127.017, 37.267]
    assert jiangsu["properties"]["tracks"]["innovation"]["decided"] == "inzet"


def test_markers_come_after_every_outline_so_they_lie_on_top(client_as: ClientAs) -> None:
    kinds = [f["geometry"]["type"] for f in collection(client_as("viewer"))["features"]]
    first = kinds.index("Point")
    assert set(kinds[first:]) == {"Point"}


def test_china_and_ukraine_are_on_the_map_without_a_decision(client_as: ClientAs) -> None:
    features = by_code(collection(client_as("viewer")))
    for code in ("CN", "UA"):
        properties = features[code]["properties"]
        assert properties["section"] is None  # map.js hatches it, with a dashed outline
        assert {t["decided"] for t in properties["tracks"].values()} == {None}
    assert features["DE2"]["properties"]["section"] == "europe"


def polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    found: list[Any] = geometry["coordinates"]
    return found


def longitudes(polygon: list[Any]) -> list[float]:
    return [point[0] for point in polygon[0]]


def test_france_is_painted_without_french_guiana(client_as: ClientAs) -> None:
    client = client_as("viewer")
    france = by_code(collection(client))["FR"]["geometry"]
    assert all(min(longitudes(p)) > -10 for p in polygons(france))  # Europe and Corsica
    assert len(polygons(france)) == 2
    background = by_code(client.get(URL, {"layer": "background"}).json())["FR"]["geometry"]
    assert any(max(longitudes(p)) < -50 for p in polygons(background))  # grey underneath


def element(html: str, tag: str, marker: str) -> str:
    """The first `tag` element whose start tag contains `marker` (an id or a class), whole; the
    map's legend nests no element of the same tag."""
    found = re.search(rf"<{tag}\b[^>]*{re.escape(marker)}[^>]*>.*?</{tag}>", html, re.DOTALL)
    assert found is not None, marker
    return found.group(0)


def text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_the_legend_explains_hatching_markers_and_each_range_of_advice(
    client_as: ClientAs,
) -> None:
    html = client_as("viewer").get("/").content.decode()
    decided = element(html, "ul", 'id="map-legend-decided"')
    advised = element(html, "ul", 'id="map-legend-advised"')
    assert " hidden>" in advised.split(">")[0] + ">"
    assert 'class="kompas-swatch kompas-swatch--undecided"' in decided
    assert "gearceerd, gestippelde rand" in text(decided)
    ranges = [text(li) for li in re.findall(r'<li class="kompas-range">.*?</li>', advised)]
    assert "–…Inzet" in ranges
    assert "Reactieve inzet…Inzet" in ranges
    assert ranges.index("Reactieve inzet…Inzet") < ranges.index("–…Inzet")  # best first
    assert (
        'style="--kompas-worst: var(--kompas-color-level-none);'
        " --kompas-best: var(--kompas-color-level-inzet)"
    ) in advised
    note = text(element(html, "p", 'id="map-legend-ranges"'))
    assert note.startswith("Gestreept: het advies is nog een bandbreedte")
    legend = element(html, "div", 'class="kompas-map-legend"')
    assert "kompas-swatch--marker" in legend
    assert "Frans-Guyana" in text(legend)


def test_the_legend_speaks_english_too(client_as: ClientAs) -> None:
    client = client_as("viewer")
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    advised = element(html, "ul", 'id="map-legend-advised"')
    assert "Reactive…Active" in [
        text(li) for li in re.findall(r'<li class="kompas-range">.*?</li>', advised)
    ]


def test_the_map_opens_on_europe_up_to_the_north_cape() -> None:
    script = MAP_JS.read_text(encoding="utf-8")
    bounds = re.search(r"EUROPE = L\.latLngBounds\(\[(.+), (.+)\], \[(.+), (.+)\]\);", script)
    assert bounds is not None
    south, west, north, east = map(float, bounds.groups())
    assert north >= 71.2  # the North Cape lies at 71.17° N
    assert south <= 36
    assert west <= -10
    assert east >= 31
    opening = script.index("map.fitBounds(EUROPE);")
    assert opening < script.index("load(element.dataset.url)")
    assert "map.setView(" not in script


def test_a_region_with_neither_an_outline_nor_a_point_is_listed_as_not_on_the_map(
    client_as: ClientAs,
) -> None:
    from kompas.regions.models import Region

    Region.objects.create(code="CN-GD", scheme="iso3166-2", name_nl="Guangdong",
                          name_en="Guangdong", is_candidate=True)  # fmt: skip
    client = client_as("viewer")
    data = collection(client)
    assert data["unmapped"] == ["CN-GD"]
    assert "CN-GD" not in by_code(data)
    html = client.get("/").content.decode()
    unmapped = html.split('id="unmapped"')[1]
    assert f'href="{reverse("regions:profile", args=["CN-GD"])}"' in unmapped
    assert f'href="{reverse("regions:profile", args=["CN-JS"])}"' not in unmapped  # a marker

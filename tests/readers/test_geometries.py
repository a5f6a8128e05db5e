"""Boundaries for the map: GISCO's NUTS GeoJSON and Natural Earth's countries, the real files
(when the shared data folder is there) and a corpus of bad files, each refused by name."""

from __future__ import annotations

import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kompas.readers.base import Batch, Shape, SourceError
from kompas.readers.geometries import GiscoNutsReader, WorldCountriesReader, rounded_ring
from kompas.readers.registry import READERS, reader
from tests.dataset.shared import shared_file

NUTS = "nuts_geometries_gisco_2021_60M/NUTS_RG_60M_2021_4326_LEVL_{}.geojson"
NATURAL_EARTH = "world_countries_naturalearth_110m/ne_110m_admin_0_countries.json"
SHIPPED = Path(__file__).parents[2] / "src" / "kompas" / "default_data" / "geometries.geojson"
NUTS_NAME = "NUTS_RG_60M_2021_4326_LEVL_2.geojson"
CRS_4326 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
SQUARE = [[[4.0, 51.0], [5.0, 51.0], [5.0, 52.0], [4.0, 52.0], [4.0, 51.0]]]


@cache
def shipped() -> dict[str, dict[str, Any]]:
    features = json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: f for f in features if f["properties"]["code"]}


@cache
def nuts(level: int) -> Batch:
    return GiscoNutsReader().read(shared_file(NUTS.format(level)))


@cache
def countries() -> Batch:
    return WorldCountriesReader().read(shared_file(NATURAL_EARTH))


def as_shipped(shape: Shape) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {
            "code": shape.code,
            "scheme": shape.scheme,
            "level": shape.level,
            "name_nl": shape.name_nl,
            "name_en": shape.name_en,
            "parent": shape.parent,
        },
        "geometry": shape.geometry,
    }


# --- the real files ---------------------------------------------------------------------------


def test_both_readers_are_registered() -> None:
    assert isinstance(reader("gisco_nuts"), GiscoNutsReader)
    assert isinstance(reader("world_countries"), WorldCountriesReader)
    assert {"gisco_nuts", "world_countries"} <= set(READERS)


@pytest.mark.parametrize(("level", "count"), [(0, 37), (1, 125), (2, 334)])
def test_it_reads_every_nuts_region_of_each_level(level: int, count: int) -> None:
    batch = nuts(level)
    assert len(batch.shapes) == count
    assert {s.level for s in batch.shapes} == {level}
    assert not batch.values
    assert not batch.indicators
    assert not batch.skipped
    assert (batch.publisher, batch.edition) == ("Eurostat GISCO", "2021")
    assert batch.title == f"NUTS 2021 region polygons, 1:60 million, level {level}"


def test_its_nuts_countries_get_iso_codes_and_regions_their_parents() -> None:
    level0 = {s.code: s for s in nuts(0).shapes}
    assert {"GR", "GB", "NL"} <= set(level0)
    assert not {"EL", "UK"} & set(level0)
    assert (level0["NL"].scheme, level0["NL"].parent) == ("iso3166-1", None)
    level1 = {s.code: s for s in nuts(1).shapes}
    assert (level1["EL3"].parent, level1["UKC"].parent, level1["NL4"].parent) == ("GR", "GB", "NL")
    brabant = next(s for s in nuts(2).shapes if s.code == "NL41")
    assert (brabant.scheme, brabant.name_nl, brabant.name_en) == (
        "nuts",
        "Noord-Brabant",
        "Noord-Brabant",
    )
    assert brabant.parent == "NL4"
    assert brabant.row > 0


def test_it_trims_the_names_gisco_publishes_with_trailing_line_breaks() -> None:
    svalbard = next(s for s in nuts(2).shapes if s.code == "NO0B")
    assert svalbard.name_en == "Jan Mayen and Svalbard"


def test_it_reads_all_177_countries_and_skips_the_two_without_an_iso_code() -> None:
    batch = countries()
    assert len(batch.shapes) + len(batch.skipped) == 177
    assert len(batch.shapes) == 175
    assert {s.text for s in batch.skipped} == {
        "Turkish Republic of Northern Cyprus",
        "Somaliland",
    }
    assert (batch.publisher, batch.edition) == ("Natural Earth", "1:110m")


def test_it_joins_natural_earth_on_iso_a2_eh_so_france_and_norway_have_their_codes() -> None:
    found = {s.code: s for s in countries().shapes}
    assert (found["FR"].name_nl, found["FR"].name_en) == ("Frankrijk", "France")
    assert found["NO"].name_nl == "Noorwegen"
    assert {s.scheme for s in found.values()} == {"iso3166-1"}
    assert {s.level for s in found.values()} == {0}


@pytest.mark.parametrize("level", [1, 2])
def test_its_nuts_shapes_equal_the_shipped_map_files(level: int) -> None:
    for shape in nuts(level).shapes:
        assert as_shipped(shape) == shipped()[shape.code], shape.code


def test_its_countries_equal_the_shipped_map_files() -> None:
    for shape in countries().shapes:
        assert as_shipped(shape) == shipped()[shape.code], shape.code


def test_it_rounds_to_four_decimals_without_repeated_points() -> None:
    ring = [[1.00001, 2.00001], [1.00002, 2.00002], [3.123456, 4.0], [-0.00001, 2.0]]
    assert rounded_ring(ring) == [[1.0, 2.0], [3.1235, 4.0], [0.0, 2.0], [1.0, 2.0]]
    assert "-0.0" not in json.dumps(rounded_ring(ring))


def test_it_reports_progress() -> None:
    seen: list[tuple[int, int]] = []
    GiscoNutsReader().read(
        shared_file(NUTS.format(2)), lambda done, total: seen.append((done, total))
    )
    assert seen[-1] == (334, 334)


# --- small files ------------------------------------------------------------------------------


def feature(properties: dict[str, Any], geometry: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": geometry
        if geometry is not None
        else {"type": "Polygon", "coordinates": SQUARE},
    }


def nuts_properties(code: str = "NL41", name: str = "Noord-Brabant") -> dict[str, Any]:
    return {
        "NUTS_ID": code,
        "LEVL_CODE": len(code) - 2,
        "CNTR_CODE": code[:2],
        "NAME_LATN": name,
        "NUTS_NAME": name,
    }


def collection(*features: dict[str, Any], crs: dict[str, Any] | None = CRS_4326) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "FeatureCollection", "features": list(features)}
    if crs is not None:
        data["crs"] = crs
    return data


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_small_gisco_file_becomes_shapes(tmp_path: Path) -> None:
    data = collection(feature(nuts_properties("NL41")), feature(nuts_properties("EL30", "Attiki")))
    batch = GiscoNutsReader().read(write(tmp_path / NUTS_NAME, data))
    assert [(s.code, s.parent, s.row) for s in batch.shapes] == [
        ("NL41", "NL4", 1),
        ("EL30", "EL3", 2),
    ]
    assert batch.shapes[0].geometry == {"type": "Polygon", "coordinates": SQUARE}


def test_a_gisco_file_without_a_crs_member_is_read_as_longitude_latitude(tmp_path: Path) -> None:
    path = write(tmp_path / NUTS_NAME, collection(feature(nuts_properties()), crs=None))
    assert [s.code for s in GiscoNutsReader().read(path).shapes] == ["NL41"]


def test_a_renamed_file_needs_the_edition(tmp_path: Path) -> None:
    path = write(tmp_path / "regions.geojson", collection(feature(nuts_properties())))
    with pytest.raises(SourceError) as caught:
        GiscoNutsReader().read(path)
    assert str(caught.value).startswith(
        "regions.geojson: the file name does not state the NUTS version"
    )
    assert GiscoNutsReader("2024").read(path).edition == "2024"


# --- the bad-file corpus ----------------------------------------------------------------------


def _zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("NUTS.geojson", json.dumps(collection(feature(nuts_properties()))))
    return path


BAD_NUTS: list[tuple[str, Any, str]] = [
    # (case, file content: text or JSON data, or a callable writing it; the exact error)
    ("empty file", "", f"{NUTS_NAME}: the file is empty"),
    (
        "not JSON",
        "NUTS_ID;NAME\nNL41;Noord-Brabant\n",
        f"{NUTS_NAME}: not JSON (line 1, column 1: Expecting value)",
    ),
    (
        "truncated JSON",
        '{"type": "FeatureCollection", "features": [',
        f"{NUTS_NAME}: not JSON (line 1, column 44: Expecting value)",
    ),
    (
        "JSON but not a FeatureCollection",
        feature(nuts_properties()),
        f"{NUTS_NAME}: not a GeoJSON FeatureCollection (type: 'Feature')",
    ),
    ("a JSON list", [1, 2], f"{NUTS_NAME}: not a GeoJSON FeatureCollection (type: 'list')"),
    (
        "no features",
        collection(),
        f"{NUTS_NAME}: the FeatureCollection has no features",
    ),
    (
        "wrong CRS",
        collection(
            feature(nuts_properties()),
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3035"}},
        ),
        f"{NUTS_NAME}: coordinate reference system urn:ogc:def:crs:EPSG::3035; expected"
        " EPSG:4326 (longitude and latitude in degrees): take the publisher's 4326 file",
    ),
    (
        "missing NUTS_ID",
        collection(
            feature(nuts_properties("NL41")),
            feature({k: v for k, v in nuts_properties("NL42").items() if k != "NUTS_ID"}),
        ),
        f"{NUTS_NAME}: feature 2: property NUTS_ID: missing",
    ),
    (
        "missing NAME_LATN",
        collection(feature({k: v for k, v in nuts_properties().items() if k != "NAME_LATN"})),
        f"{NUTS_NAME}: feature 1: property NAME_LATN: missing",
    ),
    (
        "duplicate code",
        collection(
            feature(nuts_properties("NL41")),
            feature(nuts_properties("NL42")),
            feature(nuts_properties("NL41")),
        ),
        f"{NUTS_NAME}: feature 3: property NUTS_ID: a second feature for NL41"
        " (the first is feature 1)",
    ),
    (
        "Point geometry",
        collection(feature(nuts_properties(), {"type": "Point", "coordinates": [5.0, 51.5]})),
        f"{NUTS_NAME}: feature 1: property geometry: geometry type 'Point'; expected Polygon or"
        " MultiPolygon (region polygons)",
    ),
    (
        "feature without geometry",
        collection({"type": "Feature", "properties": nuts_properties(), "geometry": None}),
        f"{NUTS_NAME}: feature 1: property geometry: the feature has no geometry",
    ),
    (
        "projected coordinates without a crs member",
        collection(
            feature(
                nuts_properties(),
                {
                    "type": "Polygon",
                    "coordinates": [[[3.9e6, 3.1e6], [4e6, 3.1e6], [4e6, 3.2e6], [3.9e6, 3.1e6]]],
                },
            ),
            crs=None,
        ),
        f"{NUTS_NAME}: feature 1: property geometry: [3900000.0, 3100000.0] is not a longitude"
        " and latitude in degrees (projected coordinates? Kompas reads EPSG:4326)",
    ),
    (
        "an open polygon of two points",
        collection(
            feature(
                nuts_properties(), {"type": "Polygon", "coordinates": [[[4.0, 51.0], [5.0, 51.0]]]}
            )
        ),
        f"{NUTS_NAME}: feature 1: property geometry: a ring of fewer than 4 positions",
    ),
    (
        "level 1 in the level 2 file",
        collection(feature(nuts_properties("NL4"))),
        f"{NUTS_NAME}: feature 1: property LEVL_CODE: NL4 has level 1 in the level 2 file",
    ),
    (
        "a level that does not fit the code",
        collection(feature({**nuts_properties("NL41"), "LEVL_CODE": 3})),
        f"{NUTS_NAME}: feature 1: property LEVL_CODE: NL41 is not a code of NUTS level 3",
    ),
    (
        "a code that is not NUTS",
        collection(feature({**nuts_properties("NL41"), "NUTS_ID": "Noord-Brabant"})),
        f"{NUTS_NAME}: feature 1: property NUTS_ID: 'NOORD-BRABANT' is not a NUTS code",
    ),
    (
        "another country's code",
        collection(feature({**nuts_properties("NL41"), "CNTR_CODE": "BE"})),
        f"{NUTS_NAME}: feature 1: property CNTR_CODE: BE is not the country of NL41",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"), [(c, m) for _n, c, m in BAD_NUTS], ids=[n for n, _c, _m in BAD_NUTS]
)
def test_a_bad_gisco_file_is_refused_with_file_feature_and_property(
    tmp_path: Path, content: Any, message: str
) -> None:
    path = tmp_path / NUTS_NAME
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        write(path, content)
    with pytest.raises(SourceError) as caught:
        GiscoNutsReader().read(path)
    assert str(caught.value) == message


def test_a_geojson_that_is_really_a_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        GiscoNutsReader().read(_zip(tmp_path / NUTS_NAME))
    assert str(caught.value) == (
        f"{NUTS_NAME}: an Excel workbook or zip archive, not a .geojson file"
    )


def test_a_file_named_for_another_projection_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path / "NUTS_RG_60M_2021_3035_LEVL_2.geojson", collection(feature(nuts_properties()))
    )
    with pytest.raises(SourceError) as caught:
        GiscoNutsReader().read(path)
    assert str(caught.value) == (
        "NUTS_RG_60M_2021_3035_LEVL_2.geojson: the file name says EPSG:3035; Kompas reads the"
        " EPSG:4326 file (longitude and latitude)"
    )


def test_a_file_of_another_kind_is_refused_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "NUTS_RG_60M_2021_4326_LEVL_2.shp"
    path.write_bytes(b"\x00\x00\x27\x0a")
    with pytest.raises(SourceError) as caught:
        GiscoNutsReader().read(path)
    assert str(caught.value) == (
        "NUTS_RG_60M_2021_4326_LEVL_2.shp: expected a .geojson or .json file, got '.shp'"
    )


NE_NAME = "ne_110m_admin_0_countries.json"


def country(code: str, name_en: str, name_nl: str | None = None) -> dict[str, Any]:
    return feature({"ISO_A2": code, "ISO_A2_EH": code, "NAME_EN": name_en, "NAME_NL": name_nl})


BAD_COUNTRIES: list[tuple[str, Any, str]] = [
    (
        "missing ISO_A2_EH",
        collection(country("NL", "Netherlands"), feature({"ISO_A2": "BE", "NAME_EN": "Belgium"})),
        f"{NE_NAME}: feature 2: property ISO_A2_EH: missing",
    ),
    (
        "duplicate code",
        collection(country("NL", "Netherlands"), country("NL", "Holland")),
        f"{NE_NAME}: feature 2: property ISO_A2_EH: a second feature for NL"
        " (the first is feature 1)",
    ),
    (
        "a code that is not ISO",
        collection(country("NLD", "Netherlands")),
        f"{NE_NAME}: feature 1: property ISO_A2_EH: 'NLD' is not an ISO 3166-1 alpha-2 code",
    ),
    (
        "missing NAME_EN",
        collection(feature({"ISO_A2_EH": "NL"})),
        f"{NE_NAME}: feature 1: property NAME_EN: missing",
    ),
    (
        "a line instead of a polygon",
        collection(
            feature(
                {"ISO_A2_EH": "NL", "NAME_EN": "Netherlands"},
                {"type": "LineString", "coordinates": [[4.0, 51.0], [5.0, 52.0]]},
            )
        ),
        f"{NE_NAME}: feature 1: property geometry: geometry type 'LineString'; expected Polygon"
        " or MultiPolygon (region polygons)",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"),
    [(d, m) for _n, d, m in BAD_COUNTRIES],
    ids=[n for n, _d, _m in BAD_COUNTRIES],
)
def test_a_bad_countries_file_is_refused_with_file_feature_and_property(
    tmp_path: Path, data: Any, message: str
) -> None:
    with pytest.raises(SourceError) as caught:
        WorldCountriesReader().read(write(tmp_path / NE_NAME, data))
    assert str(caught.value) == message


def test_a_country_without_a_dutch_name_gets_its_english_one(tmp_path: Path) -> None:
    data = collection(country("NL", "Netherlands", "Nederland"), country("KP", "North Korea"))
    found = WorldCountriesReader().read(write(tmp_path / NE_NAME, data)).shapes
    assert [(s.code, s.name_nl) for s in found] == [("NL", "Nederland"), ("KP", "North Korea")]

"""The shipped map file: every region Kompas names, only the properties it needs, and exactly
what scripts/build_geometries.py makes of the publishers' files (when they are present)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.dataset.shared import SHARED_DATA, default_dataset

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "src" / "kompas" / "default_data" / "geometries.geojson"
SCRIPT = ROOT / "scripts" / "build_geometries.py"
SOURCES = ROOT / "src" / "kompas" / "default_data" / "sources.toml"
KNOWN_ABSENT = {"SG"}  # Singapore is too small for Natural Earth's 1:110m countries
PROPERTIES = {"code", "scheme", "level", "name_nl", "name_en", "parent"}


@cache
def shipped() -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]
    return features


def properties(code: str) -> dict[str, Any]:
    return next(f["properties"] for f in shipped() if f["properties"]["code"] == code)


def coordinates(geometry: dict[str, Any]) -> list[float]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [value for polygon in polygons for ring in polygon for point in ring for value in point]


def test_it_has_every_nuts_and_iso_3166_1_region_of_the_default_data_except_singapore() -> None:
    wanted = {
        (r.code, r.scheme)
        for r in default_dataset().regions.values()
        if r.scheme in ("nuts", "iso3166-1")
    }
    present = {(f["properties"]["code"], f["properties"]["scheme"]) for f in shipped()}
    assert {code for code, _scheme in wanted - present} == KNOWN_ABSENT


def test_it_has_all_177_countries_and_the_nuts_regions_of_levels_1_and_2() -> None:
    counts = Counter((f["properties"]["scheme"], f["properties"]["level"]) for f in shipped())
    assert counts == {("iso3166-1", 0): 177, ("nuts", 1): 125, ("nuts", 2): 334}


def test_its_codes_are_unique_and_only_two_countries_have_none() -> None:
    codes = [f["properties"]["code"] for f in shipped()]
    assert len({c for c in codes if c}) == len([c for c in codes if c])
    nameless = {f["properties"]["name_en"] for f in shipped() if not f["properties"]["code"]}
    assert nameless == {"Turkish Republic of Northern Cyprus", "Somaliland"}


def test_it_joins_natural_earth_on_iso_a2_eh_so_france_and_norway_have_their_codes() -> None:
    assert properties("FR")["name_nl"] == "Frankrijk"
    assert properties("NO")["name_en"] == "Norway"


def test_it_keeps_only_the_needed_properties_and_four_decimals() -> None:
    for feature in shipped():
        assert set(feature["properties"]) == PROPERTIES
        values = coordinates(feature["geometry"])
        assert all(round(value, 4) == value for value in values)


def test_its_nuts_parents_are_the_code_minus_a_character_or_the_iso_country() -> None:
    assert properties("NL41")["parent"] == "NL4"
    assert properties("NL4")["parent"] == "NL"
    assert properties("EL3")["parent"] == "GR"  # NUTS says EL, ISO 3166-1 says GR
    assert properties("UKC")["parent"] == "GB"  # NUTS says UK, ISO 3166-1 says GB
    assert properties("DE")["parent"] is None


def test_it_is_one_feature_per_line_for_readable_diffs() -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(shipped()) + 2


def shared(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (set KOMPAS_SHARED_DATA to the shared data folder)")
    return path


def test_it_equals_the_scripts_output_from_the_publishers_files(tmp_path: Path) -> None:
    shared("world_countries_naturalearth_110m/ne_110m_admin_0_countries.json")
    output = tmp_path / "geometries.geojson"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--shared", str(SHARED_DATA), "--output", str(output)],
        check=True,
        capture_output=True,
    )
    assert output.read_bytes() == SHIPPED.read_bytes()


NUTS = "nuts_geometries_gisco_2021_60M/NUTS_RG_60M_2021_4326_LEVL_{}.geojson"


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("naturalearth-110m", "world_countries_naturalearth_110m/ne_110m_admin_0_countries.json"),
        ("gisco-nuts-2021-60m", NUTS.format(1)),
        ("gisco-nuts-2021-60m", NUTS.format(2)),
    ],
)
def test_its_sources_name_each_input_file_with_its_sha256(source: str, name: str) -> None:
    digest = hashlib.sha256(shared(name).read_bytes()).hexdigest()
    entry = next(
        s for s in tomllib.loads(SOURCES.read_text(encoding="utf-8"))["source"] if s["id"] == source
    )
    assert Path(name).name in entry["file"]
    assert digest == entry.get("sha256") or re.search(rf"\b{digest}\b", entry["note"])


def test_its_sources_give_the_attribution_the_publishers_ask_for() -> None:
    entries = {s["id"]: s for s in tomllib.loads(SOURCES.read_text(encoding="utf-8"))["source"]}
    assert (
        "© EuroGeographics for the administrative boundaries"
        in entries["gisco-nuts-2021-60m"]["note"]
    )
    assert "Public domain" in entries["naturalearth-110m"]["note"]


def test_the_map_paints_a_country_without_its_outermost_regions() -> None:
    from kompas.regions.geometries import (
        OUTERMOST_REGIONS,
        shipped_geometries,
        without_outermost_regions,
    )

    france = shipped_geometries()["FR"]
    assert len(france["coordinates"]) == 3  # Natural Earth: metropolitan France, Corsica, Guiana
    clipped = without_outermost_regions("FR", france)
    assert clipped["type"] == "MultiPolygon"
    assert clipped["coordinates"] == [p for p in france["coordinates"] if p[0][0][0] > -20]
    assert {code[:2] for code in OUTERMOST_REGIONS} == {"FR", "PT", "ES"}
    assert all(code in shipped_geometries() for code in OUTERMOST_REGIONS)
    for code in ("PT", "ES", "DE", "NO", "US"):  # nothing of theirs at 1:110m lies in one
        assert (
            without_outermost_regions(code, shipped_geometries()[code])
            == (shipped_geometries()[code])
        )

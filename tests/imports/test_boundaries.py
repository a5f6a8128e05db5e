"""Importing boundaries for the map: stored with provenance, the same file twice changes
nothing, a bad file leaves the database as it was, and the map draws the imported shapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from kompas.imports import services
from kompas.imports.models import ImportRun
from kompas.readers.base import SourceError
from kompas.regions.geometries import areas, mapped_areas, shipped_geometries
from kompas.regions.models import Boundary
from kompas.reports.imports import render_plan, render_report
from tests.dataset.shared import shared_file
from tests.imports.previews import token_of

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]

LEVEL_2 = "nuts_geometries_gisco_2021_60M/NUTS_RG_60M_2021_4326_LEVL_2.geojson"
NUTS_NAME = "NUTS_RG_60M_2021_4326_LEVL_{}.geojson"
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[4.0, 51.0], [6.0, 51.0], [6.0, 52.0], [4.0, 52.0], [4.0, 51.0]]],
}
MAP = reverse("regions:map_data")


def _boundaries() -> list[tuple[Any, ...]]:
    return sorted(
        Boundary.objects.values_list(
            "code", "scheme", "level", "name_nl", "name_en", "parent_code", "source_id", "run_id"
        )
    )


def _nuts_file(path: Path, *regions: tuple[str, str, dict[str, Any]]) -> Path:
    """A small GISCO file: (NUTS code, name, geometry) per feature."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "NUTS_ID": code,
                "LEVL_CODE": len(code) - 2,
                "CNTR_CODE": code[:2],
                "NAME_LATN": name,
                "NUTS_NAME": name,
            },
            "geometry": geometry,
        }
        for code, name, geometry in regions
    ]
    path.write_text(
        json.dumps({"type": "FeatureCollection", "crs": CRS, "features": features}),
        encoding="utf-8",
    )
    return path


def _countries_file(path: Path, *countries: tuple[str, str, str, dict[str, Any]]) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": {"ISO_A2": code, "ISO_A2_EH": code, "NAME_EN": en, "NAME_NL": nl},
            "geometry": geometry,
        }
        for code, nl, en, geometry in countries
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


# --- storing ----------------------------------------------------------------------------------


def test_the_gisco_level_2_file_is_stored_with_its_provenance() -> None:
    path = shared_file(LEVEL_2)
    user = User.objects.get(username="analyst")
    plan = services.read("gisco_nuts", path)
    assert (len(plan.shapes_added), len(plan.shapes_changed), plan.shapes_unchanged) == (334, 0, 0)
    assert not Boundary.objects.exists()  # the preview writes nothing
    assert "new: 334" in render_plan(plan, "en")
    run = services.apply(plan, user)
    assert run is not None
    assert Boundary.objects.count() == 334
    brabant = Boundary.objects.select_related("source", "run").get(code="NL41")
    assert (brabant.scheme, brabant.level, brabant.name_nl, brabant.parent_code) == (
        "nuts",
        2,
        "Noord-Brabant",
        "NL4",
    )
    assert brabant.geometry == shipped_geometries()["NL41"]
    assert brabant.run == run
    assert (run.source, run.publisher, run.edition, run.file_name, run.imported_by) == (
        "gisco_nuts",
        "Eurostat GISCO",
        "2021",
        path.name,
        user,
    )
    assert run.imported_at is not None
    assert run.imported_by_name == "analyst"
    assert run.sha256 == services.sha256_of(path)
    assert (brabant.source.sha256, brabant.source.file, brabant.source.publisher) == (
        run.sha256,
        path.name,
        "Eurostat GISCO",
    )
    assert run.report["shapes_added"] == 334
    assert render_report(run.report, "en").startswith("Stored boundaries: 334 new, 0 changed.")


def test_importing_the_same_file_twice_changes_nothing() -> None:
    path = shared_file(LEVEL_2)
    services.apply(services.read("gisco_nuts", path))
    before = _boundaries()
    again = services.read("gisco_nuts", path)
    assert again.earlier is not None
    assert (len(again.shapes_added), len(again.shapes_changed), again.shapes_unchanged) == (
        0,
        0,
        334,
    )
    assert not again.writes
    assert services.apply(again) is None
    assert _boundaries() == before
    assert ImportRun.objects.count() == 1
    assert "Nothing changes" in render_plan(again, "en")


def test_a_new_shape_or_name_replaces_the_stored_one_and_the_rest_stays(tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    moved = {**SQUARE, "coordinates": [[[4.0, 51.0], [6.5, 51.0], [6.0, 52.0], [4.0, 51.0]]]}
    services.apply(
        services.read(
            "gisco_nuts",
            _nuts_file(
                first / NUTS_NAME.format(2),
                ("NL41", "Noord-Brabant", SQUARE),
                ("NL42", "Limburg (NL)", SQUARE),
                ("BE21", "Prov. Antwerpen", SQUARE),
            ),
        )
    )
    original = Boundary.objects.get(code="BE21").run
    plan = services.read(
        "gisco_nuts",
        _nuts_file(
            tmp_path / NUTS_NAME.format(2),
            ("NL41", "Noord-Brabant", moved),
            ("NL42", "Limburg", SQUARE),
            ("BE21", "Prov. Antwerpen", SQUARE),
        ),
    )
    assert sorted(s.code for s in plan.shapes_changed) == ["NL41", "NL42"]
    assert (plan.shapes_added, plan.shapes_unchanged) == ([], 1)
    run = services.apply(plan)
    assert run is not None
    assert Boundary.objects.get(code="NL41").geometry == moved
    assert Boundary.objects.get(code="NL42").name_nl == "Limburg"
    assert Boundary.objects.get(code="NL41").run == run
    assert Boundary.objects.get(code="BE21").run == original
    assert run.report["shapes_changed_codes"] == ["NL41", "NL42"]


def test_a_bad_file_is_refused_and_the_database_stays_as_it_was(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    services.apply(
        services.read(
            "gisco_nuts", _nuts_file(good / NUTS_NAME.format(2), ("NL41", "Noord-Brabant", SQUARE))
        )
    )
    before = (_boundaries(), list(ImportRun.objects.values_list("id", "sha256")))
    bad = _nuts_file(
        tmp_path / NUTS_NAME.format(2),
        ("NL41", "Noord-Brabant", {**SQUARE, "coordinates": [[[5, 51], [6, 51]]]}),
        ("NL42", "Limburg", SQUARE),
    )
    with pytest.raises(SourceError) as caught:
        services.read("gisco_nuts", bad)
    assert str(caught.value) == (
        f"{bad.name}: feature 1: property geometry: a ring of fewer than 4 positions"
    )
    assert (_boundaries(), list(ImportRun.objects.values_list("id", "sha256"))) == before


def test_the_countries_file_is_stored_without_the_two_countries_without_a_code() -> None:
    path = shared_file("world_countries_naturalearth_110m/ne_110m_admin_0_countries.json")
    run = services.apply(services.read("world_countries", path))
    assert run is not None
    assert Boundary.objects.count() == 175
    assert Boundary.objects.get(code="FR").name_nl == "Frankrijk"
    assert len(run.report["skipped"]) == 2


# --- the map ----------------------------------------------------------------------------------


def _map(client: Client, **query: str) -> dict[str, dict[str, Any]]:
    response = client.get(MAP, query)
    assert response.status_code == 200
    return {f["properties"]["code"]: f for f in response.json()["features"]}


def test_the_map_serves_the_imported_shapes(client_as: ClientAs, tmp_path: Path) -> None:
    client = client_as("viewer")
    shipped = _map(client)
    services.apply(services.read("gisco_nuts", shared_file(LEVEL_2)))
    imported = _map(client)
    assert set(imported) == set(shipped)
    stored = dict(Boundary.objects.values_list("code", "geometry"))
    level_2 = [code for code in imported if code in stored]
    assert "NL41" in level_2
    for code in level_2:
        assert imported[code]["geometry"] == stored[code]
    # a changed shape is what the map draws; the other levels stay on the shipped file
    services.apply(
        services.read(
            "gisco_nuts",
            _nuts_file(tmp_path / NUTS_NAME.format(2), ("NL41", "Noord-Brabant", SQUARE)),
        )
    )
    after = _map(client)
    assert after["NL41"]["geometry"] == SQUARE
    assert after["DE2"]["geometry"] == shipped_geometries()["DE2"]  # NUTS 1, not imported


def test_the_background_serves_imported_countries(client_as: ClientAs, tmp_path: Path) -> None:
    client = client_as("viewer")
    before = _map(client, layer="background")
    assert len(before) == 177 - 1  # two countries without a code share the key None
    services.apply(
        services.read(
            "world_countries",
            _countries_file(
                tmp_path / "ne_110m_admin_0_countries.json",
                ("FR", "Frankrijk", "France", SQUARE),
                ("MT", "Malta", "Malta", SQUARE),
            ),
        )
    )
    after = _map(client, layer="background")
    assert after["FR"]["geometry"] == SQUARE
    assert after["FR"]["properties"]["name"] == "Frankrijk"
    assert after["DE"]["geometry"] == before["DE"]["geometry"]
    assert after["MT"]["geometry"] == SQUARE  # too small for 1:110m, now on the map
    assert len(after) == len(before) + 1


def test_an_imported_region_the_shipped_file_lacks_can_be_mapped(tmp_path: Path) -> None:
    assert "NL413" not in areas()
    services.apply(
        services.read(
            "gisco_nuts",
            _nuts_file(
                tmp_path / NUTS_NAME.format(3), ("NL413", "Noordoost-Noord-Brabant", SQUARE)
            ),
        )
    )
    area = mapped_areas()["NL413"]
    assert (area.scheme, area.level, area.parent) == ("nuts", 3, "NL41")
    assert "NL413" not in areas()  # the catalogue for adding regions stays the shipped file


# --- the upload page --------------------------------------------------------------------------


def test_the_upload_page_previews_and_imports_boundaries(
    client_as: ClientAs, tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IMPORT_WAIT = True
    settings.KOMPAS_HOME = tmp_path
    client = client_as("analyst")
    path = _nuts_file(tmp_path / NUTS_NAME.format(2), ("NL41", "Noord-Brabant", SQUARE))
    with path.open("rb") as handle:
        response = client.post(
            "/imports/upload/", {"source": "gisco_nuts", "file": handle, "edition": ""}
        )
    assert response.status_code == 302
    job = str(response["Location"])
    preview = client.get(job).content.decode()
    assert "New boundaries" in preview or "Nieuwe grenzen" in preview
    assert not Boundary.objects.exists()
    response = client.post(job + "accept/", {"token": token_of(preview)})
    run = ImportRun.objects.get()
    assert response["Location"] == f"/imports/{run.pk}/"
    assert Boundary.objects.get(code="NL41").run == run

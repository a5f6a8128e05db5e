"""Damaged and hostile files on the command line and the web: a clear error naming the file, no
traceback, no 500, nothing stored, and the upload removed."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from kompas.imports.models import ImportJob, ImportRun
from kompas.regions.models import Boundary, IndicatorValue
from tests.cli.support import run
from tests.imports.wgi_files import every_indicator, write_wgi
from tests.readers import hostile_files as hostile

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]
NUTS_NAME = "NUTS_RG_60M_2021_4326_LEVL_2.geojson"


def _valid(tmp_path: Path) -> Path:
    return write_wgi(tmp_path / "valid.xlsx", every_indicator("CHN", "China", 2024, 1.9))


def _hostile(tmp_path: Path) -> list[tuple[str, Path]]:
    valid = _valid(tmp_path)
    return [
        ("wgi", hostile.bit_flipped(valid, tmp_path / "flipped.xlsx", 1500)),
        ("wgi", hostile.xxe(valid, tmp_path / "xxe.xlsx")),
        ("wgi", hostile.billion_laughs(valid, tmp_path / "laughs.xlsx")),
        ("wgi", hostile.zip_bomb(valid, tmp_path / "bomb.xlsx", 3)),
        ("gisco_nuts", hostile.deeply_nested_geojson(tmp_path / NUTS_NAME, 50_000)),
    ]


def _stored() -> tuple[int, int, int]:
    return IndicatorValue.objects.count(), Boundary.objects.count(), ImportRun.objects.count()


def test_the_command_line_refuses_each_hostile_file_naming_it_without_a_traceback(
    tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IMPORT_MAX_UNZIPPED_MB = 2
    before = _stored()
    for source, path in _hostile(tmp_path):
        result = run("import", source, str(path))
        assert result.exit_code == 1, (path.name, result.output)
        assert result.stderr.startswith(f"Error: {path.name}: "), result.stderr
        assert "Traceback" not in result.output
        assert _stored() == before


def test_the_bit_flipped_workbook_says_it_is_damaged(tmp_path: Path) -> None:
    path = hostile.bit_flipped(_valid(tmp_path), tmp_path / "flipped.xlsx", 1500)
    message = run("import", "wgi", str(path), "--lang", "en").stderr
    assert "flipped.xlsx: cannot be read as an Excel workbook (" in message


def test_the_unpacked_size_limit_is_a_setting(tmp_path: Path, settings: SettingsWrapper) -> None:
    bomb = hostile.zip_bomb(_valid(tmp_path), tmp_path / "bomb.xlsx", 3)
    settings.KOMPAS_IMPORT_MAX_UNZIPPED_MB = 2
    assert "unpacks to 3.0 MB; at most 2.0 MB" in run("import", "wgi", str(bomb)).stderr
    settings.KOMPAS_IMPORT_MAX_UNZIPPED_MB = 100
    assert run("import", "wgi", str(bomb), "--dry-run").exit_code == 0


def test_the_parts_and_geojson_limits_are_settings(
    tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IMPORT_MAX_PARTS = 5
    many = hostile.many_members(_valid(tmp_path), tmp_path / "parts.xlsx", 1)
    assert "10 parts; at most 5" in run("import", "wgi", str(many)).stderr
    settings.KOMPAS_IMPORT_MAX_GEOJSON_MB = 1
    big = hostile.geojson_of_size(tmp_path / NUTS_NAME, 2)
    assert "at most 1.0 MB for GeoJSON" in run("import", "gisco_nuts", str(big)).stderr


@pytest.fixture
def web(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.KOMPAS_IMPORT_WAIT = True
    settings.KOMPAS_HOME = tmp_path / "home"
    settings.KOMPAS_IMPORT_MAX_UNZIPPED_MB = 2
    return tmp_path / "home" / "uploads"


def test_the_web_refuses_each_hostile_file_naming_it_and_keeps_no_upload(
    client_as: ClientAs, tmp_path: Path, web: Path
) -> None:
    client = client_as("analyst")
    before = _stored()
    for source, path in _hostile(tmp_path):
        with path.open("rb") as handle:
            response = client.post("/imports/upload/", {"source": source, "file": handle})
        assert response.status_code == 302, path.name
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert f"{path.name}: " in page.content.decode()
        assert client.post(response["Location"] + "accept/").status_code == 404
        assert _stored() == before
        assert not any(web.rglob("*.*")), path.name  # a refused file is not kept
    assert ImportJob.objects.filter(status="failed").count() == len(_hostile(tmp_path))

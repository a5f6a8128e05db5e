"""A region's point for the map (regions.toml: point, point_source, point_section): read as a
cited fact, refused with the file, row and field when it is wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kompas.dataset import DataError, default_data_dir, load_dataset
from kompas.dataset.folder import load_points
from tests.factories import embedded_compass


def test_the_default_data_places_jiangsu_gyeonggi_and_singapore_at_their_capitals() -> None:
    points, sources = load_points()
    assert {code: (p.lon, p.lat) for code, p in points.items()} == {
        "CN-JS": (118.767, 32.05),  # Nanjing
        "KR-41": (127.017, 37.267),  # Suwon
        "SG": (103.833, 1.283),
    }
    assert {p.cited.source for p in points.values()} == {"wikipedia-coordinates"}
    assert points["KR-41"].cited.section.startswith("Suwon, hoofdstad van Gyeonggi: ")
    assert sources["wikipedia-coordinates"].url.startswith("https://")


def degrees(text: str) -> tuple[float, float]:
    """ "32°03′N 118°46′E" as (longitude, latitude) in degrees."""
    found = re.search(r"(\d+)°(\d+)′N (\d+)°(\d+)′E", text)
    assert found is not None, text
    lat_d, lat_m, lon_d, lon_m = map(int, found.groups())
    return lon_d + lon_m / 60, lat_d + lat_m / 60


def test_each_point_is_the_degrees_and_minutes_its_citation_quotes() -> None:
    for point in load_points()[0].values():
        lon, lat = degrees(point.cited.section)
        assert point.lon == pytest.approx(lon, abs=0.0005)
        assert point.lat == pytest.approx(lat, abs=0.0005)


def with_region_fields(tmp_path: Path, code: str, fields: str) -> Path:
    """A copy of the embedded data with `fields` put in place of region `code`'s point, if any."""
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    regions = folder / "regions.toml"
    text = regions.read_text(encoding="utf-8")
    text = re.sub(r"\npoint(_source|_section)? = [^\n]*", "", text)
    head = f'code = "{code}"\n'
    assert head in text
    regions.write_text(text.replace(head, head + fields, 1), encoding="utf-8")
    return folder


def row(code: str) -> int:
    text = (default_data_dir() / "regions.toml").read_text(encoding="utf-8")
    return text[: text.index(f'code = "{code}"')].count("[[region]]")


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ("point = [118.8]\n", "point: must be [longitude, latitude] in degrees, got [118.8]"),
        ('point = ["118", "32"]\n', "point: must be [longitude, latitude] in degrees"),
        ("point = [32.05, 118.767]\n", "point: latitude 118.767 lies outside -90..90"),
        ("point = [218.7, 32.0]\n", "point: longitude 218.7 lies outside -180..180"),
        ("point = [118.767, 32.05]\n", "point_source: missing"),
        (
            'point = [118.767, 32.05]\npoint_source = "atlas"\n',
            "point_source: 'atlas' is not a known source id",
        ),
        ('point_source = "wikipedia-coordinates"\n', "point_source: given without a point"),
    ],
)
def test_a_wrong_point_is_refused_naming_file_row_and_field(
    tmp_path: Path, fields: str, problem: str
) -> None:
    folder = with_region_fields(tmp_path, "CN-JS", fields)
    with pytest.raises(DataError) as refused:
        load_dataset(embedded_compass(), folder)
    assert str(refused.value).startswith(f"regions.toml: row {row('CN-JS')}: {problem}")


def test_any_region_of_a_data_folder_may_have_a_point(tmp_path: Path) -> None:
    folder = with_region_fields(
        tmp_path, "UA", 'point = [30.523, 50.45]\npoint_source = "aanpak-2024"\n'
    )
    load_dataset(embedded_compass(), folder)  # accepted
    points, _sources = load_points(folder)
    assert set(points) == {"UA"}
    assert points["UA"].cited.section == ""

"""Damaged and hostile files: each is refused with a clear error naming the file, never a crash.

Workbooks are zip archives of XML: their XML is parsed with defusedxml (no entity is ever
expanded), and the archive's directory is checked before anything is unpacked. GeoJSON is checked
for its nesting depth and size before it is parsed.
"""

from pathlib import Path

import pytest

from kompas.readers import safety
from kompas.readers.base import SourceError
from kompas.readers.geometries import GiscoNutsReader
from kompas.readers.wgi import WgiReader
from tests.imports.wgi_files import every_indicator, write_wgi
from tests.readers import hostile_files as hostile

NUTS_NAME = "NUTS_RG_60M_2021_4326_LEVL_2.geojson"


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    return write_wgi(tmp_path / "valid.xlsx", every_indicator("CHN", "China", 2024, 1.0))


def _refusal(path: Path, reader: object = None) -> str:
    with pytest.raises(SourceError) as caught:
        (reader or WgiReader()).read(path)  # type: ignore[attr-defined]
    message = str(caught.value)
    assert message.startswith(path.name + ": "), message
    return message


def test_an_external_entity_in_a_workbook_is_refused_and_never_read(
    valid: Path, tmp_path: Path
) -> None:
    message = _refusal(hostile.xxe(valid, tmp_path / "xxe.xlsx"))
    assert "entity" in message
    assert "root:" not in message  # /etc/passwd was not read into the message
    assert str(tmp_path) not in message  # nor the server's folders


def test_a_billion_laughs_workbook_is_refused_without_expanding_it(
    valid: Path, tmp_path: Path
) -> None:
    assert "entity" in _refusal(hostile.billion_laughs(valid, tmp_path / "laughs.xlsx"))


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(valid: Path, tmp_path: Path) -> None:
    bomb = hostile.zip_bomb(valid, tmp_path / "bomb.xlsx", 250)
    assert bomb.stat().st_size < 2**20  # 250 MB of zeros in under 1 MB
    message = _refusal(bomb)
    assert "unpacks to 250.0 MB; at most 100.0 MB" in message


def test_the_unpacked_size_limit_can_be_set(valid: Path, tmp_path: Path) -> None:
    bomb = hostile.zip_bomb(valid, tmp_path / "bomb.xlsx", 3)
    with safety.limits(safety.Limits(unzipped_bytes=2 * 2**20)):
        assert "at most 2.0 MB" in _refusal(bomb)
    assert WgiReader().read(bomb).values  # within the default limit it is an ordinary workbook


def test_a_workbook_of_thousands_of_parts_is_refused(valid: Path, tmp_path: Path) -> None:
    message = _refusal(hostile.many_members(valid, tmp_path / "parts.xlsx", 1200))
    assert "1209 parts; at most 1000" in message


def test_a_flipped_bit_anywhere_gives_the_same_values_or_an_error_naming_the_file(
    valid: Path, tmp_path: Path
) -> None:
    expected = WgiReader().read(valid).values
    size = valid.stat().st_size
    refused = 0
    for offset in range(0, size, max(1, size // 400)):
        flipped = hostile.bit_flipped(valid, tmp_path / "flipped.xlsx", offset)
        try:
            values = WgiReader().read(flipped).values
        except SourceError as error:
            message = str(error)
            refused += 1
            assert message.startswith("flipped.xlsx: "), message
            continue
        # A flip in an unused byte (a timestamp, padding) leaves the values as they were;
        # any flip in the data itself is caught by the archive's checksums.
        assert values == expected, offset
    assert refused > 100


def test_a_deeply_nested_geojson_is_refused_without_a_recursion_error(tmp_path: Path) -> None:
    path = hostile.deeply_nested_geojson(tmp_path / NUTS_NAME, 100_000)
    message = _refusal(path, GiscoNutsReader())
    assert "nested 100004 levels deep; at most 32" in message


def test_a_geojson_nested_within_the_limit_is_read_as_usual(tmp_path: Path) -> None:
    path = hostile.deeply_nested_geojson(tmp_path / NUTS_NAME, 20)
    message = _refusal(path, GiscoNutsReader())
    assert "nested" not in message  # refused for its content (no real polygon), not its depth


def test_an_oversized_geojson_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = hostile.geojson_of_size(tmp_path / NUTS_NAME, 3)
    with safety.limits(safety.Limits(geojson_bytes=2 * 2**20)):
        message = _refusal(path, GiscoNutsReader())
    assert "the file is 3.0 MB; at most 2.0 MB for GeoJSON" in message


def test_a_zip_archive_named_geojson_is_refused(valid: Path, tmp_path: Path) -> None:
    path = tmp_path / NUTS_NAME
    path.write_bytes(valid.read_bytes())
    assert "not a .geojson file" in _refusal(path, GiscoNutsReader())

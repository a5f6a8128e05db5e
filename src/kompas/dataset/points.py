"""A region's point for the map: where to draw a marker for a region the map has no outline for
(a city state like Singapore, an ISO 3166-2 province like Jiangsu), as a cited fact.

In regions.toml::

    point = [118.767, 32.05]                 # [longitude, latitude], WGS 84 degrees
    point_source = "wikipedia-coordinates"   # a source id of sources.toml
    point_section = "Nanjing (hoofdstad van Jiangsu): 32°03′N 118°46′E"

Errors name the file, the row and the field, like every other field of the data folder:
``regions.toml: row 26: point: latitude 132.0 lies outside -90..90``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kompas.dataset.files import Record
from kompas.dataset.model import Citation, Source

FIELDS = ("point", "point_source", "point_section")


@dataclass(frozen=True)
class Point:
    """Longitude and latitude (WGS 84 degrees) and where they come from."""

    lon: float
    lat: float
    cited: Citation


def read_point(record: Record, sources: Mapping[str, Source]) -> Point | None:
    """The point of one region record, checked; None when it has none."""
    value = record.raw.get("point")
    if value is None:
        for extra in FIELDS[1:]:
            if extra in record.raw:
                raise record.fail(extra, "given without a point")
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise record.fail("point", f"must be [longitude, latitude] in degrees, got {value!r}")
    lon, lat = float(value[0]), float(value[1])
    if not -180 <= lon <= 180:
        raise record.fail("point", f"longitude {lon} lies outside -180..180")
    if not -90 <= lat <= 90:
        raise record.fail("point", f"latitude {lat} lies outside -90..90")
    source = record.one_of("point_source", sources, "a known source id")
    return Point(lon, lat, Citation(source, record.text("point_section", False)))

"""Boundaries for the map: Eurostat GISCO's NUTS region polygons and Natural Earth's countries.

Both publish GeoJSON FeatureCollections of Polygon and MultiPolygon features in longitude and
latitude (WGS 84). A reader turns one file into a `Batch` of `Shape`s (no values): per feature a
Kompas code, scheme, level, names, parent and the geometry with its coordinates rounded to 4
decimals (about 10 m), without the repeated points that rounding makes.

- **GISCO NUTS** (`NUTS_RG_60M_2021_4326_LEVL_2.geojson`, key ``gisco_nuts``): properties
  ``NUTS_ID``, ``LEVL_CODE``, ``CNTR_CODE``, ``NAME_LATN`` (``NUTS_NAME`` is the name in its own
  script, not used); the ``crs`` member must be EPSG:4326 (GISCO also publishes 3035 and 3857,
  which are refused). The file name states the NUTS version (the edition), the scale and, for a
  one-level file, the level, which every feature must have. Names are ``NAME_LATN`` in both
  languages (the file has no Dutch names). A level-0 region is a country: its code becomes the
  ISO 3166-1 code (NUTS says EL and UK for GR and GB), as everywhere in Kompas; a level-1
  region's parent is that country, a deeper region's parent its code minus the last character.
- **Natural Earth admin-0 countries** (`ne_110m_admin_0_countries.json`, key
  ``world_countries``): joined on ``ISO_A2_EH``, because France and Norway have ``-99`` in
  ``ISO_A2``; names ``NAME_NL`` (``NAME_EN`` where it is empty) and ``NAME_EN``. A country whose
  ``ISO_A2_EH`` is ``-99`` too (N. Cyprus, Somaliland) has no Kompas code: it is skipped, with the
  reason. The edition is the scale in the file name (Natural Earth does not state its version in
  the file).

Errors name the file, the feature (``feature 1`` is the first in the file) and the property.
scripts/build_geometries.py builds the shipped map file with these readers.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kompas.readers.base import Batch, Progress, Shape, Skipped, SourceError
from kompas.readers.files import check_file
from kompas.readers.safety import check_json, current_limits, inert, size_text

SUFFIXES = (".geojson", ".json")
DECIMALS = 4
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
SLACK = 1e-6  # Natural Earth has 180.00000000000006 (floating-point noise, not a projection)
# The names GeoJSON writers give longitude/latitude on WGS 84 (GeoJSON's own, RFC 7946).
WGS84 = re.compile(r"(EPSG:+4326|CRS:?84)$", re.IGNORECASE)
# NUTS uses Eurostat country codes; these two differ from ISO 3166-1 alpha-2.
EUROSTAT_TO_ISO2: dict[str, str] = {"EL": "GR", "UK": "GB"}
NUTS_ID = re.compile(r"^[A-Z]{2}[A-Z0-9]{0,3}$")
NUTS_FILE = re.compile(
    r"NUTS_RG_(?P<scale>\d+)M_(?P<year>\d{4})_(?P<epsg>\d{4,5})(?:_LEVL_(?P<level>\d))?",
    re.IGNORECASE,
)
NO_CODE = "-99"  # Natural Earth's "no ISO code"
ISO2 = re.compile(r"^[A-Z]{2}$")
NE_FILE = re.compile(r"ne_(?P<scale>\d+m)_admin_0", re.IGNORECASE)


def _error(file: str, problem: str, feature: int | None = None, prop: str = "") -> SourceError:
    """A SourceError naming the file, the feature and the property."""
    where = [f"feature {feature}"] if feature is not None else []
    if prop:
        where.append(f"property {prop}")
    return SourceError(file, ": ".join([*where, problem]))


# --- the file ---------------------------------------------------------------------------------


def load_collection(path: Path) -> list[dict[str, Any]]:
    """The features of a GeoJSON FeatureCollection in longitude/latitude, or a SourceError."""
    file = path.name
    check_file(path, SUFFIXES)
    size, limit = path.stat().st_size, current_limits().geojson_bytes
    if size > limit:
        raise _error(file, f"the file is {size_text(size)}; at most {size_text(limit)} for GeoJSON")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _error(file, f"not UTF-8 text (byte {error.start}), so not GeoJSON") from None
    check_json(path, text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _error(
            file, f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise _error(file, f"not a GeoJSON FeatureCollection (type: {found!r})")
    _check_crs(file, data.get("crs"))
    features = data.get("features")
    if not isinstance(features, list):
        raise _error(file, "the FeatureCollection has no list of features")
    if not features:
        raise _error(file, "the FeatureCollection has no features")
    for number, item in enumerate(features, start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            raise _error(file, "not a GeoJSON Feature", number)
        if not isinstance(item.get("properties"), dict):
            raise _error(file, "the feature has no properties", number, "properties")
    return features


def _check_crs(file: str, crs: Any) -> None:
    """No crs member (GeoJSON's default) or a named EPSG:4326 / CRS84; anything else is refused."""
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str):
        raise _error(file, f"a coordinate reference system Kompas cannot read: {crs!r}", None)
    if not WGS84.search(name.strip()):
        raise _error(
            file,
            f"coordinate reference system {name}; expected EPSG:4326 (longitude and latitude"
            " in degrees): take the publisher's 4326 file",
        )


def prop(file: str, number: int, properties: dict[str, Any], name: str) -> Any:
    """A property that must be there and not empty."""
    if name not in properties:
        raise _error(file, "missing", number, name)
    value = properties[name]
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _error(file, "empty", number, name)
    return value


def text(file: str, number: int, properties: dict[str, Any], name: str) -> str:
    value = prop(file, number, properties, name)
    if not isinstance(value, str):
        raise _error(file, f"{value!r} is not text", number, name)
    return plain(file, number, name, value.strip())


def plain(file: str, number: int, name: str, value: str) -> str:
    """Text that a spreadsheet would not run as a formula (names end up in exports)."""
    try:
        return inert(value, file)
    except SourceError as error:
        raise _error(file, error.problem, number, name) from None


# --- geometry ---------------------------------------------------------------------------------


def rounded_ring(ring: list[list[float]]) -> list[list[float]]:
    """A linear ring rounded, without the repeated points that rounding makes."""
    points: list[list[float]] = []
    for x, y, *_altitude in ring:
        point = [round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0]  # + 0.0: no "-0.0"
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    return points


def geometry(file: str, number: int, item: dict[str, Any]) -> dict[str, Any]:
    """The feature's Polygon or MultiPolygon, checked and rounded."""
    found = item.get("geometry")
    if found is None:
        raise _error(file, "the feature has no geometry", number, "geometry")
    kind = found.get("type") if isinstance(found, dict) else None
    if kind not in GEOMETRY_TYPES:
        raise _error(
            file,
            f"geometry type {kind!r}; expected Polygon or MultiPolygon (region polygons)",
            number,
            "geometry",
        )
    coordinates = found.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise _error(file, f"a {kind} without coordinates", number, "geometry")
    for polygon in polygons:
        _check_polygon(file, number, polygon)
    result = [[rounded_ring(ring) for ring in polygon] for polygon in polygons]
    return {"type": kind, "coordinates": result[0] if kind == "Polygon" else result}


def _check_polygon(file: str, number: int, polygon: Any) -> None:
    if not isinstance(polygon, list) or not polygon:
        raise _error(file, "a polygon without rings", number, "geometry")
    for ring in polygon:
        if not isinstance(ring, list) or len(ring) < 4:
            raise _error(file, "a ring of fewer than 4 positions", number, "geometry")
        for position in ring:
            if (
                not isinstance(position, list)
                or len(position) not in (2, 3)
                or not all(
                    isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                    for v in position
                )
            ):
                raise _error(file, f"{position!r} is not a position", number, "geometry")
            x, y = position[0], position[1]
            if not (abs(x) <= 180 + SLACK and abs(y) <= 90 + SLACK):
                raise _error(
                    file,
                    f"[{x}, {y}] is not a longitude and latitude in degrees"
                    " (projected coordinates? Kompas reads EPSG:4326)",
                    number,
                    "geometry",
                )


def _features(
    path: Path, progress: Progress | None
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    """(feature number, properties, raw feature) of every feature, with progress."""
    features = load_collection(path)
    total = len(features)
    for number, item in enumerate(features, start=1):
        if progress and number % 50 == 0:
            progress(number, total)
        yield number, item["properties"], item
    if progress:
        progress(total, total)


def _unique(file: str, shapes: list[Shape], name: str) -> None:
    seen: dict[str, int] = {}
    for shape in shapes:
        if shape.code in seen:
            raise _error(
                file,
                f"a second feature for {shape.code} (the first is feature {seen[shape.code]})",
                shape.row,
                name,
            )
        seen[shape.code] = shape.row


# --- GISCO NUTS -------------------------------------------------------------------------------


def nuts_parent(code: str, level: int, country: str) -> str | None:
    """Level 0: none; level 1: the country's ISO 3166-1 code; deeper: the code minus its last
    character."""
    if level == 0:
        return None
    if level == 1:
        return EUROSTAT_TO_ISO2.get(country, country)
    return code[:-1]


class GiscoNutsReader:
    key = "gisco_nuts"
    title = "NUTS region polygons (GeoJSON, EPSG:4326), for the map"
    publisher = "Eurostat GISCO"
    url = "https://ec.europa.eu/eurostat/web/gisco/geodata/statistical-units/territorial-units-statistics"
    suffixes: tuple[str, ...] = SUFFIXES

    def __init__(self, edition: str | None = None) -> None:
        self.edition = edition

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        file = path.name
        named = NUTS_FILE.search(file)
        if named and named["epsg"] != "4326":
            raise _error(
                file,
                f"the file name says EPSG:{named['epsg']}; Kompas reads the EPSG:4326 file"
                " (longitude and latitude)",
            )
        edition = self.edition or (named["year"] if named else None)
        if not edition:
            raise _error(
                file,
                "the file name does not state the NUTS version (GISCO names its files like"
                " NUTS_RG_60M_2021_4326_LEVL_2.geojson); give the edition, e.g. 2021",
            )
        file_level = int(named["level"]) if named and named["level"] is not None else None
        shapes = [
            self._shape(file, number, properties, item, file_level)
            for number, properties, item in _features(path, progress)
        ]
        _unique(file, shapes, "NUTS_ID")
        title = f"NUTS {edition} region polygons"
        if named:
            title += f", 1:{named['scale']} million"
        if file_level is not None:
            title += f", level {file_level}"
        return Batch(
            self.key,
            self.publisher,
            title,
            edition,
            self.url,
            (),
            (),
            (),
            (edition,),
            tuple(shapes),
        )

    @staticmethod
    def _shape(
        file: str,
        number: int,
        properties: dict[str, Any],
        item: dict[str, Any],
        file_level: int | None,
    ) -> Shape:
        nuts_id = text(file, number, properties, "NUTS_ID").upper()
        if not NUTS_ID.match(nuts_id):
            raise _error(file, f"{nuts_id!r} is not a NUTS code", number, "NUTS_ID")
        level = prop(file, number, properties, "LEVL_CODE")
        if isinstance(level, str) and level.strip().isdigit():
            level = int(level)
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 3:
            raise _error(file, f"{level!r} is not a NUTS level (0–3)", number, "LEVL_CODE")
        if len(nuts_id) != level + 2:
            raise _error(
                file, f"{nuts_id} is not a code of NUTS level {level}", number, "LEVL_CODE"
            )
        if file_level is not None and level != file_level:
            raise _error(
                file,
                f"{nuts_id} has level {level} in the level {file_level} file",
                number,
                "LEVL_CODE",
            )
        country = text(file, number, properties, "CNTR_CODE").upper()
        if country != nuts_id[:2]:
            raise _error(file, f"{country} is not the country of {nuts_id}", number, "CNTR_CODE")
        name = text(file, number, properties, "NAME_LATN")
        shape = geometry(file, number, item)
        if level == 0:
            code = EUROSTAT_TO_ISO2.get(nuts_id, nuts_id)
            return Shape(code, "iso3166-1", 0, name, name, None, shape, number)
        return Shape(
            nuts_id, "nuts", level, name, name, nuts_parent(nuts_id, level, country), shape, number
        )


# --- Natural Earth countries ------------------------------------------------------------------


class WorldCountriesReader:
    key = "world_countries"
    title = "Admin 0 – Countries (GeoJSON), for the map"
    publisher = "Natural Earth"
    url = "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/110m-admin-0-countries/"
    suffixes: tuple[str, ...] = SUFFIXES

    def __init__(self, edition: str | None = None) -> None:
        self.edition = edition

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        file = path.name
        named = NE_FILE.search(file)
        edition = self.edition or (f"1:{named['scale'].lower()}" if named else None)
        if not edition:
            raise _error(
                file,
                "the file name does not state the scale (Natural Earth names its files like"
                " ne_110m_admin_0_countries.geojson); give the edition, e.g. 1:110m",
            )
        everything = self.shapes(path, progress)
        shapes = [s for s in everything if s.code]
        _unique(file, shapes, "ISO_A2_EH")
        skipped = tuple(
            Skipped("", s.row, s.name_en, "no ISO 3166-1 code (ISO_A2_EH is -99)")
            for s in everything
            if not s.code
        )
        return Batch(
            self.key,
            self.publisher,
            "Admin 0 – Countries",
            edition,
            self.url,
            (),
            (),
            skipped,
            (edition,),
            tuple(shapes),
        )

    @staticmethod
    def shapes(path: Path, progress: Progress | None = None) -> list[Shape]:
        """Every feature as a shape, those without an ISO code with code "" (the shipped map
        file keeps them as background)."""
        file = path.name
        found = []
        for number, properties, item in _features(path, progress):
            code = text(file, number, properties, "ISO_A2_EH").upper()
            if code != NO_CODE and not ISO2.match(code):
                raise _error(
                    file, f"{code!r} is not an ISO 3166-1 alpha-2 code", number, "ISO_A2_EH"
                )
            name_en = text(file, number, properties, "NAME_EN")
            name_nl = properties.get("NAME_NL")
            if name_nl is not None and not isinstance(name_nl, str):
                raise _error(file, f"{name_nl!r} is not text", number, "NAME_NL")
            if name_nl is not None:
                plain(file, number, "NAME_NL", name_nl.strip())
            found.append(
                Shape(
                    "" if code == NO_CODE else code,
                    "iso3166-1",
                    0,
                    (name_nl or "").strip() or name_en,
                    name_en,
                    None,
                    geometry(file, number, item),
                    number,
                )
            )
        return found

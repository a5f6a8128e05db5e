"""The catalogue of areas: the shipped map file, data/geometries.geojson; and the map's shapes.

Built by scripts/build_geometries.py: every country of Natural Earth 1:110m and the NUTS 2021
regions of levels 1 and 2, with their names, parents and shapes. The catalogue (adding a region)
is the shipped file. The map draws, per code, the imported boundary (`Boundary`, from
`kompas import gisco_nuts|world_countries`) where there is one, else the shipped file's shape: an
import of one NUTS level replaces that level's shapes and leaves the others on the map.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from django.utils.translation import gettext

Scheme = Literal["nuts", "iso3166-1"]


@dataclass(frozen=True)
class Area:
    """A country or NUTS region of the map file."""

    code: str
    scheme: Scheme
    level: int
    name_nl: str
    name_en: str
    parent: str | None

    def name(self, language: str = "nl") -> str:
        return self.name_en if language == "en" else self.name_nl


@cache
def geometry_features() -> tuple[dict[str, Any], ...]:
    """The features of the shipped map file, countries first, then NUTS 1, then NUTS 2."""
    text = (resources.files("kompas") / "default_data" / "geometries.geojson").read_text(
        encoding="utf-8"
    )
    return tuple(json.loads(text)["features"])


@cache
def areas() -> dict[str, Area]:
    """Every area of the map file with a code, by code."""
    found = {}
    for feature in geometry_features():
        p = feature["properties"]
        if p["code"]:
            found[p["code"]] = Area(
                p["code"], p["scheme"], p["level"], p["name_nl"], p["name_en"], p["parent"]
            )
    return found


def ancestors(code: str) -> Iterator[str]:
    """The codes above an area, nearest first (a NUTS 2 region: its NUTS 1 region, its country)."""
    area = areas().get(code)
    while area is not None and area.parent:
        yield area.parent
        area = areas().get(area.parent)


def area_label(area: Area, language: str) -> str:
    """What the list of areas shows: name, kind and country, e.g. "Darmstadt · NUTS 2 · DE"."""
    kind = gettext("country") if area.scheme == "iso3166-1" else f"NUTS {area.level}"
    country = next((c for c in [area.code, *ancestors(area.code)] if len(c) == 2), "")
    country_area = areas().get(country)
    where = f" · {country_area.name(language)}" if country_area and country != area.code else ""
    return f"{area.name(language)} · {kind}{where}"


# --- the map's shapes: imported boundaries first ----------------------------------------------


@cache
def shipped_geometries() -> dict[str, dict[str, Any]]:
    """The shipped file's geometry of every area with a code."""
    return {
        f["properties"]["code"]: f["geometry"]
        for f in geometry_features()
        if f["properties"]["code"]
    }


def map_geometries(codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The geometry of each code the map can draw: its imported boundary, else the shipped one;
    a country without its outermost regions (see `without_outermost_regions`)."""
    from kompas.regions.models import Boundary

    wanted = set(codes)
    found = {code: shape for code, shape in shipped_geometries().items() if code in wanted}
    found.update(Boundary.objects.filter(code__in=wanted).values_list("code", "geometry"))
    return {code: without_outermost_regions(code, shape) for code, shape in found.items()}


# The outermost regions of article 349 TFEU that are NUTS 2021 regions (source "tfeu-349";
# Saint-Martin has no NUTS region of its own): Guadeloupe, Martinique, French Guiana, La Réunion,
# Mayotte, the Azores, Madeira, the Canary Islands. Natural Earth draws a country as one shape
# with all its parts: France at 1:110m is metropolitan France, Corsica and French Guiana. A
# decision on France is not one on French Guiana, so the map paints the country without them and
# leaves them the background's grey.
OUTERMOST_REGIONS = ("FRY1", "FRY2", "FRY3", "FRY4", "FRY5", "PT20", "PT30", "ES70")


def without_outermost_regions(code: str, geometry: dict[str, Any]) -> dict[str, Any]:
    """A country's geometry without the polygons that lie in one of its outermost regions (by
    the middle of each polygon's bounding box, tested against the NUTS regions' shipped shapes);
    any other geometry as it is."""
    outermost = [
        shipped_geometries()[r]
        for r in OUTERMOST_REGIONS
        if r[:2] == code and r in shipped_geometries()  # FR, PT, ES: the same in NUTS and ISO
    ]
    if not outermost or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    kept = [p for p in polygons if not any(_inside(_middle(p[0]), r) for r in outermost)]
    if len(kept) == len(polygons) or not kept:
        return geometry
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _middle(ring: list[list[float]]) -> tuple[float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _inside(point: tuple[float, float], geometry: dict[str, Any]) -> bool:
    """Whether the point lies in the (Multi)Polygon, by the even-odd rule over all its rings."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    x, y = point
    crossings = 0
    for polygon in polygons:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    crossings += 1
    return crossings % 2 == 1


def mapped_areas() -> dict[str, Area]:
    """The areas the map can draw: the shipped file's, and the imported boundaries' it lacks
    (e.g. a NUTS 3 region, or a country too small for Natural Earth 1:110m)."""
    from kompas.regions.models import Boundary

    found = dict(areas())
    fields = ("code", "scheme", "level", "name_nl", "name_en", "parent_code")
    for code, scheme, level, name_nl, name_en, parent in Boundary.objects.values_list(*fields):
        if code not in found:
            found[code] = Area(code, scheme, level, name_nl, name_en, parent or None)
    return found


def boundaries_version() -> tuple[Any, ...]:
    """Changes whenever an import adds or changes a boundary: how many, and the latest run."""
    from django.db.models import Count, Max

    from kompas.regions.models import Boundary

    found = Boundary.objects.aggregate(
        count=Count("id"), latest=Max("run_id"), at=Max("run__imported_at")
    )
    return found["count"], found["latest"], found["at"]


def background_countries() -> list[tuple[str | None, str, str, dict[str, Any]]]:
    """Every country for the map's background: (code, Dutch name, English name, geometry), in
    the shipped file's order with its names, the imported boundary's shape where there is one;
    then imported countries the shipped file lacks."""
    from kompas.regions.models import Boundary

    imported = {b.code: b for b in Boundary.objects.filter(scheme="iso3166-1")}
    found: list[tuple[str | None, str, str, dict[str, Any]]] = []
    for feature in geometry_features():
        p = feature["properties"]
        if p["scheme"] == "iso3166-1":
            boundary = imported.pop(p["code"], None) if p["code"] else None
            shape = boundary.geometry if boundary is not None else feature["geometry"]
            found.append((p["code"], p["name_nl"], p["name_en"], shape))
    found.extend((b.code, b.name_nl, b.name_en, b.geometry) for b in imported.values())
    return found

"""The catalogue of areas: the shipped map file, data/geometries.geojson.

Built by scripts/build_geometries.py: every country of Natural Earth 1:110m and the NUTS 2021
regions of levels 1 and 2, with their names, parents and shapes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    text = (resources.files("kompas") / "data" / "geometries.geojson").read_text(encoding="utf-8")
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

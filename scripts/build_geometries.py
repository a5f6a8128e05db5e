"""Build the map geometries that Kompas ships: every country and the NUTS 2021 regions.

Reads the publishers' files in the shared data folder (see its SOURCES.md):

- Natural Earth 1:110m admin-0 countries (all 177 features), joined on ``ISO_A2_EH`` because
  France and Norway have ``-99`` in ``ISO_A2``;
- Eurostat GISCO NUTS 2021 region polygons, 1:60 million, levels 1 and 2 (level 0 is not needed:
  countries come from Natural Earth);

and writes src/kompas/data/geometries.geojson with only what Kompas needs: per feature the
``code``, ``scheme`` (``iso3166-1`` or ``nuts``), ``level``, ``name_nl``, ``name_en``, ``parent``
and the geometry, coordinates rounded to 4 decimals (about 10 m). One feature per line, sorted by
level and code, so that a rebuild gives the same bytes and a change gives a readable diff.

    python scripts/build_geometries.py [--shared DIR] [--output FILE]

Two Natural Earth features (N. Cyprus, Somaliland) have no ISO 3166-1 code; they are kept as
background with ``code`` null. tests/regions/test_geometries.py checks the shipped file against
this script's output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data"
OUTPUT = REPO_ROOT / "src" / "kompas" / "data" / "geometries.geojson"

NATURAL_EARTH = "world_countries_naturalearth_110m/ne_110m_admin_0_countries.json"
NUTS = "nuts_geometries_gisco_2021_60M/NUTS_RG_60M_2021_4326_LEVL_{level}.geojson"
NUTS_LEVELS = (1, 2)
INPUTS = (NATURAL_EARTH, *(NUTS.format(level=level) for level in NUTS_LEVELS))

# NUTS uses Eurostat country codes; these two differ from ISO 3166-1 alpha-2.
EUROSTAT_TO_ISO2: dict[str, str] = {"EL": "GR", "UK": "GB"}
NO_CODE = "-99"  # Natural Earth's "no ISO code"
DECIMALS = 4

Coordinates = Any  # nested lists of [longitude, latitude]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read(path: Path) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


def rounded_ring(ring: list[list[float]]) -> list[list[float]]:
    """A linear ring rounded, without the repeated points that rounding makes."""
    points: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0]  # + 0.0: no "-0.0"
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    return points


def rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    kind = geometry["type"]
    coordinates: Coordinates
    if kind == "Polygon":
        coordinates = [rounded_ring(ring) for ring in geometry["coordinates"]]
    elif kind == "MultiPolygon":
        coordinates = [[rounded_ring(ring) for ring in poly] for poly in geometry["coordinates"]]
    else:
        raise ValueError(f"unexpected geometry type {kind}")
    return {"type": kind, "coordinates": coordinates}


def feature(properties: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": rounded(geometry)}


def countries(shared: Path) -> Iterator[dict[str, Any]]:
    for item in read(shared / NATURAL_EARTH):
        p = item["properties"]
        code = p["ISO_A2_EH"]
        yield feature(
            {
                "code": None if code == NO_CODE else code,
                "scheme": "iso3166-1",
                "level": 0,
                "name_nl": p["NAME_NL"] or p["NAME_EN"],
                "name_en": p["NAME_EN"],
                "parent": None,
            },
            item["geometry"],
        )


def nuts_parent(code: str, level: int, country: str) -> str:
    """Level 1: the country's ISO 3166-1 code; deeper: the code minus its last character."""
    if level == 1:
        return EUROSTAT_TO_ISO2.get(country, country)
    return code[:-1]


def nuts_regions(shared: Path) -> Iterator[dict[str, Any]]:
    for level in NUTS_LEVELS:
        for item in read(shared / NUTS.format(level=level)):
            p = item["properties"]
            if p["LEVL_CODE"] != level:
                raise ValueError(
                    f"{p['NUTS_ID']}: level {p['LEVL_CODE']} in the level {level} file"
                )
            yield feature(
                {
                    "code": p["NUTS_ID"],
                    "scheme": "nuts",
                    "level": level,
                    "name_nl": p["NAME_LATN"],
                    "name_en": p["NAME_LATN"],
                    "parent": nuts_parent(p["NUTS_ID"], level, p["CNTR_CODE"]),
                },
                item["geometry"],
            )


def build(shared: Path) -> str:
    """The file's text: a FeatureCollection, one feature per line."""
    features = [*countries(shared), *nuts_regions(shared)]
    features.sort(key=lambda f: (f["properties"]["level"], f["properties"]["code"] or "~"))
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    head = '{"type":"FeatureCollection","sources":["naturalearth-110m","gisco-nuts-2021-60m"],'
    return head + '"features":[\n' + ",\n".join(lines) + "\n]}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data folder")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write")
    args = parser.parse_args()
    text = build(args.shared)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode('utf-8')):,} bytes)")
    for name in INPUTS:
        print(f"sha256 {sha256(args.shared / name)}  {name}")


if __name__ == "__main__":
    main()

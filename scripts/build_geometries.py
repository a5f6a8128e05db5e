"""Build the map geometries that Kompas ships: every country and the NUTS 2021 regions.

Reads the publishers' files in the shared data folder (see its SOURCES.md):

- Natural Earth 1:110m admin-0 countries (all 177 features), joined on ``ISO_A2_EH`` because
  France and Norway have ``-99`` in ``ISO_A2``;
- Eurostat GISCO NUTS 2021 region polygons, 1:60 million, levels 1 and 2 (level 0 is not needed:
  countries come from Natural Earth);

and writes src/kompas/default_data/geometries.geojson with only what Kompas needs: per feature the
``code``, ``scheme`` (``iso3166-1`` or ``nuts``), ``level``, ``name_nl``, ``name_en``, ``parent``
and the geometry, coordinates rounded to 4 decimals (about 10 m). One feature per line, sorted by
level and code, so that a rebuild gives the same bytes and a change gives a readable diff.

    python scripts/build_geometries.py [--shared DIR] [--output FILE]

Two Natural Earth features (N. Cyprus, Somaliland) have no ISO 3166-1 code; they are kept as
background with ``code`` null. The files are read, checked and rounded by the import readers
(kompas.readers.geometries, the same code as ``kompas import gisco_nuts|world_countries``), so
the shipped file and imported boundaries cannot differ. tests/regions/test_geometries.py checks
the shipped file against this script's output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kompas.readers.base import Shape
from kompas.readers.geometries import GiscoNutsReader, WorldCountriesReader

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data"
OUTPUT = REPO_ROOT / "src" / "kompas" / "default_data" / "geometries.geojson"

NATURAL_EARTH = "world_countries_naturalearth_110m/ne_110m_admin_0_countries.json"
NUTS = "nuts_geometries_gisco_2021_60M/NUTS_RG_60M_2021_4326_LEVL_{level}.geojson"
NUTS_LEVELS = (1, 2)
INPUTS = (NATURAL_EARTH, *(NUTS.format(level=level) for level in NUTS_LEVELS))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def feature(shape: Shape) -> dict[str, Any]:
    properties = {
        "code": shape.code or None,
        "scheme": shape.scheme,
        "level": shape.level,
        "name_nl": shape.name_nl,
        "name_en": shape.name_en,
        "parent": shape.parent,
    }
    return {"type": "Feature", "properties": properties, "geometry": shape.geometry}


def countries(shared: Path) -> Iterator[dict[str, Any]]:
    """Every country, also the two without an ISO code (as background, code null)."""
    for shape in WorldCountriesReader.shapes(shared / NATURAL_EARTH):
        yield feature(shape)


def nuts_regions(shared: Path) -> Iterator[dict[str, Any]]:
    for level in NUTS_LEVELS:
        for shape in GiscoNutsReader().read(shared / NUTS.format(level=level)).shapes:
            yield feature(shape)


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

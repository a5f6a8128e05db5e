"""Facts of the embedded default data, checked against the reference data and the seed documents.

Region codes are checked against the GISCO NUTS 2021 polygons and Natural Earth's countries in
the shared data folder; quotes are checked against the seed documents they cite. Tests that need
an absent shared folder are skipped (see tests/dataset/shared.py).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest

from kompas.dataset.model import Citation, Dataset
from tests.dataset.shared import (
    SEED_OF_SOURCE,
    default_dataset,
    seed_file,
    seed_text,
    shared_file,
    squeeze,
)
from tests.factories import embedded_compass

NUTS_FILES = [
    f"nuts_geometries_gisco_2021_60M/NUTS_RG_60M_2021_4326_LEVL_{n}.geojson" for n in (0, 1, 2)
]
NATURAL_EARTH = "world_countries_naturalearth_110m/ne_110m_admin_0_countries.json"
# NUTS country codes that differ from ISO 3166-1 (see docs/data-format.md).
NUTS_TO_ISO = {"EL": "GR", "UK": "GB"}
# Countries too small to be drawn at 1:110m, so absent from Natural Earth's 110m file.
NOT_IN_NATURAL_EARTH_110M = {"SG"}

QUOTE = re.compile(r"„(.*?)“", re.DOTALL)


@cache
def nuts_regions() -> dict[str, dict[str, Any]]:
    """NUTS_ID -> properties, over levels 0, 1 and 2."""
    regions: dict[str, dict[str, Any]] = {}
    for name in NUTS_FILES:
        collection = json.loads(shared_file(name).read_text(encoding="utf-8"))
        for feature in collection["features"]:
            regions[feature["properties"]["NUTS_ID"]] = feature["properties"]
    return regions


@cache
def natural_earth_countries() -> dict[str, dict[str, Any]]:
    """ISO_A2_EH -> properties."""
    collection = json.loads(shared_file(NATURAL_EARTH).read_text(encoding="utf-8"))
    return {f["properties"]["ISO_A2_EH"]: f["properties"] for f in collection["features"]}


def cited_records(dataset: Dataset) -> list[tuple[str, str, Citation]]:
    """(kind, region, citation) of every judgement, gate, theme, statement and relation."""
    return [
        *(("judgement", j.region, j.cited) for j in dataset.judgements),
        *(("gate", g.region, g.cited) for g in dataset.gates),
        *(("theme", t.region, t.cited) for t in dataset.themes),
        *(("statement", s.region, s.cited) for s in dataset.statements),
        *(("relation", r.region, r.cited) for r in dataset.relations),
    ]


def quoted_texts(dataset: Dataset) -> list[tuple[str, str, Citation, str]]:
    """(what, region, citation, text) of every text that must stand verbatim in its source."""
    texts: list[tuple[str, str, Citation, str]] = []
    for j in dataset.judgements:
        quotes = QUOTE.findall(j.rationale)
        assert quotes, f"the rationale of judgement {j.region}/{j.criterion} quotes nothing"
        texts += [(f"judgement {j.criterion}", j.region, j.cited, q) for q in quotes]
    texts += [(f"gate {g.precondition}", g.region, g.cited, g.evidence) for g in dataset.gates]
    texts += [(f"statement {s.track}", s.region, s.cited, s.quote) for s in dataset.statements]
    texts += [("relation", r.region, r.cited, r.quote) for r in dataset.relations]
    texts += [("theme", t.region, t.cited, t.wording) for t in dataset.themes]
    return texts


@cache
def seed_headings(source: str) -> set[str]:
    """The lines of a seed without their Markdown heading and bold marks."""
    raw = seed_file(SEED_OF_SOURCE[source]).read_text(encoding="utf-8")
    return {squeeze(line.lstrip("#").strip().strip("*")) for line in raw.splitlines()}


# --- region codes -------------------------------------------------------------------------


def test_every_nuts_code_is_a_nuts_2021_region_of_level_0_to_2() -> None:
    nuts = nuts_regions()
    for region in default_dataset().regions.values():
        if region.scheme == "nuts":
            assert region.code in nuts, region.code
            assert nuts[region.code]["LEVL_CODE"] == len(region.code) - 2, region.code


def test_the_parent_of_every_nuts_region_is_the_country_of_its_nuts_region() -> None:
    nuts = nuts_regions()
    dataset = default_dataset()
    for region in dataset.regions.values():
        if region.scheme == "nuts":
            country = nuts[region.code]["CNTR_CODE"]
            iso = NUTS_TO_ISO.get(country, country)
            assert region.parent == iso, region.code
            assert dataset.regions[iso].scheme == "iso3166-1", region.code


def test_every_nuts_region_is_also_known_by_its_gisco_name() -> None:
    nuts = nuts_regions()
    for region in default_dataset().regions.values():
        if region.scheme == "nuts":
            names = {region.name_nl, region.name_en, *region.aliases}
            assert nuts[region.code]["NAME_LATN"] in names, region.code


def test_every_country_code_is_a_natural_earth_country_but_those_too_small_for_its_map() -> None:
    countries = natural_earth_countries()
    codes = {r.code for r in default_dataset().regions.values() if r.scheme == "iso3166-1"}
    assert codes - set(countries) == NOT_IN_NATURAL_EARTH_110M


def test_every_country_is_also_known_by_its_natural_earth_names() -> None:
    countries = natural_earth_countries()
    for region in default_dataset().regions.values():
        if region.scheme == "iso3166-1" and region.code in countries:
            names = {region.name_nl, region.name_en, *region.aliases}
            country = countries[region.code]
            assert {country["NAME_NL"], country["NAME_EN"]} <= names, region.code


def test_every_iso3166_2_code_starts_with_the_code_of_its_parent_country() -> None:
    dataset = default_dataset()
    subdivisions = [r for r in dataset.regions.values() if r.scheme == "iso3166-2"]
    assert subdivisions
    for region in subdivisions:
        assert region.parent is not None
        assert region.code.split("-")[0] == region.parent, region.code
        assert dataset.regions[region.parent].scheme == "iso3166-1", region.code


def test_noord_brabant_is_the_one_reference_region() -> None:
    dataset = default_dataset()
    assert [r.code for r in dataset.regions.values() if r.reference] == ["NL41"]
    assert dataset.reference.name_nl == "Noord-Brabant"
    assert dataset.reference.parent == "NL"


def test_groups_list_only_existing_regions_that_are_not_groups() -> None:
    dataset = default_dataset()
    groups = [r for r in dataset.regions.values() if r.is_group]
    assert groups
    for group in groups:
        for member in group.members:
            assert member in dataset.regions, (group.code, member)
            assert not dataset.regions[member].is_group, (group.code, member)
        assert len(set(group.members)) == len(group.members), group.code


def test_the_nordics_are_sweden_denmark_and_finland() -> None:
    assert default_dataset().regions["G-NORDICS"].members == ("SE", "DK", "FI")


# --- records and their sources ------------------------------------------------------------


def test_every_record_cites_a_known_source_and_a_section() -> None:
    dataset = default_dataset()
    for kind, region, cited in cited_records(dataset):
        assert cited.source in dataset.sources, (kind, region, cited)
        assert cited.section.strip(), (kind, region, cited)


def test_every_record_cites_a_section_that_is_a_heading_of_its_source() -> None:
    for kind, region, cited in cited_records(default_dataset()):
        heading = squeeze(cited.section.split(" · ")[-1])
        assert heading in seed_headings(cited.source), (kind, region, cited)


def test_every_quote_stands_verbatim_in_the_document_it_cites() -> None:
    for what, region, cited, text in quoted_texts(default_dataset()):
        assert cited.source in SEED_OF_SOURCE, (what, region, cited)
        assert squeeze(text) in seed_text(cited.source), (what, region, text)


def test_no_judgement_is_recorded_for_an_indicator_criterion() -> None:
    compass = embedded_compass()
    indicator_criteria = {c.id for c in compass.criteria if c.kind == "indicator"}
    assert indicator_criteria == {"innovation_level", "rule_of_law"}
    judged = {j.criterion for j in default_dataset().judgements}
    assert judged
    assert not judged & indicator_criteria


def test_the_themes_of_jiangsu_include_one_to_avoid() -> None:
    themes = [theme for theme, _group in default_dataset().themes_of("CN-JS")]
    avoided = [t for t in themes if t.avoid]
    assert [t.wording for t in avoided] == ["gevoelige technologieën"]
    assert avoided[0].theme is None
    assert {t.theme for t in themes if not t.avoid} >= {"agrifood", "health"}


def test_a_theme_of_the_nordics_is_inherited_by_each_member() -> None:
    dataset = default_dataset()
    nordic = {t.wording for t in dataset.themes if t.region == "G-NORDICS"}
    assert nordic
    for member in ("SE", "DK", "FI"):
        inherited = {t.wording for t, group in dataset.themes_of(member) if group == "G-NORDICS"}
        assert inherited == nordic, member


@pytest.mark.parametrize("source", sorted(SEED_OF_SOURCE))
def test_each_document_source_is_a_document(source: str) -> None:
    assert default_dataset().sources[source].kind == "document"

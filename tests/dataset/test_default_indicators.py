"""The shipped indicator values are exactly the values of the publishers' files.

Every row of src/kompas/default_data/indicators.csv is checked against the file it was read from, in
the shared data folder (see its SOURCES.md), read here independently of
scripts/build_default_indicators.py. The folder sits next to the repository; set
KOMPAS_SHARED_DATA to use another one. Without it the module is skipped.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = REPO_ROOT / "src" / "kompas" / "default_data"
SHARED = Path(
    os.environ.get("KOMPAS_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)

if not SHARED.is_dir():
    pytest.skip(
        f"the shared data folder {SHARED} is absent (set KOMPAS_SHARED_DATA to its path)",
        allow_module_level=True,
    )

HEADER = ["region", "indicator", "edition", "year", "value", "std_error", "source"]

ISO2_TO_ISO3 = {
    "NL": "NLD",
    "DE": "DEU",
    "AT": "AUT",
    "CH": "CHE",
    "BE": "BEL",
    "FR": "FRA",
    "SE": "SWE",
    "DK": "DNK",
    "FI": "FIN",
    "UA": "UKR",
    "CN": "CHN",
    "JP": "JPN",
    "KR": "KOR",
    "SG": "SGP",
    "MY": "MYS",
    "VN": "VNM",
    "IL": "ISR",
    "US": "USA",
}
ISO3_TO_ISO2 = {iso3: iso2 for iso2, iso3 in ISO2_TO_ISO3.items()}
COUNTRIES = frozenset(ISO2_TO_ISO3)
EUROSTAT_TO_ISO2 = {"EL": "GR", "UK": "GB"}
FIW_NAMES = {
    "Netherlands": "NL",
    "Germany": "DE",
    "Austria": "AT",
    "Switzerland": "CH",
    "Belgium": "BE",
    "France": "FR",
    "Sweden": "SE",
    "Denmark": "DK",
    "Finland": "FI",
    "Ukraine": "UA",
    "China": "CN",
    "Japan": "JP",
    "South Korea": "KR",
    "Singapore": "SG",
    "Malaysia": "MY",
    "Vietnam": "VN",
    "Israel": "IL",
    "United States": "US",
}
CBS_NAMES = {"Germany": "DE", "Belgium": "BE", "France": "FR"}
MISSING_MARKERS = {"", "..", "#N/A"}

# The file in the shared folder that each dataset source was read from.
SHARED_FILES = {
    "eis-2023": "innovation_eis_2023/combined_data.xlsx",
    "wgi-2024": "governance_wgi/wgidataset.xlsx",
    "fiw-2025": "governance_freedom_house/All_data_FIW_2013-2024.xlsx",
    "wjp-2025": "governance_wjp/2025_wjp_rule_of_law_index_HISTORICAL_DATA_FILE.xlsx",
}


class Fact(NamedTuple):
    year: int
    value: float
    std_error: float | None
    source: str


Key = tuple[str, str, str]  # region, indicator, edition
Facts = dict[Key, Fact]


def as_number(cell: object) -> float | None:
    if cell is None:
        return None
    text = str(cell).strip()
    return None if text in MISSING_MARKERS else float(text)


def sheet_rows(path: Path, sheet: str, header_row: int = 1) -> Iterator[dict[str, Any]]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = workbook[sheet].iter_rows(min_row=header_row, values_only=True)
        header = next(rows)
        for values in rows:
            yield dict(zip(header, values, strict=False))
    finally:
        workbook.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def regions_of(facts: Facts) -> set[str]:
    return {region for region, _, _ in facts}


def assert_equal_to_file(shipped: Facts, in_file: Facts, source: str) -> None:
    rows = {key: fact for key, fact in shipped.items() if fact.source == source}
    assert rows, f"no row cites {source}"
    for key, fact in rows.items():
        assert key in in_file, f"{key} is shipped but not in the file of {source}"
        expected = in_file[key]
        assert fact.year == expected.year, key
        assert math.isclose(fact.value, expected.value, rel_tol=1e-9), key
        if expected.std_error is None:
            assert fact.std_error is None, key
        else:
            assert fact.std_error is not None, key
            assert math.isclose(fact.std_error, expected.std_error, rel_tol=1e-9), key


def assert_complete(shipped: Facts, in_file: Facts, source: str) -> None:
    cited = {key for key, fact in shipped.items() if fact.source == source}
    stated = {key for key, fact in in_file.items() if fact.source == source}
    missing = sorted(stated - cited)
    assert not missing, f"the file of {source} has values that are not shipped: {missing}"


# --- the shipped data ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_rows() -> list[dict[str, str]]:
    with (DATA / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADER
        return list(reader)


@pytest.fixture(scope="module")
def shipped(shipped_rows: list[dict[str, str]]) -> Facts:
    return {
        (row["region"], row["indicator"], row["edition"]): Fact(
            year=int(row["year"]),
            value=float(row["value"]),
            std_error=float(row["std_error"]) if row["std_error"] else None,
            source=row["source"],
        )
        for row in shipped_rows
    }


@pytest.fixture(scope="module")
def indicators() -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in load_toml(DATA / "indicators.toml")["indicator"]}


@pytest.fixture(scope="module")
def sources() -> dict[str, dict[str, Any]]:
    path = DATA / "sources.toml"
    if not path.is_file():
        return {}
    return {entry["id"]: entry for entry in load_toml(path).get("source", [])}


# --- the publishers' files, each read once --------------------------------------------------


@pytest.fixture(scope="module")
def eis_file() -> Facts:
    facts: Facts = {}
    for row in sheet_rows(SHARED / SHARED_FILES["eis-2023"], "Sheet1"):
        if row["Indicator"] != "0 Summary Innovation Index" or row["Level"] != 0:
            continue
        region = EUROSTAT_TO_ISO2.get(row["Country"], row["Country"])
        value = as_number(row["Value"])
        if str(row["Year"]) == "2023" and region in COUNTRIES and value is not None:
            facts[(region, "eis_sii", "2023")] = Fact(2023, value, None, "eis-2023")
    return facts


@pytest.fixture(scope="module")
def gii_file() -> Facts:
    facts: Facts = {}
    with (SHARED / "facts" / "gii_scores.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            region = ISO3_TO_ISO2.get(row["iso3"])
            edition = row["edition"]
            score = as_number(row["score"])
            if region is not None and edition in ("2023", "2024") and score is not None:
                facts[(region, "gii_score", edition)] = Fact(
                    int(edition), score, None, f"gii-{edition}"
                )
    return facts


@pytest.fixture(scope="module")
def wgi_file() -> Facts:
    facts: Facts = {}
    for row in sheet_rows(SHARED / SHARED_FILES["wgi-2024"], "Sheet1"):
        region = ISO3_TO_ISO2.get(row["code"])
        estimate = as_number(row["estimate"])
        if region is None or str(row["year"]) != "2023" or estimate is None:
            continue
        key = (region, f"wgi_{row['indicator']}", "2024")
        facts[key] = Fact(2023, estimate, as_number(row["stddev"]), "wgi-2024")
    return facts


@pytest.fixture(scope="module")
def fiw_file() -> Facts:
    facts: Facts = {}
    for row in sheet_rows(SHARED / SHARED_FILES["fiw-2025"], "FIW13-25", header_row=2):
        region = FIW_NAMES.get(row["Country/Territory"])
        total = as_number(row["Total"])
        if region is not None and str(row["Edition"]) == "2025" and total is not None:
            # The file does not state the year an edition covers: year = edition.
            facts[(region, "fh_total", "2025")] = Fact(2025, total, None, "fiw-2025")
    return facts


@pytest.fixture(scope="module")
def wjp_file() -> Facts:
    facts: Facts = {}
    for row in sheet_rows(SHARED / SHARED_FILES["wjp-2025"], "Historical Data"):
        region = ISO3_TO_ISO2.get(row["Country Code"])
        score = as_number(row["WJP Rule of Law Index: Overall Score"])
        if region is not None and str(row["Year"]) == "2025" and score is not None:
            facts[(region, "wjp_overall", "2025")] = Fact(2025, score, None, "wjp-2025")
    return facts


@pytest.fixture(scope="module")
def cbs_facts() -> Facts:
    """The export shares that SOURCES.md records from the CBS longread (there is no file)."""
    text = (SHARED / "SOURCES.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "main 2023* destinations" in line)
    return {
        (CBS_NAMES[name], "cbs_export_share", "2024"): Fact(
            2023, float(share), None, "cbs-handelsland-2024"
        )
        for name, share in re.findall(r"([A-Z][a-z]+) (\d+)%", line)
    }


# --- every shipped value equals the file -----------------------------------------------------


def test_it_ships_eis_values_equal_to_the_european_commission_file(
    shipped: Facts, eis_file: Facts
) -> None:
    assert_equal_to_file(shipped, eis_file, "eis-2023")


def test_it_ships_gii_values_equal_to_the_recorded_wipo_scores(
    shipped: Facts, gii_file: Facts
) -> None:
    assert_equal_to_file(shipped, gii_file, "gii-2023")
    assert_equal_to_file(shipped, gii_file, "gii-2024")


def test_it_ships_wgi_values_equal_to_the_world_bank_file(shipped: Facts, wgi_file: Facts) -> None:
    assert_equal_to_file(shipped, wgi_file, "wgi-2024")


def test_it_ships_freedom_house_values_equal_to_the_freedom_house_file(
    shipped: Facts, fiw_file: Facts
) -> None:
    assert_equal_to_file(shipped, fiw_file, "fiw-2025")


def test_it_ships_wjp_values_equal_to_the_world_justice_project_file(
    shipped: Facts, wjp_file: Facts
) -> None:
    assert_equal_to_file(shipped, wjp_file, "wjp-2025")


def test_it_ships_export_shares_equal_to_the_cbs_facts_in_sources_md(
    shipped: Facts, cbs_facts: Facts
) -> None:
    assert_equal_to_file(shipped, cbs_facts, "cbs-handelsland-2024")


# --- no value of the files is left out -------------------------------------------------------


def test_it_ships_every_eis_value_the_file_has_for_our_countries(
    shipped: Facts, eis_file: Facts
) -> None:
    assert_complete(shipped, eis_file, "eis-2023")
    assert COUNTRIES - regions_of(eis_file) == {"CN", "JP", "KR", "SG", "MY", "VN", "IL", "US"}


def test_it_ships_every_recorded_gii_score_for_our_countries(
    shipped: Facts, gii_file: Facts
) -> None:
    assert_complete(shipped, gii_file, "gii-2023")
    assert_complete(shipped, gii_file, "gii-2024")


def test_it_ships_every_wgi_value_the_file_has_for_our_countries(
    shipped: Facts, wgi_file: Facts
) -> None:
    assert_complete(shipped, wgi_file, "wgi-2024")
    assert regions_of(wgi_file) == COUNTRIES


def test_it_ships_every_freedom_house_value_the_file_has_for_our_countries(
    shipped: Facts, fiw_file: Facts
) -> None:
    assert_complete(shipped, fiw_file, "fiw-2025")
    assert regions_of(fiw_file) == COUNTRIES


def test_it_ships_every_wjp_value_the_file_has_for_our_countries(
    shipped: Facts, wjp_file: Facts
) -> None:
    assert_complete(shipped, wjp_file, "wjp-2025")
    assert COUNTRIES - regions_of(wjp_file) == {"CH", "IL"}


def test_it_ships_every_export_share_recorded_from_cbs(shipped: Facts, cbs_facts: Facts) -> None:
    assert_complete(shipped, cbs_facts, "cbs-handelsland-2024")


# --- the rows are well-formed and cite what they come from ------------------------------------


def test_it_ships_one_sorted_row_per_region_indicator_and_edition(
    shipped_rows: list[dict[str, str]],
) -> None:
    keys = [(row["region"], row["indicator"], row["edition"]) for row in shipped_rows]
    assert keys == sorted(set(keys))


def test_it_ships_values_only_for_our_countries(shipped: Facts) -> None:
    assert regions_of(shipped) <= COUNTRIES


def test_every_row_names_an_indicator_defined_in_indicators_toml(
    shipped: Facts, indicators: dict[str, dict[str, Any]]
) -> None:
    unknown = {indicator for _, indicator, _ in shipped} - set(indicators)
    assert not unknown


def test_every_value_lies_on_the_scale_of_its_indicator(
    shipped: Facts, indicators: dict[str, dict[str, Any]]
) -> None:
    for (region, indicator, edition), fact in shipped.items():
        scale = indicators[indicator]
        low = scale.get("scale_min", -math.inf)
        high = scale.get("scale_max", math.inf)
        assert low <= fact.value <= high, (region, indicator, edition)


def test_a_row_has_a_std_error_exactly_when_its_indicator_publishes_one(
    shipped: Facts, indicators: dict[str, dict[str, Any]]
) -> None:
    for (region, indicator, edition), fact in shipped.items():
        has_std_error = fact.std_error is not None
        assert has_std_error == indicators[indicator]["has_std_error"], (region, indicator, edition)


def test_every_row_cites_a_source_listed_in_sources_toml(
    shipped: Facts, sources: dict[str, dict[str, Any]]
) -> None:
    unknown = sorted({fact.source for fact in shipped.values()} - set(sources))
    assert not unknown, f"{unknown} are not in {DATA / 'sources.toml'}"


@pytest.mark.parametrize(("source_id", "relative_path"), sorted(SHARED_FILES.items()))
def test_each_dataset_source_names_the_file_it_was_read_from(
    sources: dict[str, dict[str, Any]], source_id: str, relative_path: str
) -> None:
    assert source_id in sources, f"{source_id} is not in {DATA / 'sources.toml'}"
    path = SHARED / relative_path
    assert sources[source_id]["file"] == path.name
    assert sources[source_id]["sha256"] == sha256(path)

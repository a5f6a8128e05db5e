"""Extract the public indicator values of the embedded default data.

Reads the publishers' files in the shared data folder (see its SOURCES.md) and writes
src/kompas/default_data/indicators.csv in the format of docs/data-format.md. Only values that a
file states are written; a country that a file does not cover gets no row.

    python scripts/build_default_indicators.py [--shared DIR]

tests/dataset/test_default_indicators.py proves every written value against the same files.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared" / "data"
OUTPUT = REPO_ROOT / "src" / "kompas" / "default_data" / "indicators.csv"
HEADER = ("region", "indicator", "edition", "year", "value", "std_error", "source")

# The countries of the default data (ISO 3166-1 alpha-2) and their alpha-3 codes.
ISO2_TO_ISO3: dict[str, str] = {
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
ISO3_TO_ISO2: dict[str, str] = {iso3: iso2 for iso2, iso3 in ISO2_TO_ISO3.items()}

# The EIS uses Eurostat country codes: these two differ from ISO 3166-1.
EUROSTAT_TO_ISO2: dict[str, str] = {"EL": "GR", "UK": "GB"}

# Country names exactly as spelled in the Freedom House sheet "FIW13-25".
FIW_NAME_TO_ISO2: dict[str, str] = {
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

WGI_INDICATORS: tuple[str, ...] = ("va", "pv", "ge", "rq", "rl", "cc")
MISSING_MARKERS: frozenset[str] = frozenset({"", "..", "#N/A"})

# Not a file: facts stated in shared/data/SOURCES.md, section "Trade (CBS/Eurostat/Comtrade)":
# CBS longread "Nederland handelsland 2024", the main destinations of Dutch goods exports in
# 2023* (provisional) were Germany 23%, Belgium 12% and France 8%.
CBS_EXPORT_SHARE_2023: dict[str, int] = {"DE": 23, "BE": 12, "FR": 8}

EIS_FILE = Path("innovation_eis_2023") / "combined_data.xlsx"
GII_FILE = Path("facts") / "gii_scores.csv"
WGI_FILE = Path("governance_wgi") / "wgidataset.xlsx"
FIW_FILE = Path("governance_freedom_house") / "All_data_FIW_2013-2024.xlsx"
WJP_FILE = Path("governance_wjp") / "2025_wjp_rule_of_law_index_HISTORICAL_DATA_FILE.xlsx"


@dataclass(frozen=True)
class IndicatorValue:
    """One row of indicators.csv."""

    region: str
    indicator: str
    edition: str
    year: int
    value: float
    std_error: float | None
    source: str

    def key(self) -> tuple[str, str, str]:
        return (self.region, self.indicator, self.edition)

    def csv_row(self) -> list[str]:
        std_error = "" if self.std_error is None else repr(self.std_error)
        return [
            self.region,
            self.indicator,
            self.edition,
            str(self.year),
            repr(self.value),
            std_error,
            self.source,
        ]


def parse_number(cell: object) -> float | None:
    """The number in a cell as the file holds it; None for a missing value."""
    if cell is None:
        return None
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    text = str(cell).strip()
    if text in MISSING_MARKERS:
        return None
    return float(text)


def read_sheet(path: Path, sheet: str, header_row: int = 1) -> Iterator[dict[str, Any]]:
    """The rows of a worksheet below its header row, as dicts keyed by the header."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = workbook[sheet].iter_rows(min_row=header_row, values_only=True)
        header = next(rows)
        for values in rows:
            yield dict(zip(header, values, strict=False))
    finally:
        workbook.close()


def eis_values(shared: Path) -> Iterator[IndicatorValue]:
    """European Innovation Scoreboard 2023: the Summary Innovation Index of 2023."""
    for row in read_sheet(shared / EIS_FILE, "Sheet1"):
        if row["Indicator"] != "0 Summary Innovation Index" or row["Level"] != 0:
            continue
        if str(row["Year"]) != "2023":
            continue
        eis_code = str(row["Country"])
        region = EUROSTAT_TO_ISO2.get(eis_code, eis_code)
        value = parse_number(row["Value"])
        if region in ISO2_TO_ISO3 and value is not None:
            yield IndicatorValue(region, "eis_sii", "2023", 2023, value, None, "eis-2023")


def gii_values(shared: Path) -> Iterator[IndicatorValue]:
    """Global Innovation Index scores as read from public reports (no WIPO file available)."""
    with (shared / GII_FILE).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            region = ISO3_TO_ISO2.get(row["iso3"])
            edition = row["edition"]
            value = parse_number(row["score"])
            if region is None or edition not in ("2023", "2024") or value is None:
                continue
            yield IndicatorValue(
                region, "gii_score", edition, int(edition), value, None, f"gii-{edition}"
            )


def wgi_values(shared: Path) -> Iterator[IndicatorValue]:
    """Worldwide Governance Indicators, 2024 release: the estimates for 2023."""
    for row in read_sheet(shared / WGI_FILE, "Sheet1"):
        region = ISO3_TO_ISO2.get(str(row["code"]))
        if region is None or str(row["year"]) != "2023" or row["indicator"] not in WGI_INDICATORS:
            continue
        estimate = parse_number(row["estimate"])
        if estimate is None:
            continue
        indicator = f"wgi_{row['indicator']}"
        std_error = parse_number(row["stddev"])
        yield IndicatorValue(region, indicator, "2024", 2023, estimate, std_error, "wgi-2024")


def fiw_values(shared: Path) -> Iterator[IndicatorValue]:
    """Freedom in the World, edition 2025: the total score.

    The file does not state the year the 2025 edition covers, so year = edition.
    """
    for row in read_sheet(shared / FIW_FILE, "FIW13-25", header_row=2):
        region = FIW_NAME_TO_ISO2.get(str(row["Country/Territory"]))
        if region is None or str(row["Edition"]) != "2025":
            continue
        total = parse_number(row["Total"])
        if total is not None:
            yield IndicatorValue(region, "fh_total", "2025", 2025, total, None, "fiw-2025")


def wjp_values(shared: Path) -> Iterator[IndicatorValue]:
    """WJP Rule of Law Index 2025: the overall score."""
    for row in read_sheet(shared / WJP_FILE, "Historical Data"):
        region = ISO3_TO_ISO2.get(str(row["Country Code"]))
        if region is None or str(row["Year"]) != "2025":
            continue
        score = parse_number(row["WJP Rule of Law Index: Overall Score"])
        if score is not None:
            yield IndicatorValue(region, "wjp_overall", "2025", 2025, score, None, "wjp-2025")


def cbs_values() -> Iterator[IndicatorValue]:
    """Share of Dutch goods exports per destination country, 2023 (provisional)."""
    for region, share in CBS_EXPORT_SHARE_2023.items():
        yield IndicatorValue(
            region, "cbs_export_share", "2024", 2023, share, None, "cbs-handelsland-2024"
        )


def collect(shared: Path) -> list[IndicatorValue]:
    """All rows, sorted by region, indicator and edition; a repeated row is an error."""
    rows = [
        *eis_values(shared),
        *gii_values(shared),
        *wgi_values(shared),
        *fiw_values(shared),
        *wjp_values(shared),
        *cbs_values(),
    ]
    repeated = [key for key, count in Counter(row.key() for row in rows).items() if count > 1]
    if repeated:
        raise ValueError(f"more than one value for {repeated}")
    return sorted(rows, key=IndicatorValue.key)


def write_csv(rows: Iterable[IndicatorValue], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(row.csv_row() for row in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help="the shared data folder (default: ../shared/data next to the repository)",
    )
    args = parser.parse_args(argv)
    rows = collect(args.shared)
    write_csv(rows, OUTPUT)
    counts = Counter(row.indicator for row in rows)
    for indicator, count in sorted(counts.items()):
        print(f"{indicator}: {count}")
    print(f"wrote {len(rows)} rows to {OUTPUT.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()

"""CBS (Statistics Netherlands), goods trade by partner country: a StatLine CSV export.

The tables. CBS publishes the Netherlands' goods trade by partner country in StatLine, e.g.
85427NED "Internationale goederenhandel; eigendomsoverdracht, kerncijfers" (2015 onwards):
dimensions Landen x SITC x Perioden, topics TotaleInvoerwaarde_1 and TotaleUitvoerwaarde_2 (and
Wederuitvoerwaarde_3, UitvoerwaardeProductNL_4), in million euro. Older tables name the topics
Invoerwaarde_1 / Uitvoerwaarde_2 (81271ned) or Invoerwaarde_1 / TotaleUitvoerwaarde_2 with a
LandenGroepen dimension (83028NED, 2002-2022). StatLine and the open-data portal export a selection
as CSV (opendata.cbs.nl/CsvDownload/csv/<table>/TypedDataSet): separated by semicolons, every
field quoted, one header row.

What was established from a stored copy of 85427NED's open-data feed (its Landen, SITC and
Perioden dimensions and TypedDataSet rows), and from code that reads these tables:
- Landen keys are CBS codes with Dutch titles: T001047 "Totaal landen", L007935 "EU (exclusief
  Nederland)", L008519 "Afrika", L008592 "Duitsland", L008778 "Verenigde Staten", ...
  The table below is that dimension, each country with its ISO 3166-1 alpha-2 code.
- Perioden keys are 2023JJ00 (a year) and 2023MM01 (a month), titled "2023" and "2023 januari".
  CBS marks provisional figures with * ("2023*") and revised provisional ones with ** ("2023**").
  The current year's JJ00 can be a year to date: 85427NED titles 2026JJ00 "2026 januari-juli".
- The goods total is SITC T001082 "Totaal goederen"; "." marks a figure that is unknown or secret.

The layout this reader takes (UTF-8, with or without BOM; ; , or tab; header in row 1):
- `Landen` (or `LandenGroepen`): a CBS key (L008592) or a CBS name (Duitsland) from the table below.
- `Perioden`: 2023JJ00, 2023, 2023* or 2023**. Months and quarters (2023MM01, "2023 januari") are
  left out; a part of a year ("2026 januari-juli") is skipped with its reason.
- the export value: `TotaleUitvoerwaarde_2` or `Uitvoerwaarde_2`, or its title "Totale
  uitvoerwaarde" / "Uitvoerwaarde" with an optional "(mln euro)"; required. The import value
  likewise (`TotaleInvoerwaarde_1`, `Invoerwaarde_1`, "Totale invoerwaarde"); optional.
  Both in million euro; another unit in the header refuses the file.
- `SITC` (optional): only the rows of the goods total (T001082, "Totaal goederen") are read.
- `ID` and any other column are ignored. Values have no thousands separators, as CBS exports them.

Plausibility (StatLine's definitions: a trade value is the value of goods crossing the border, in
million euro): a value below 0 is refused, and so is a partner whose export exceeds the total to
all countries of the same year; so is a cell a spreadsheet would run as a formula.

What Kompas keeps, for each partner country, of the latest year with a value (the back series is
read and checked, not stored); provisional years are kept and the value is as published:
- `cbs_export_value`, `cbs_import_value`: million euro;
- `cbs_export_share`: the export value as a percentage of the export to all countries of the same
  year, taken from the file's total row ("Totaal landen", T001047, or "Totaal"). Without a total
  row for that year there is no share: the reader never adds up the partners itself.
The edition is the latest year in the file (e.g. "2023"), unless given. Groups of countries
("EU (exclusief Nederland)", "Afrika", "Overige landen"), trade not allocated to a country, and any
name or key not in the table are skipped, each with its reason, never guessed.

Not handled: in the key form (2026JJ00) a year to date cannot be told from a full year, so leave
the current year out of such an export, or export with titles; the old StatLine CSV (ISO-8859-1,
several header rows) is refused: export it again, or save it as UTF-8 with the one header row.
"""

from __future__ import annotations

import re
from pathlib import Path

from kompas.readers.base import Batch, IndicatorSpec, Progress, Skipped, SourceError, Value
from kompas.readers.cbs_countries import KEYS, NAMES
from kompas.readers.files import check_file, number
from kompas.readers.safety import inert
from kompas.readers.simple_csv import check_width, csv_rows

REASONS = {
    "group": "a group of countries, not a country",
    "rest": "trade not allocated to a country",
    "none": "no ISO 3166-1 code of its own",
}
MARKERS = {"total", *REASONS}
SITC_TOTAL = {"T001082", "Totaal goederen"}
# Headers as letters only (see _name) -> what the column holds.
ROLES = {
    "landen": "landen",
    "landengroepen": "landen",
    "perioden": "perioden",
    "totaleuitvoerwaarde": "export",
    "uitvoerwaarde": "export",
    "totaleinvoerwaarde": "import",
    "invoerwaarde": "import",
}
MILLION_EURO = {"mlneuro", "xmlneuro", "miljoeneuro", "xmiljoeneuro"}
YEAR = re.compile(r"^(\d{4})(?:JJ00|\*{0,2})$")
PART = re.compile(r"^\d{4}(?:MM|KW|HJ)\d{2}$|^\d{4} \S")


class CbsTradeReader:
    key = "cbs_trade"
    title = "Internationale goederenhandel naar land (StatLine)"
    publisher = "CBS"
    url = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85427NED/table"
    suffixes: tuple[str, ...] = (".csv",)

    def __init__(self, edition: str | None = None, *, max_bytes: int | None = None) -> None:
        self.edition = edition
        self.max_bytes = max_bytes

    def read(self, path: Path, progress: Progress | None = None) -> Batch:
        check_file(path, self.suffixes, self.max_bytes)
        file = path.name
        header, rows = csv_rows(path)
        index = _columns(file, header)
        partner_column, period_column = header[index["landen"]], header[index["perioden"]]
        found: dict[str, dict[int, tuple[float | None, float | None, int]]] = {}
        totals: dict[int, float] = {}
        skipped: dict[str, Skipped] = {}
        seen: dict[tuple[str, int], int] = {}
        years: set[int] = set()
        for done, (row, line) in enumerate(rows, start=1):
            if progress and done % 2000 == 0:
                progress(done, len(rows))
            if len(line) == 1 and line[0].strip().startswith("©"):
                continue  # the copyright line StatLine puts under a table
            cells = [cell.strip() for cell in check_width(file, header, row, line)]
            for name_, cell in zip(header, cells, strict=True):
                inert(cell, file, row=row, column=name_)
            if "sitc" in index and cells[index["sitc"]] not in SITC_TOTAL:
                continue
            period = cells[index["perioden"]]
            year = _year(file, row, period_column, period)
            if year is None:
                if "-" in period and period not in skipped:
                    skipped[period] = Skipped("", row, period, "a part of a year, not a full year")
                continue
            partner = cells[index["landen"]]
            name = KEYS.get(partner, partner)
            if (name, year) in seen:
                raise SourceError(
                    file,
                    f"a second row for {name} {period} (first in row {seen[(name, year)]})",
                    row=row,
                    column=partner_column,
                )
            seen[(name, year)] = row
            export = _number(file, row, header, cells, index["export"])
            import_ = (
                _number(file, row, header, cells, index["import"]) if "import" in index else None
            )
            if export is None and import_ is None:
                continue
            years.add(year)
            code = NAMES.get(name)
            if code == "total":
                if export is not None:
                    totals[year] = export
            elif code is None or code in MARKERS:
                reason = REASONS.get(code or "", "not a country in CBS's country list (85427NED)")
                text = partner if name == partner else f"{partner} {name}"
                skipped.setdefault(partner, Skipped("", row, text, reason))
            else:
                found.setdefault(code, {})[year] = (export, import_, row)
        if progress:
            progress(len(rows), len(rows))
        if not years:
            raise SourceError(file, "no yearly values (Perioden 2023JJ00 or 2023) in the file")
        if not found:
            raise SourceError(
                file, f"no values for a partner country ({len(skipped)} rows skipped)"
            )
        _check_totals(file, header[index["export"]], found, totals)
        edition = self.edition or str(max(years))
        return Batch(
            self.key,
            self.publisher,
            self.title,
            edition,
            self.url,
            INDICATORS,
            tuple(_values(found, totals, edition)),
            tuple(sorted(skipped.values(), key=lambda s: s.row)),
            (edition,),
        )


INDICATORS = (
    IndicatorSpec(
        "cbs_export_value",
        "Goederenexport naar het land (CBS)",
        "Dutch goods exports to the country (CBS)",
        "mln euro",
    ),
    IndicatorSpec(
        "cbs_import_value",
        "Goedereninvoer uit het land (CBS)",
        "Dutch goods imports from the country (CBS)",
        "mln euro",
    ),
    IndicatorSpec(
        "cbs_export_share",
        "Aandeel in de Nederlandse goederenexport",
        "Share of Dutch goods exports",
        "procent",
        0,
        100,
    ),
)


def _columns(file: str, header: list[str]) -> dict[str, int]:
    """Where the columns this reader uses are; an error naming what is missing or ambiguous."""
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        name, unit = _name(cell)
        role = "sitc" if name.startswith("sitc") else ROLES.get(name, "")
        if not role:
            continue
        if role in {"export", "import"} and unit and unit not in MILLION_EURO:
            raise SourceError(
                file,
                f"the values must be in million euro (mln euro), not '{cell[cell.rfind('(') :]}'",
                row=1,
                column=cell,
            )
        if role in index:
            raise SourceError(
                file,
                f"two {role} columns: '{header[index[role]]}' and '{cell}'",
                row=1,
                column=cell,
            )
        index[role] = position
    shown = ", ".join(cell for cell in header if cell)[:300]
    for role, wanted in (
        ("landen", "Landen"),
        ("perioden", "Perioden"),
        ("export", "TotaleUitvoerwaarde_2 (or Uitvoerwaarde_2, 'Totale uitvoerwaarde (mln euro)')"),
    ):
        if role not in index:
            raise SourceError(file, f"missing column {wanted} (found: {shown})", row=1)
    return index


def _name(header: str) -> tuple[str, str]:
    """A header as letters only, without its topic number and unit: 'TotaleUitvoerwaarde_2' and
    'Totale uitvoerwaarde (mln euro)' both become 'totaleuitvoerwaarde' (unit 'mlneuro')."""
    text, unit = header.strip(), ""
    match = re.match(r"^(.*?)\s*\(([^()]*)\)$", text)
    if match:
        text, unit = match.group(1), match.group(2)
    text = re.sub(r"_\d+$", "", text)
    return re.sub(r"[^a-z]", "", text.lower()), re.sub(r"[^a-z]", "", unit.lower())


def _number(file: str, row: int, header: list[str], cells: list[str], column: int) -> float | None:
    """A value in million euro: "." (CBS's unknown or secret) is None; never below 0."""
    text = cells[column]
    found = None if text == "." else number(text, file, "", row, header[column])
    if found is not None and found < 0:
        raise SourceError(
            file, f"a trade value is never below 0, not {text}", row=row, column=header[column]
        )
    return found


def _year(file: str, row: int, column: str, period: str) -> int | None:
    """The year of a yearly period; None for a month, a quarter or a part of a year."""
    match = YEAR.match(period)
    if match and 1900 <= int(match.group(1)) <= 2100:
        return int(match.group(1))
    if PART.match(period):
        return None
    raise SourceError(
        file,
        f"'{period}' is not a CBS period (2023JJ00, 2023, 2023* or 2023MM01)",
        row=row,
        column=column,
    )


def _check_totals(
    file: str,
    column: str,
    found: dict[str, dict[int, tuple[float | None, float | None, int]]],
    totals: dict[int, float],
) -> None:
    """No partner country takes more of the export than all countries together."""
    for by_year in found.values():
        for year, (export, _, row) in sorted(by_year.items()):
            total = totals.get(year)
            if export is not None and total is not None and export > total:
                raise SourceError(
                    file,
                    f"{export:g} is more than the total to all countries ({total:g}) in {year}",
                    row=row,
                    column=column,
                )


def _values(
    found: dict[str, dict[int, tuple[float | None, float | None, int]]],
    totals: dict[int, float],
    edition: str,
) -> list[Value]:
    """Per country the latest year with an export value, and with an import value."""
    values: list[Value] = []
    for region, by_year in sorted(found.items()):
        exports = [year for year, (export, _, _) in by_year.items() if export is not None]
        if exports:
            year = max(exports)
            export, _, row = by_year[year]
            assert export is not None
            values.append(Value(region, "cbs_export_value", edition, year, export, None, row))
            if totals.get(year):
                share = export / totals[year] * 100
                values.append(Value(region, "cbs_export_share", edition, year, share, None, row))
        imports = [year for year, (_, import_, _) in by_year.items() if import_ is not None]
        if imports:
            year = max(imports)
            _, import_, row = by_year[year]
            assert import_ is not None
            values.append(Value(region, "cbs_import_value", edition, year, import_, None, row))
    return values

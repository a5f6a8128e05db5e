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
from kompas.readers.files import check_file, number
from kompas.readers.simple_csv import check_width, csv_rows

# CBS key, ISO 3166-1 alpha-2 (or: total, group, rest, none), CBS name. The keys and names are the
# Landen dimension of 85427NED; the lines with key "-" are names other CBS tables use.
TABLE = """
T001047 total Totaal landen
L007935 group EU (exclusief Nederland)
L006998 group Niet-EU
L007933 group Europa (exclusief Nederland)
L008519 group Afrika
L008520 group Amerika
L008524 group Azië
L008531 group Oceanië
L008527 group Overige
L008533 AF Afghanistan
L008534 AL Albanië
L008535 DZ Algerije
L008537 VI Amerikaanse Maagdeneilanden
L008536 AS Amerikaans-Samoa
L008538 AD Andorra
L008539 AO Angola
L008540 AI Anguilla
L008532 AQ Antarctica
L008541 AG Antigua en Barbuda
L008542 AR Argentinië
L008543 AM Armenië
L008544 AW Aruba
L008545 AU Australië
L008546 AZ Azerbeidzjan
L008547 BS Bahama's
L008548 BH Bahrein
L008549 BD Bangladesh
L008550 BB Barbados
L008552 BE België
L008553 BZ Belize
L008554 BJ Benin
L008555 BM Bermuda
L006997 BT Bhutan
L008688 MM Birma
L008557 BO Bolivia
L008559 BA Bosnië en Herzegovina
L008560 BW Botswana
L008561 BV Bouveteiland
L008562 BR Brazilië
L008564 IO Brits Indische Oceaanterritorium
L008565 VG Britse Maagdeneilanden
L008566 BN Brunei
L008567 BG Bulgarije
L008568 BF Burkina Faso
L008569 BI Burundi
L008570 KH Cambodja
L008571 CA Canada
L008794 BQ Caribisch Nederland
L008573 CF Centraal-Afrikaanse Republiek
L008817 none Ceuta
L008574 CL Chili
L008575 CN China
L008577 CX Christmaseiland
L008578 CC Cocoseilanden
L008579 CO Colombia
L008580 KM Comoren
L008581 CG Congo
L008582 CD Congo (Democratische Republiek)
L008583 CK Cookeilanden
L008584 CR Costa Rica
L008585 CU Cuba
L008586 CW Curaçao
L008587 CY Cyprus
L008588 DK Denemarken
L008589 DJ Djibouti
L008590 DM Dominica
L008591 DO Dominicaanse Republiek
L008592 DE Duitsland
L008593 EC Ecuador
L008594 EG Egypte
L008595 SV El Salvador
L008596 GQ Equatoriaal-Guinea
L008597 ER Eritrea
L008598 EE Estland
L008752 SZ Eswatini
L008599 ET Ethiopië
L008600 FO Faeröer
L008601 FK Falklandeilanden
L008602 FJ Fiji
L008603 PH Filipijnen
L008604 FI Finland
L008605 FR Frankrijk
L008607 TF Franse Zuidelijke Gebieden
L008608 PF Frans-Polynesië
L008609 GA Gabon
L008610 GM Gambia
L008611 GE Georgië
L008612 GH Ghana
L008613 GI Gibraltar
L008614 GD Grenada
L008615 GR Griekenland
L008616 GL Groenland
L008618 GU Guam
L008619 GT Guatemala
L008621 GN Guinee
L008622 GW Guinee-Bissau
L008623 GY Guyana
L008624 HT Haïti
L008625 HM Heard- en McDonald-eilanden
L008626 HN Honduras
L008627 HU Hongarije
L008628 HK Hongkong
L008629 IE Ierland
L008630 IS IJsland
L008631 IN India
L008632 ID Indonesië
L008633 IQ Irak
L008634 IR Iran
L008635 IL Israël
L008636 IT Italië
L008637 CI Ivoorkust
L008638 JM Jamaica
L008639 JP Japan
L008640 YE Jemen
L008643 JO Jordanië
L008572 KY Kaaimaneilanden
L008644 CV Kaapverdië
L008645 CM Kameroen
L008648 KZ Kazachstan
L008649 KE Kenia
L008650 KG Kirgizië
L008651 KI Kiribati
L008652 KW Koeweit
L008653 XK Kosovo
L008654 HR Kroatië
L008655 LA Laos
L008656 LS Lesotho
L008657 LV Letland
L008658 LB Libanon
L008659 LR Liberia
L008660 LY Libië
L008661 LI Liechtenstein
L008662 LT Litouwen
L008663 LU Luxemburg
L008664 MO Macau
L008666 MG Madagaskar
L008667 MW Malawi
L008668 MV Maldiven
L008669 MY Maleisië
L008670 ML Mali
L008671 MT Malta
L008673 MA Marokko
L008675 MH Marshalleilanden
L008677 MR Mauritanië
L008678 MU Mauritius
L008818 none Melilla
L008680 MX Mexico
L008681 FM Micronesia
L008682 MD Moldavië
L008684 MN Mongolië
L008685 ME Montenegro
L008686 MS Montserrat
L008687 MZ Mozambique
L008689 NA Namibië
L008690 NR Nauru
L008694 NP Nepal
L008695 NI Nicaragua
L008696 NC Nieuw-Caledonië
L008697 NZ Nieuw-Zeeland
L008698 NE Niger
L008699 NG Nigeria
L008700 NU Niue
L008702 MP Noordelijke Marianen
L008703 KP Noord-Korea
L008665 MK Noord-Macedonië
L008704 NO Noorwegen
L008705 NF Norfolkeiland
L008706 UA Oekraïne
L008707 UZ Oezbekistan
L008708 OM Oman
L008709 AT Oostenrijk
L008758 TL Oost-Timor
L008710 PK Pakistan
L008711 PW Palau
L008712 PS Bezette Palestijnse gebieden
L008713 PA Panama
L008714 PG Papoea-Nieuw-Guinea
L008715 PY Paraguay
L008716 PE Peru
L008717 PN Pitcairneilanden
L008718 PL Polen
L008719 PT Portugal
L008647 QA Qatar
L008723 RO Roemenië
L008724 RU Rusland
L008726 RW Rwanda
L008792 BL Saint Barthélemy
L008727 KN Saint Kitts en Nevis
L008742 LC Saint Lucia
L008728 PM Saint-Pierre en Miquelon
L008730 SB Salomonseilanden
L008731 WS Samoa
L008732 SM San Marino
L008733 ST Sao Tomé en Principe
L008734 SA Saudi-Arabië
L008735 SN Senegal
L008736 RS Servië
L008738 SC Seychellen
L008739 SL Sierra Leone
L008740 SG Singapore
L008743 SX Sint Maarten (Nederlands deel)
L008729 VC Sint Vincent en de Grenadines
L008741 SH Sint-Helena, Ascension, Tristan da Cunha
L008744 SI Slovenië
L008745 SK Slowakije
L008747 SO Somalië
L008749 ES Spanje
L008750 LK Sri Lanka
L008746 SD Sudan
L008751 SR Suriname
L008753 SY Syrië
L008754 TJ Tadzjikistan
L008755 TW Taiwan
L008756 TZ Tanzania
L008757 TH Thailand
L008759 TG Togo
L008760 TK Tokelau-eilanden
L008761 TO Tonga
L008762 TT Trinidad en Tobago
L008763 TD Tsjaad
L008764 CZ Tsjechië
L008765 TN Tunesië
L008766 TR Turkije
L008767 TM Turkmenistan
L008768 TC Turks- en Caicoseilanden
L008769 TV Tuvalu
L008770 UG Uganda
L008771 UY Uruguay
L008772 VU Vanuatu
L008773 VA Vaticaanstad
L008774 VE Venezuela
L008779 UM Verafgelegen eilandjes van de VS
L008776 GB Verenigd Koninkrijk
L008777 AE Verenigde Arabische Emiraten
L008778 US Verenigde Staten
L008780 VN Vietnam
L008782 WF Wallis en Futuna
L008813 EH Westelijke Sahara
L008783 BY Wit-Rusland
L008784 ZM Zambia
L008785 ZW Zimbabwe
L008787 ZA Zuid-Afrika
L008788 GS Zuid-Georgia en Sandwicheilanden
L008789 KR Zuid-Korea
L008786 SS Zuid-Sudan
L008790 SE Zweden
L008791 CH Zwitserland
L008816 rest Boordprovisie EU
L008815 rest Boordprovisie niet-EU
L008820 rest Niet aangegeven landen en gebieden EU
L008821 rest Niet aangegeven landen, gebieden niet-EU
L008812 rest Niet bepaalde landen en gebieden EU
L008822 rest Niet bepaalde landen en gebieden niet-EU
L008814 rest Zeegebied buiten de territoriale wateren
- total Totaal
- group Overige landen
- group Niet-EU-landen
"""
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


def _table() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    for line in TABLE.strip().splitlines():
        key, code, name = line.split(maxsplit=2)
        names[name] = code
        if key != "-":
            keys[key] = name
    return names, keys


NAMES, KEYS = _table()


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
    """A value in million euro; None where CBS publishes "." (unknown or secret) or nothing."""
    text = cells[column]
    return None if text == "." else number(text, file, "", row, header[column])


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

"""The CBS goods-trade reader: StatLine CSV exports by partner country, and the files it refuses."""

import zipfile
from pathlib import Path

import pytest

from kompas.imports import services
from kompas.readers.base import SourceError, Value
from kompas.readers.cbs_countries import KEYS, NAMES
from kompas.readers.codes import country
from kompas.readers.registry import reader
from kompas.readers.trade_cbs import REASONS, CbsTradeReader
from kompas.regions.models import Indicator, IndicatorValue

KEY_HEADER = ["ID", "Landen", "Perioden", "TotaleInvoerwaarde_1", "TotaleUitvoerwaarde_2"]
TITLE_HEADER = [
    "Landen",
    "Perioden",
    "Totale invoerwaarde (mln euro)",
    "Totale uitvoerwaarde (mln euro)",
]


def cbs(tmp_path: Path, rows: list[list[str]], name: str = "handel.csv") -> Path:
    """A file as StatLine exports it: semicolons, every field quoted, header in row 1."""
    path = tmp_path / name
    path.write_text("".join(";".join(f'"{c}"' for c in row) + "\r\n" for row in rows), "utf-8")
    return path


def values(path: Path) -> dict[tuple[str, str], Value]:
    batch = CbsTradeReader().read(path)
    return {(v.region, v.indicator): v for v in batch.values}


def key_form(tmp_path: Path) -> Path:
    return cbs(
        tmp_path,
        [
            KEY_HEADER,
            ["0", "T001047", "2022JJ00", "770421", "881742"],
            ["1", "T001047", "2023JJ00", "694325", "800000"],
            ["2", "L008592", "2022JJ00", "130000", "200000"],
            ["3", "L008592", "2023JJ00", "120000", "184000"],
            ["4", "L008552", "2023JJ00", "70000", "96000"],
            ["5", "L007935", "2023JJ00", "300000", "500000"],
            ["6", "L008592", "2023MM01", "10000", "15000"],
        ],
    )


def test_it_reads_export_import_and_share_per_partner_from_the_key_form(tmp_path: Path) -> None:
    batch = CbsTradeReader().read(key_form(tmp_path))
    assert (batch.source, batch.publisher, batch.edition, batch.editions) == (
        "cbs_trade",
        "CBS",
        "2023",
        ("2023",),
    )
    found = {(v.region, v.indicator): (v.year, v.value, v.row) for v in batch.values}
    assert found == {
        ("BE", "cbs_export_value"): (2023, 96000.0, 6),
        ("BE", "cbs_import_value"): (2023, 70000.0, 6),
        ("BE", "cbs_export_share"): (2023, pytest.approx(12.0), 6),
        ("DE", "cbs_export_value"): (2023, 184000.0, 5),
        ("DE", "cbs_import_value"): (2023, 120000.0, 5),
        ("DE", "cbs_export_share"): (2023, pytest.approx(23.0), 5),
    }
    assert all(v.edition == "2023" and v.std_error is None for v in batch.values)
    assert [(s.row, s.text, s.reason) for s in batch.skipped] == [
        (7, "L007935 EU (exclusief Nederland)", REASONS["group"])
    ]
    specs = {s.id: s for s in batch.indicators}
    assert set(specs) == {"cbs_export_value", "cbs_import_value", "cbs_export_share"}
    share = specs["cbs_export_share"]
    assert (share.unit, share.scale_min, share.scale_max, share.has_std_error) == (
        "procent",
        0,
        100,
        False,
    )
    assert specs["cbs_export_value"].unit == "mln euro"


def test_it_reads_dutch_names_and_keeps_provisional_years_as_published(tmp_path: Path) -> None:
    path = cbs(
        tmp_path,
        [
            TITLE_HEADER,
            ["Totaal landen", "2022**", "770421", "881742"],
            ["Totaal landen", "2023*", "694325", "816557"],
            ["Duitsland", "2022**", "130000", "200000"],
            ["Duitsland", "2023*", "117000.5", "187808.1"],
            ["Verenigde Staten", "2023*", "71000", "40000"],
            ["België", "2023*", "68000", "98000"],
            ["Verenigd Koninkrijk", "2023*", "30000", "50000"],
            ["Zuid-Korea", "2023*", "9000", "4000"],
        ],
    )
    found = values(path)
    assert found[("DE", "cbs_export_value")].value == 187808.1
    assert found[("DE", "cbs_export_value")].year == 2023
    assert found[("DE", "cbs_import_value")].value == 117000.5
    assert found[("DE", "cbs_export_share")].value == pytest.approx(187808.1 / 816557 * 100)
    assert {region for region, _ in found} == {"DE", "US", "BE", "GB", "KR"}
    assert CbsTradeReader().read(path).edition == "2023"


def test_it_keeps_the_latest_year_of_each_partner_with_that_years_share(tmp_path: Path) -> None:
    path = cbs(
        tmp_path,
        [
            KEY_HEADER,
            ["0", "T001047", "2022JJ00", "700000", "800000"],
            ["1", "T001047", "2023JJ00", "700000", "1000000"],
            ["2", "L008775", "2022JJ00", "1", "1"],  # not in the table: skipped
            ["3", "L008778", "2022JJ00", "80000", "40000"],
            ["4", "L008778", "2023JJ00", "90000", "."],
        ],
    )
    found = values(path)
    assert (found[("US", "cbs_export_value")].year, found[("US", "cbs_export_value")].value) == (
        2022,
        40000.0,
    )
    assert found[("US", "cbs_export_share")].value == pytest.approx(5.0)  # of 2022's total
    assert (found[("US", "cbs_import_value")].year, found[("US", "cbs_import_value")].value) == (
        2023,
        90000.0,
    )


def test_it_gives_no_share_without_a_total_row(tmp_path: Path) -> None:
    path = cbs(
        tmp_path,
        [
            ["Landen", "Perioden", "TotaleUitvoerwaarde_2"],
            ["Duitsland", "2023", "184000"],
            ["Frankrijk", "2023", "64000"],
        ],
    )
    found = values(path)
    assert set(found) == {("DE", "cbs_export_value"), ("FR", "cbs_export_value")}


def test_it_takes_the_total_row_named_totaal_and_older_topic_names(tmp_path: Path) -> None:
    path = cbs(
        tmp_path,
        [
            ["Landen", "Perioden", "Invoerwaarde_1", "Uitvoerwaarde_2"],
            ["Totaal", "2019", "500000", "400000"],
            ["Japan", "2019", "20000", "4000"],
        ],
    )
    found = values(path)
    assert found[("JP", "cbs_export_share")].value == pytest.approx(1.0)
    assert found[("JP", "cbs_import_value")].value == 20000.0


def test_it_skips_groups_unallocated_trade_and_unknown_names_with_their_reason(
    tmp_path: Path,
) -> None:
    path = cbs(
        tmp_path,
        [
            TITLE_HEADER,
            ["Duitsland", "2023", "1", "2"],
            ["Afrika", "2023", "1", "2"],
            ["Overige landen", "2023", "1", "2"],
            ["Niet-EU-landen", "2023", "1", "2"],
            ["Boordprovisie EU", "2023", "1", "2"],
            ["Ceuta", "2023", "1", "2"],
            ["Duitsland (oud)", "2023", "1", "2"],
            ["Afrika", "2022", "1", "2"],
        ],
    )
    skipped = CbsTradeReader().read(path).skipped
    assert [(s.row, s.text, s.reason) for s in skipped] == [
        (3, "Afrika", REASONS["group"]),
        (4, "Overige landen", REASONS["group"]),
        (5, "Niet-EU-landen", REASONS["group"]),
        (6, "Boordprovisie EU", REASONS["rest"]),
        (7, "Ceuta", REASONS["none"]),
        (8, "Duitsland (oud)", "not a country in CBS's country list (85427NED)"),
    ]


def test_it_reads_only_the_goods_total_of_an_sitc_column(tmp_path: Path) -> None:
    path = cbs(
        tmp_path,
        [
            ["ID", "Landen", "SITC", "Perioden", "TotaleInvoerwaarde_1", "TotaleUitvoerwaarde_2"],
            ["0", "L008575", "T001082", "2023JJ00", "90000", "30000"],
            ["1", "L008575", "A018591", "2023JJ00", "5000", "1000"],
            ["2", "L008575", "A018743", "2023JJ00", "60000", "9000"],
        ],
    )
    found = values(path)
    assert found[("CN", "cbs_export_value")].value == 30000.0
    assert found[("CN", "cbs_import_value")].value == 90000.0


def test_it_leaves_out_months_and_skips_a_part_of_a_year(tmp_path: Path) -> None:
    path = cbs(
        tmp_path,
        [
            TITLE_HEADER,
            ["Duitsland", "2025", "120000", "180000"],
            ["Duitsland", "2026 januari", "10000", "15000"],
            ["Duitsland", "2026 januari-juli", "70000", "105000"],
        ],
    )
    batch = CbsTradeReader().read(path)
    assert batch.edition == "2025"
    assert {v.year for v in batch.values} == {2025}
    assert [(s.row, s.text, s.reason) for s in batch.skipped] == [
        (4, "2026 januari-juli", "a part of a year, not a full year")
    ]


def test_it_reads_a_dot_as_a_figure_cbs_does_not_publish(tmp_path: Path) -> None:
    path = cbs(
        tmp_path,
        [TITLE_HEADER, ["Noord-Korea", "2023", ".", "."], ["Ierland", "2023", ".", "12000"]],
    )
    assert set(values(path)) == {("IE", "cbs_export_value")}


def test_it_takes_the_edition_it_is_given(tmp_path: Path) -> None:
    batch = reader("cbs_trade", "2024-10").read(key_form(tmp_path))
    assert batch.edition == "2024-10"
    assert {v.edition for v in batch.values} == {"2024-10"}


def test_it_ignores_the_copyright_line_under_a_statline_table(tmp_path: Path) -> None:
    path = cbs(tmp_path, [TITLE_HEADER, ["Polen", "2023", "1", "2"]])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('"© Centraal Bureau voor de Statistiek, Den Haag/Heerlen 1-10-2024"\r\n')
    assert set(values(path)) == {("PL", "cbs_export_value"), ("PL", "cbs_import_value")}


def test_it_resolves_every_country_of_its_table_to_an_iso_code() -> None:
    countries = {name: code for name, code in NAMES.items() if code not in {"total", *REASONS}}
    assert len(countries) > 230
    for code in countries.values():
        assert country(code) == code
    assert len(set(countries.values())) == len(countries)  # one name per country
    assert all(name in NAMES for name in KEYS.values())
    assert {
        name: NAMES[name]
        for name in ("Duitsland", "Verenigde Staten", "België", "Birma", "Saudi-Arabië")
    } == {
        "Duitsland": "DE",
        "Verenigde Staten": "US",
        "België": "BE",
        "Birma": "MM",
        "Saudi-Arabië": "SA",
    }
    assert NAMES[KEYS["T001047"]] == "total"
    assert NAMES[KEYS["L008592"]] == "DE"


@pytest.mark.django_db
def test_it_imports_through_the_pipeline_next_to_the_seeded_share(tmp_path: Path) -> None:
    before = Indicator.objects.get(key="cbs_export_share")
    run = services.apply(services.read("cbs_trade", key_form(tmp_path)))
    assert run is not None
    assert (run.publisher, run.edition) == ("CBS", "2023")
    stored = IndicatorValue.objects.get(
        region__code="DE", indicator__key="cbs_export_share", edition="2023"
    )
    assert stored.year == 2023
    assert stored.value == pytest.approx(23.0)
    assert Indicator.objects.get(key="cbs_export_share").name_nl == before.name_nl
    export = Indicator.objects.get(key="cbs_export_value")
    assert (export.unit, export.publisher) == ("mln euro", "CBS")


# The bad-file corpus: (what, file name, bytes, row, column, problem)
GOOD = '"Landen";"Perioden";"TotaleUitvoerwaarde_2"\r\n"Duitsland";"2023";"184000"\r\n'
BAD = [
    ("empty", "handel.csv", b"", None, "", "the file is empty"),
    (
        "header only",
        "handel.csv",
        b'"Landen";"Perioden";"TotaleUitvoerwaarde_2"\r\n',
        None,
        "",
        "no yearly values",
    ),
    (
        "no period column",
        "handel.csv",
        b'"Landen";"Jaar";"TotaleUitvoerwaarde_2"\r\n"Duitsland";"2023";"1"\r\n',
        1,
        "",
        "missing column Perioden (found: Landen, Jaar, TotaleUitvoerwaarde_2)",
    ),
    (
        "no export column",
        "handel.csv",
        b'"Landen";"Perioden";"Wederuitvoerwaarde_3"\r\n"Duitsland";"2023";"1"\r\n',
        1,
        "",
        "missing column TotaleUitvoerwaarde_2",
    ),
    (
        "another unit",
        "handel.csv",
        b'"Landen";"Perioden";"Totale uitvoerwaarde (x 1 000 euro)"\r\n"Duitsland";"2023";"1"\r\n',
        1,
        "Totale uitvoerwaarde (x 1 000 euro)",
        "must be in million euro",
    ),
    (
        "text for a number",
        "handel.csv",
        (GOOD + '"Frankrijk";"2023";"veel"\r\n').encode(),
        3,
        "TotaleUitvoerwaarde_2",
        "'veel' is not a number",
    ),
    (
        "infinity",
        "handel.csv",
        (GOOD + '"Frankrijk";"2023";"inf"\r\n').encode(),
        3,
        "TotaleUitvoerwaarde_2",
        "not a finite number",
    ),
    (
        "duplicate row",
        "handel.csv",
        (GOOD + '"Duitsland";"2023";"184000"\r\n').encode(),
        3,
        "Landen",
        "a second row for Duitsland 2023 (first in row 2)",
    ),
    (
        "key and name of one country",
        "handel.csv",
        (GOOD + '"L008592";"2023";"184000"\r\n').encode(),
        3,
        "Landen",
        "a second row for Duitsland",
    ),
    (
        "not a period",
        "handel.csv",
        (GOOD + '"Frankrijk";"2023Q1";"1"\r\n').encode(),
        3,
        "Perioden",
        "'2023Q1' is not a CBS period",
    ),
    (
        "latin-1",
        "handel.csv",
        (GOOD + '"België";"2023";"1"\r\n').encode("latin-1"),
        3,
        "Landen",
        "not UTF-8 text",
    ),
    (
        "utf-16",
        "handel.csv",
        GOOD.encode("utf-16"),
        None,
        "",
        "UTF-16 text, not UTF-8",
    ),
    (
        "truncated",
        "handel.csv",
        (GOOD + '"Frankrijk";"20').encode(),
        3,
        "TotaleUitvoerwaarde_2",
        "2 fields where the header has 3 (a truncated row?)",
    ),
    (
        "pipes",
        "handel.csv",
        b"Landen|Perioden|TotaleUitvoerwaarde_2\nDuitsland|2023|1\n",
        1,
        "",
        "no column separator in the header (expected , ; or tab)",
    ),
    ("wrong extension", "handel.xlsx", GOOD.encode(), None, "", "expected a .csv file"),
    (
        "no country",
        "handel.csv",
        b'"Landen";"Perioden";"TotaleUitvoerwaarde_2"\r\n"Afrika";"2023";"1"\r\n',
        None,
        "",
        "no values for a partner country (1 rows skipped)",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "row", "column", "problem"),
    [case[1:] for case in BAD],
    ids=[case[0] for case in BAD],
)
def test_it_refuses_a_bad_file_naming_file_row_and_column(
    tmp_path: Path, name: str, content: bytes, row: int | None, column: str, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        CbsTradeReader().read(path)
    error = caught.value
    assert (error.file, error.row, error.column) == (name, row, column)
    assert problem in error.problem


def test_it_refuses_a_workbook_renamed_to_csv(tmp_path: Path) -> None:
    path = tmp_path / "handel.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SourceError) as caught:
        CbsTradeReader().read(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("handel.csv", None, "")
    assert "an Excel workbook or zip archive, not a .csv file" in caught.value.problem


def test_it_refuses_an_oversized_file(tmp_path: Path) -> None:
    path = key_form(tmp_path)
    with pytest.raises(SourceError) as caught:
        CbsTradeReader(max_bytes=100).read(path)
    assert (caught.value.file, caught.value.row) == ("handel.csv", None)
    assert "at most" in caught.value.problem

"""Every reader checks its values against the publisher's documented ranges and the roles of its
columns, and refuses text a spreadsheet would run as a formula, naming the row and column."""

from pathlib import Path

import pytest

from kompas.readers.base import SourceError
from kompas.readers.eis import EisReader
from kompas.readers.freedom_house import FreedomHouseReader
from kompas.readers.gii import GiiReader
from kompas.readers.ris import RisReader
from kompas.readers.trade_cbs import CbsTradeReader
from kompas.readers.wjp import WjpReader
from tests.readers.hostile_files import text_cell
from tests.readers.innovation_workbooks import (
    eis_row,
    eu_average,
    gii_row,
    ris_row,
    write_eis,
    write_gii,
    write_ris,
)
from tests.readers.workbooks import fiw_row, wjp_row, write_fiw, write_wjp

FORMULA = '=HYPERLINK("http://evil.example","klik")'


def _refused(reader: object, path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        reader.read(path)  # type: ignore[attr-defined]
    return caught.value


def _where(error: SourceError) -> tuple[str, str, int | None, str]:
    return (error.file, error.sheet, error.row, error.column)


@pytest.mark.parametrize(
    ("pr", "cl", "total", "column", "problem"),
    [
        (45, 40, 85, "PR", "political rights run from −4 to 40, not 45"),
        (30, 61, 91, "CL", "civil liberties run from 0 to 60, not 61"),
        (30, 45, 80, "Total", "Total 80 is not PR + CL (30 + 45 = 75)"),
        (58, 39, 97, "PR", "political rights run from −4 to 40, not 58"),  # PR and CL swapped
    ],
)
def test_freedom_house_scores_must_be_in_range_and_add_up(
    tmp_path: Path, pr: int, cl: int, total: int, column: str, problem: str
) -> None:
    rows = [fiw_row("Netherlands", 2025, 39, 58, 97), fiw_row("Germany", 2025, pr, cl, total)]
    error = _refused(FreedomHouseReader(), write_fiw(tmp_path / "fiw.xlsx", rows))
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 4, column)
    assert error.problem == problem


def test_freedom_house_keeps_a_political_rights_score_below_zero(tmp_path: Path) -> None:
    rows = [fiw_row("South Sudan", 2025, -3, 4, 1)]
    batch = FreedomHouseReader().read(write_fiw(tmp_path / "fiw.xlsx", rows))
    assert {v.indicator: v.value for v in batch.values}["fh_pr"] == -3


def test_freedom_house_refuses_a_formula_as_a_country_name(tmp_path: Path) -> None:
    path = write_fiw(tmp_path / "fiw.xlsx", [fiw_row("Netherlands", 2025, 39, 58, 97)])
    error = _refused(FreedomHouseReader(), text_cell(path, "FIW13-25", "A3", FORMULA))
    assert _where(error) == ("fiw.xlsx", "FIW13-25", 3, "Country/Territory")
    assert "looks like a spreadsheet formula" in error.problem


@pytest.mark.parametrize(
    ("overall", "factor", "column", "problem"),
    [
        (1.2, 0.7, "WJP Rule of Law Index: Overall Score", "scores run from 0 to 1, not 1.2"),
        (0.7, -0.1, "Factor 1: Constraints on Government Powers", "from 0 to 1, not -0.1"),
        (0.2, 0.7, "WJP Rule of Law Index: Overall Score", "the mean of the eight factors"),
    ],
)
def test_wjp_scores_must_be_in_range_and_the_overall_the_mean_of_the_factors(
    tmp_path: Path, overall: float, factor: float, column: str, problem: str
) -> None:
    rows = [
        wjp_row("Netherlands", 2025, "NLD", 0.7, 0.7),
        wjp_row("Germany", 2025, "DEU", overall, factor),
    ]
    error = _refused(WjpReader(), write_wjp(tmp_path / "wjp.xlsx", rows))
    assert _where(error) == ("wjp.xlsx", "Historical Data", 3, column)
    assert problem in error.problem


def test_eis_refuses_a_summary_innovation_index_above_its_range(tmp_path: Path) -> None:
    rows = [*eu_average({2016: 100, 2023: 108.5}), eis_row("NL", "Netherlands", 2023, 1290.0)]
    error = _refused(EisReader(), write_eis(tmp_path / "eis.xlsx", rows))
    assert _where(error) == ("eis.xlsx", "EIS-INN", 4, "Value")
    assert "1290 is above 300" in error.problem


def test_ris_refuses_a_regional_innovation_index_above_its_range(tmp_path: Path) -> None:
    rows = [ris_row("NL41", 2025, 1400.5)]
    error = _refused(RisReader(), write_ris(tmp_path / "RIS_web_download.xlsx", rows))
    assert _where(error) == ("RIS_web_download.xlsx", "RIS", 2, "Value relative to EU in 2018")
    assert "1400.5 is above 300" in error.problem


def test_gii_refuses_a_formula_as_an_economy_name(tmp_path: Path) -> None:
    path = write_gii(
        tmp_path / "wipo-pub-2000-2024-tech1.xlsx", [gii_row("NLD", "Netherlands", 58)]
    )
    error = _refused(GiiReader(), text_cell(path, "Data", "B2", FORMULA))
    assert _where(error) == ("wipo-pub-2000-2024-tech1.xlsx", "Data", 2, "ECONOMY_NAME")


def _cbs(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "handel.csv"
    header = ["ID", "Landen", "Perioden", "TotaleInvoerwaarde_1", "TotaleUitvoerwaarde_2"]
    path.write_text(
        "".join(";".join(f'"{c}"' for c in row) + "\r\n" for row in [header, *rows]), "utf-8"
    )
    return path


def test_cbs_refuses_a_negative_trade_value(tmp_path: Path) -> None:
    path = _cbs(tmp_path, [["0", "L008592", "2023JJ00", "-120000", "184000"]])
    error = _refused(CbsTradeReader(), path)
    assert (error.row, error.column) == (2, "TotaleInvoerwaarde_1")
    assert "a trade value is never below 0, not -120000" in error.problem


def test_cbs_refuses_a_partner_that_takes_more_than_the_total(tmp_path: Path) -> None:
    rows = [
        ["0", "T001047", "2023JJ00", "694325", "800000"],
        ["1", "L008592", "2023JJ00", "120000", "884000"],
    ]
    error = _refused(CbsTradeReader(), _cbs(tmp_path, rows))
    assert (error.row, error.column) == (3, "TotaleUitvoerwaarde_2")
    assert "more than the total to all countries (800000) in 2023" in error.problem


def test_cbs_refuses_a_formula_as_a_partner(tmp_path: Path) -> None:
    path = _cbs(tmp_path, [["0", "@SUM(A1:A2)", "2023JJ00", "1", "2"]])
    error = _refused(CbsTradeReader(), path)
    assert (error.row, error.column) == (2, "Landen")
    assert "looks like a spreadsheet formula" in error.problem


def test_gisco_refuses_a_formula_as_a_region_name(tmp_path: Path) -> None:
    import json

    from kompas.readers.geometries import GiscoNutsReader

    square = [[[4.0, 51.0], [5.0, 51.0], [5.0, 52.0], [4.0, 52.0], [4.0, 51.0]]]
    properties = {"NUTS_ID": "NL41", "LEVL_CODE": 2, "CNTR_CODE": "NL", "NAME_LATN": FORMULA}
    feature = {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": square},
    }
    path = tmp_path / "NUTS_RG_60M_2021_4326_LEVL_2.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    error = _refused(GiscoNutsReader(), path)
    assert "feature 1: property NAME_LATN: " in str(error)
    assert "looks like a spreadsheet formula" in error.problem

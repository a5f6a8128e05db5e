"""World Bank, Worldwide Governance Indicators: the real workbook, its standard errors, and the
plausibility checks that refuse a file whose columns do not play the publisher's roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from kompas.readers.base import Batch, SourceError
from kompas.readers.wgi import WgiReader
from tests.dataset.shared import shared_file
from tests.imports.wgi_files import HEADER, Row, every_indicator, write_wgi
from tests.readers.hostile_files import rewrite_member

REAL = "governance_wgi/wgidataset.xlsx"


@pytest.fixture(scope="module")
def real() -> Batch:
    return WgiReader().read(shared_file(REAL))


def _refused(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        WgiReader().read(path)
    return caught.value


def _where(error: SourceError) -> tuple[str, str, int | None, str]:
    return (error.file, error.sheet, error.row, error.column)


def test_the_real_workbook_gives_every_economy_its_latest_estimate_with_its_standard_error(
    real: Batch,
) -> None:
    assert (real.publisher, real.edition) == ("World Bank", "2024")  # the 2024 update
    assert len({v.region for v in real.values}) == 213  # 214 economies, one without ISO code
    assert len(real.values) == 213 * 6
    assert all(v.std_error is not None for v in real.values)
    assert all(0.1 <= v.std_error <= 1.1 for v in real.values if v.std_error is not None)
    assert [s.text for s in real.skipped] == ["ANT Netherlands Antilles (former)"]


def test_the_real_workbook_gives_the_netherlands_rule_of_law_as_published(real: Batch) -> None:
    [netherlands] = [v for v in real.values if (v.region, v.indicator) == ("NL", "wgi_rl")]
    assert (netherlands.year, netherlands.row) == (2023, 31597)
    assert netherlands.value == pytest.approx(1.6425044536590576)
    assert netherlands.std_error == pytest.approx(0.16539648175239563)


def test_the_real_workbook_matches_its_cells_row_for_row(real: Batch) -> None:
    """Every value and standard error is the cell the reader says it came from."""
    book = load_workbook(shared_file(REAL), read_only=True, data_only=True)
    rows = dict(enumerate(book["Sheet1"].iter_rows(values_only=True), start=1))
    book.close()
    for value in real.values:
        cells = rows[value.row]
        assert f"wgi_{cells[4]}" == value.indicator
        assert (cells[3], cells[5], cells[6]) == (value.year, value.value, value.std_error)


def test_the_real_workbook_with_estimate_and_stddev_swapped_is_refused(tmp_path: Path) -> None:
    """The headers swapped, the data not: 108 values would silently change (issue 10)."""
    swapped = rewrite_member(
        shared_file(REAL),
        tmp_path / "swapped.xlsx",
        "xl/sharedStrings.xml",
        b"{old}",
        swap=(b"<t>estimate</t>", b"<t>stddev</t>"),
    )
    error = _refused(swapped)
    assert _where(error) == ("swapped.xlsx", "Sheet1", 1, "stddev")
    assert "column 6 is 'stddev' where the World Bank's layout has 'estimate'" in error.problem


def test_a_small_file_with_estimate_and_stddev_swapped_is_refused(tmp_path: Path) -> None:
    header = list(HEADER)
    header[5], header[6] = "stddev", "estimate"
    path = write_wgi(tmp_path / "swapped.xlsx", every_indicator("NLD", "Netherlands", 2023, 1.6))
    book = load_workbook(path)
    page = book["Sheet1"]
    for column, name in enumerate(header, start=1):
        page.cell(1, column).value = name
    book.save(path)
    assert _where(_refused(path)) == ("swapped.xlsx", "Sheet1", 1, "stddev")


@pytest.mark.parametrize(
    ("estimate", "stddev", "column", "problem"),
    [
        (999, 0.2, "estimate", "999 is outside the WGI's range (−5 … 5; published −2.5 … 2.5)"),
        (-7.5, 0.2, "estimate", "-7.5 is outside the WGI's range (−5 … 5; published −2.5 … 2.5)"),
        (1.0, -5, "stddev", "a standard error must be above 0 and at most 1.5, not -5"),
        (1.0, 0, "stddev", "a standard error must be above 0 and at most 1.5, not 0"),
        (1.0, 2.5, "stddev", "a standard error must be above 0 and at most 1.5, not 2.5"),
    ],
)
def test_an_implausible_estimate_or_standard_error_is_refused_naming_row_and_column(
    tmp_path: Path, estimate: float, stddev: float, column: str, problem: str
) -> None:
    rows = every_indicator("NLD", "Netherlands", 2023, 1.6)
    rows[2] = ("NLD", "Netherlands", 2023, "ge", estimate, stddev)
    error = _refused(write_wgi(tmp_path / "wgi.xlsx", rows))
    assert _where(error) == ("wgi.xlsx", "Sheet1", 4, column)
    assert error.problem == problem


def test_estimate_999_with_stddev_minus_5_is_refused(tmp_path: Path) -> None:
    rows: list[Row] = [("NLD", "Netherlands", 2023, "rl", 999, -5)]
    error = _refused(write_wgi(tmp_path / "wgi.xlsx", rows))
    assert _where(error) == ("wgi.xlsx", "Sheet1", 2, "estimate")


def test_a_percentile_rank_that_does_not_follow_the_estimates_is_refused(tmp_path: Path) -> None:
    """Within an indicator and year the World Bank's percentile rank rises with the estimate
    (checked on all 150 indicator-years of the 2024 update): columns that break this are not
    what their headers say."""
    path = write_wgi(
        tmp_path / "wgi.xlsx",
        [
            ("NLD", "Netherlands", 2023, "rl", 1.6, 0.2),
            ("SOM", "Somalia", 2023, "rl", -2.2, 0.2),
        ],
    )
    book = load_workbook(path)
    page = book["Sheet1"]
    page["I2"], page["I3"] = 1.0, 95.0  # Somalia ranked above the Netherlands
    book.save(path)
    error = _refused(path)
    assert _where(error) == ("wgi.xlsx", "Sheet1", 2, "pctrank")
    assert "rl 2023" in error.problem
    assert "row 3" in error.problem


def test_a_formula_in_a_country_name_is_refused(tmp_path: Path) -> None:
    path = write_wgi(tmp_path / "wgi.xlsx", [("NLD", "Netherlands", 2023, "rl", 1.6, 0.2)])
    book = load_workbook(path)
    cell = book["Sheet1"]["C2"]
    cell.value = '=HYPERLINK("http://evil.example","x")'
    cell.data_type = "s"  # text that a spreadsheet runs when it is exported to CSV
    book.save(path)
    error = _refused(path)
    assert _where(error) == ("wgi.xlsx", "Sheet1", 2, "countryname")
    assert "looks like a spreadsheet formula" in error.problem

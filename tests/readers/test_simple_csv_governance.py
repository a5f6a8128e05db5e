"""The simple CSV cannot pass itself off as a publisher: its own indicator ids, editions that are
years or dates (compared as such), and no text a spreadsheet would run as a formula."""

from pathlib import Path

import pytest

from kompas.engine.editions import edition_key, newest
from kompas.readers.base import SourceError
from kompas.readers.simple_csv import SimpleCsvReader

HEAD = "region,indicator,edition,year,value,std_error\n"


def _refused(tmp_path: Path, rows: str) -> SourceError:
    path = tmp_path / "eigen.csv"
    path.write_text(HEAD + rows, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        SimpleCsvReader().read(path)
    return caught.value


def _where(error: SourceError) -> tuple[str, int | None, str]:
    return (error.file, error.row, error.column)


@pytest.mark.parametrize("indicator", ["wgi_rl", "fh_total", "wjp_overall", "eis_sii", "gii_score"])
def test_a_publishers_indicator_id_is_refused(tmp_path: Path, indicator: str) -> None:
    error = _refused(tmp_path, f"NL,{indicator},2099,2098,2.4,\n")
    assert _where(error) == ("eigen.csv", 2, "indicator")
    assert "is a publisher's indicator" in error.problem
    assert f"own_{indicator}" in error.problem  # … and what to call it instead


@pytest.mark.parametrize(
    ("cell", "column", "row"),
    [
        ('=HYPERLINK("http://evil.example","klik")', "edition", "NL,own_score,{},2023,1.5,\n"),
        ("@SUM(A1:A9)", "edition", "NL,own_score,{},2023,1.5,\n"),
        ("+cmd|' /C calc'!A0", "edition", "NL,own_score,{},2023,1.5,\n"),
        ("-2+3", "value", "NL,own_score,2024,2023,{},\n"),
        ("=1+1", "region", "{},own_score,2024,2023,1.5,\n"),
    ],
)
def test_a_formula_in_any_cell_is_refused_naming_row_and_column(
    tmp_path: Path, cell: str, column: str, row: str
) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    error = _refused(tmp_path, row.format(quoted))
    assert _where(error) == ("eigen.csv", 2, column)
    assert "looks like a spreadsheet formula" in error.problem


def test_negative_and_signed_numbers_are_not_formulas(tmp_path: Path) -> None:
    path = tmp_path / "eigen.csv"
    path.write_text(HEAD + "NL,own_score,2024,2023,-0.25,\nDE,own_score,2024,2023,+3,\n")
    assert [v.value for v in SimpleCsvReader().read(path).values] == [-0.25, 3.0]


@pytest.mark.parametrize("edition", ["v2", "2024a", "24", "2024-6", "2024/2025", "20245"])
def test_an_edition_that_is_not_a_year_or_a_date_is_refused(tmp_path: Path, edition: str) -> None:
    error = _refused(tmp_path, f"NL,own_score,{edition},2023,1.5,\n")
    assert _where(error) == ("eigen.csv", 2, "edition")
    assert "is not an edition: give a year (2024)" in error.problem


def test_editions_are_compared_as_years_and_dates_not_as_text() -> None:
    assert edition_key("2012-2013") < edition_key("2013") < edition_key("2013-06")
    assert edition_key("2013-06") < edition_key("2013-06-30") < edition_key("2014")
    assert newest(["2012-2013", "2025", "2019", "2017-2018"]) == "2025"
    assert sorted(["2024-10", "2024-09-30", "2024"], key=edition_key) == [
        "2024",
        "2024-09-30",
        "2024-10",
    ]


def test_a_file_of_several_editions_is_named_after_the_oldest_and_newest_by_date(
    tmp_path: Path,
) -> None:
    path = tmp_path / "eigen.csv"
    path.write_text(HEAD + "NL,own_score,2024-10,,1.5,\nNL,own_score,2024-09-30,,1.4,\n")
    batch = SimpleCsvReader().read(path)
    assert (batch.edition, batch.editions) == ("2024-09-30-2024-10", ("2024-10", "2024-09-30"))

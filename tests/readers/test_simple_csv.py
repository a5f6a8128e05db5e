"""The simple CSV layout for data the user assembles, and the files it refuses."""

import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from kompas.imports import services
from kompas.readers.base import SourceError
from kompas.readers.registry import reader
from kompas.readers.simple_csv import HEADER, SimpleCsvReader
from kompas.regions.models import Indicator, IndicatorValue

HEAD = ",".join(HEADER) + "\n"


def own(tmp_path: Path, text: str, name: str = "eigen.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_values_with_iso_and_nuts_codes_resolved(tmp_path: Path) -> None:
    path = own(
        tmp_path,
        HEAD
        + "DE,own_score,2024,2023,3.5,\n"
        + "DEU,own_count,2024,2023,412,12.5\n"
        + "NL41,own_score,2024,,0.82,\n"
        + "DEA,own_score,2024,2023,-1e-2,0\n"
        + "EL,own_score,2024,2023,.5,\n"
        + "nl,own_score,2024,2023,+7,\n",
    )
    batch = SimpleCsvReader().read(path)
    assert [
        (v.region, v.indicator, v.edition, v.year, v.value, v.std_error, v.row)
        for v in batch.values
    ] == [
        ("DE", "own_score", "2024", 2023, 3.5, None, 2),
        ("DE", "own_count", "2024", 2023, 412.0, 12.5, 3),
        ("NL41", "own_score", "2024", None, 0.82, None, 4),
        ("DEA", "own_score", "2024", 2023, -0.01, 0.0, 5),
        ("GR", "own_score", "2024", 2023, 0.5, None, 6),
        ("NL", "own_score", "2024", 2023, 7.0, None, 7),
    ]
    assert (batch.source, batch.publisher, batch.title, batch.edition, batch.editions) == (
        "csv",
        "user-assembled",
        "user-assembled data",
        "2024",
        ("2024",),
    )
    assert batch.skipped == ()
    specs = {s.id: s for s in batch.indicators}
    assert set(specs) == {"own_count", "own_score"}
    assert (specs["own_count"].name_nl, specs["own_count"].name_en) == ("own_count", "own_count")
    assert specs["own_count"].has_std_error
    assert specs["own_score"].has_std_error  # 0.0 in row 5 is a standard error


@pytest.mark.parametrize(
    ("separator", "bom"), [(",", False), (";", False), ("\t", False), (";", True)]
)
def test_it_reads_commas_semicolons_tabs_and_a_bom(
    tmp_path: Path, separator: str, bom: bool
) -> None:
    rows = [list(HEADER), ["FR", "own_score", "2024", "2023", "1.25", ""]]
    text = "".join(separator.join(row) + "\r\n" for row in rows)
    path = tmp_path / "eigen.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    (value,) = SimpleCsvReader().read(path).values
    assert (value.region, value.value, value.std_error) == ("FR", 1.25, None)


def test_it_takes_publisher_and_title_from_its_arguments_and_the_registry(tmp_path: Path) -> None:
    path = own(tmp_path, HEAD + "SE,own_score,2024,2023,1,\n")
    named = SimpleCsvReader(publisher="Provincie", title="Eigen scores").read(path)
    assert (named.publisher, named.title) == ("Provincie", "Eigen scores")
    registered = reader("csv")
    assert (registered.key, registered.publisher) == ("csv", "eigen gegevens")
    assert registered.read(path).publisher == "eigen gegevens"


def test_it_names_a_file_of_several_editions_after_the_oldest_and_newest(tmp_path: Path) -> None:
    path = own(
        tmp_path,
        HEAD + "SE,own_score,2022,2021,1,\nSE,own_score,2024,2023,2,\nSE,own_score,2023,2022,3,\n",
    )
    batch = SimpleCsvReader().read(path)
    assert (batch.edition, batch.editions) == ("2022-2024", ("2024", "2023", "2022"))


def test_it_fills_an_empty_edition_from_the_edition_given(tmp_path: Path) -> None:
    path = own(tmp_path, HEAD + "SE,own_score,,2023,1,\nDK,own_score,2023,2023,1,\n")
    batch = reader("csv", "2025").read(path)
    assert [v.edition for v in batch.values] == ["2025", "2023"]


def test_it_allows_a_trailing_separator(tmp_path: Path) -> None:
    path = own(tmp_path, HEAD + "SE,own_score,2024,2023,1,,\n")
    assert SimpleCsvReader().read(path).values[0].value == 1.0


@pytest.mark.django_db
def test_it_imports_through_the_pipeline_as_eigen_gegevens(tmp_path: Path) -> None:
    path = own(tmp_path, HEAD + "DE,own_new_score,2024,2023,3.5,0.2\nXK,own_new_score,2024,,1,\n")
    plan = services.read("csv", path)
    assert [(v.region, v.value) for v in plan.added] == [("DE", 3.5)]
    assert plan.outside == ["XK"]
    run = services.apply(plan, User.objects.get(username="analyst"))
    assert run is not None
    assert run.publisher == "eigen gegevens"
    indicator = Indicator.objects.get(key="own_new_score")
    assert (indicator.name_nl, indicator.publisher, indicator.has_std_error) == (
        "own_new_score",
        "eigen gegevens",
        True,
    )
    stored = IndicatorValue.objects.get(region__code="DE", indicator=indicator)
    assert (stored.edition, stored.year, stored.value, stored.std_error) == ("2024", 2023, 3.5, 0.2)


# The bad-file corpus: (what, file name, bytes, row, column, problem)
ROW = "DE,own_score,2024,2023,1.5,\n"
BAD = [
    ("empty", "eigen.csv", b"", None, "", "the file is empty"),
    ("header only", "eigen.csv", HEAD.encode(), 1, "", "no data rows below the header"),
    (
        "misspelt column",
        "eigen.csv",
        b"region,indicator,editon,year,value,std_error\n" + ROW.encode(),
        1,
        "editon",
        "column 3 is 'editon', expected 'edition'",
    ),
    (
        "missing column",
        "eigen.csv",
        b"region,indicator,edition,year,value\nDE,own_score,2024,2023,1.5\n",
        1,
        "",
        "missing column 'std_error'",
    ),
    (
        "extra column",
        "eigen.csv",
        (HEAD.strip() + ",source\n" + ROW.strip() + ",x\n").encode(),
        1,
        "source",
        "unexpected column 'source'",
    ),
    (
        "pipes",
        "eigen.csv",
        b"region|indicator|edition|year|value|std_error\nDE|own_score|2024|2023|1.5|\n",
        1,
        "",
        "no column separator in the header (expected , ; or tab)",
    ),
    (
        "latin-1",
        "eigen.csv",
        (HEAD + "DE,own_score,2024 één,2023,1.5,\n").encode("latin-1"),
        2,
        "edition",
        "not UTF-8 text (byte",
    ),
    ("utf-16", "eigen.csv", (HEAD + ROW).encode("utf-16"), None, "", "UTF-16 text"),
    (
        "text for a number",
        "eigen.csv",
        (HEAD + ROW + "FR,own_score,2024,2023,hoog,\n").encode(),
        3,
        "value",
        "'hoog' is not a number",
    ),
    (
        "decimal comma",
        "eigen.csv",
        (HEAD + ROW).replace(",", ";").replace("1.5", "1,5").encode(),
        2,
        "value",
        "'1,5' is not a number (use a decimal point, no thousands separators)",
    ),
    (
        "text for a standard error",
        "eigen.csv",
        (HEAD + "DE,own_score,2024,2023,1.5,n.b.\n").encode(),
        2,
        "std_error",
        "'n.b.' is not a number",
    ),
    (
        "negative standard error",
        "eigen.csv",
        (HEAD + "DE,own_score,2024,2023,1.5,-0.1\n").encode(),
        2,
        "std_error",
        "a negative standard error",
    ),
    ("nan", "eigen.csv", (HEAD + "DE,own_score,2024,2023,NaN,\n").encode(), 2, "value", "finite"),
    ("inf", "eigen.csv", (HEAD + "DE,own_score,2024,2023,-inf,\n").encode(), 2, "value", "finite"),
    (
        "overflow",
        "eigen.csv",
        (HEAD + "DE,own_score,2024,2023,1e999,\n").encode(),
        2,
        "value",
        "finite",
    ),
    (
        "empty value",
        "eigen.csv",
        (HEAD + "DE,own_score,2024,2023,,\n").encode(),
        2,
        "value",
        "empty",
    ),
    (
        "duplicate",
        "eigen.csv",
        (HEAD + ROW + "FR,own_score,2024,2023,2,\n" + ROW).encode(),
        4,
        "region",
        "a second row for DE own_score 2024 (first in row 2)",
    ),
    (
        "duplicate by alpha-3",
        "eigen.csv",
        (HEAD + ROW + "DEU,own_score,2024,2022,2,\n").encode(),
        3,
        "region",
        "a second row for DE own_score 2024",
    ),
    (
        "a name for a code",
        "eigen.csv",
        (HEAD + "Germany,own_score,2024,2023,1.5,\n").encode(),
        2,
        "region",
        "'Germany' is not a region code",
    ),
    (
        "unknown NUTS code",
        "eigen.csv",
        (HEAD + "NL99,own_score,2024,2023,1.5,\n").encode(),
        2,
        "region",
        "'NL99' is not an ISO 3166-1 country code or a NUTS 2021 code",
    ),
    (
        "unknown country code",
        "eigen.csv",
        (HEAD + "XX,own_score,2024,2023,1.5,\n").encode(),
        2,
        "region",
        "'XX' is not an ISO 3166-1 country code",
    ),
    (
        "bad indicator id",
        "eigen.csv",
        (HEAD + "DE,Own-Score,2024,2023,1.5,\n").encode(),
        2,
        "indicator",
        "'Own-Score' is not an indicator id",
    ),
    (
        "empty edition",
        "eigen.csv",
        (HEAD + "DE,own_score,,2023,1.5,\n").encode(),
        2,
        "edition",
        "the edition is empty",
    ),
    (
        "not a year",
        "eigen.csv",
        (HEAD + "DE,own_score,2024,23,1.5,\n").encode(),
        2,
        "year",
        "'23' is not a year",
    ),
    (
        "extra field",
        "eigen.csv",
        (HEAD + "DE,own_score,2024,2023,1.5,,oops\n").encode(),
        2,
        "#7",
        "an extra field 'oops'",
    ),
    (
        "truncated",
        "eigen.csv",
        (HEAD + ROW + "FR,own_sc").encode(),
        3,
        "edition",
        "2 fields where the header has 6 (a truncated row?)",
    ),
    ("wrong extension", "eigen.xlsx", (HEAD + ROW).encode(), None, "", "expected a .csv or .tsv"),
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
        SimpleCsvReader().read(path)
    error = caught.value
    assert (error.file, error.row, error.column) == (name, row, column)
    assert problem in error.problem
    assert str(error).startswith(name)


def test_it_refuses_a_workbook_renamed_to_csv(tmp_path: Path) -> None:
    path = tmp_path / "eigen.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(SourceError) as caught:
        SimpleCsvReader().read(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("eigen.csv", None, "")
    assert "an Excel workbook or zip archive, not a .csv file" in caught.value.problem


def test_it_refuses_an_oversized_file(tmp_path: Path) -> None:
    path = own(tmp_path, HEAD + ROW * 10)
    with pytest.raises(SourceError) as caught:
        SimpleCsvReader(max_bytes=64).read(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == ("eigen.csv", None, "")
    assert "at most" in caught.value.problem

"""`kompas --data DIR`: another data folder, and a clear refusal of a broken one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.cli.support import copy_data, edited, fails, ok


def test_it_reads_a_copy_of_the_default_data_as_the_default(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    assert ok("--data", data, "assess", "--format", "json") == ok("assess", "--format", "json")


def test_it_refuses_a_broken_judgement_naming_file_row_and_field(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    judgements = data / "judgements.toml"
    text = judgements.read_text(encoding="utf-8")
    judgements.write_text(
        edited(text, r'(\[\[judgement\]\][^\[]*?category = )"\w+"', r'\1"strongest"', first=True),
        encoding="utf-8",
    )
    for command in (["assess"], ["explain", "DE2"], ["check"]):
        message = fails("--data", data, *command)
        assert message.startswith("Error: judgements.toml: row 1: category: 'strongest' is not a")
        assert message.count("\n") == 1


def test_it_refuses_a_broken_indicator_value_naming_file_line_and_column(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    values = data / "indicators.csv"
    rows = list(csv.reader(io.StringIO(values.read_text(encoding="utf-8"))))
    rows[2][rows[0].index("value")] = "veel"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    values.write_text(out.getvalue(), encoding="utf-8")
    message = fails("--data", data, "assess")
    assert message == "Error: indicators.csv: row 3: value: 'veel' is not a number\n"


def test_it_refuses_a_data_file_that_is_not_toml(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "regions.toml").write_text("[[region]\n", encoding="utf-8")
    message = fails("--data", data, "assess")
    assert message.startswith("Error: regions.toml: -: not valid TOML")


def test_it_refuses_a_data_folder_that_does_not_exist(tmp_path: Path) -> None:
    message = fails("--data", tmp_path / "nowhere", "assess")
    assert "nowhere" in message

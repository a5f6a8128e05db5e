"""`kompas compass validate FILE`: what a compass file holds, or the key and the problem."""

from __future__ import annotations

from pathlib import Path

from kompas.dataset import default_data_dir
from tests.cli.support import compass_text, edited, fails, ok, write


def test_it_counts_what_a_valid_compass_file_holds() -> None:
    out = ok("compass", "validate", default_data_dir() / "compass.toml")
    assert out == "Geldig kompas: 4 aspecten, 13 criteria, 3 randvoorwaarden, 2 sporen.\n"


def test_it_counts_in_english_with_lang_en() -> None:
    out = ok("--lang", "en", "compass", "validate", default_data_dir() / "compass.toml")
    assert out == "Valid compass: 4 aspects, 13 criteria, 3 preconditions, 2 tracks.\n"


def test_it_refuses_a_negative_weight_naming_the_key(tmp_path: Path) -> None:
    text = edited(compass_text(), r'(id = "networks"[^\[]*?\nweight = )1\n', r"\g<1>-1\n")
    message = fails("compass", "validate", write(tmp_path / "negative.toml", text))
    assert message.startswith("Error: negative.toml: criteria[networks].weight: ")
    assert "must be a number between 0.0 and 1000.0, got -1" in message
    assert message.count("\n") == 1


def test_it_refuses_an_unknown_key_naming_it(tmp_path: Path) -> None:
    text = edited(compass_text(), r'(\[\[aspects\]\]\nid = "link"\n)', r'\1colour = "blue"\n')
    message = fails("compass", "validate", write(tmp_path / "colour.toml", text))
    assert message.startswith("Error: colour.toml: aspects[")
    assert ".colour: unknown key" in message


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    message = fails("compass", "validate", tmp_path / "nowhere.toml")
    assert "nowhere.toml" in message
    assert "file not found" in message

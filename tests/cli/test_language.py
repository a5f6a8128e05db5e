"""The command line's language: Dutch by default, English with `--lang en` before or after the
command's name (or KOMPAS_LANG=en); its words come from the translation catalogue. And `--data`,
before or after the command's name, needs no database."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import translation
from pytest_django import DjangoDbBlocker

from kompas.cli import main
from kompas.dataset import default_data_dir, load_dataset
from kompas.engine import load_compass
from kompas.reports import words
from kompas.reports.findings import render_findings
from tests.cli.support import copy_data, fails, ok, run


def said(*args: str | Path) -> str:
    """What a command printed; `check` exits with 1 when it finds inconsistencies (it does on
    the default data), every other command here with 0."""
    result = run(*args)
    assert result.exit_code == (1 if "check" in args else 0), result.output
    assert result.stderr == ""
    return result.stdout


COMPASS = str(default_data_dir() / "compass.toml")

# A command, and a line of its output in Dutch and in English.
SPOKEN = [
    (["assess", "--track", "innovation"], "Ronde: Focusregio's", "Round: Focus regions"),
    (["explain", "Bayern", "--track", "innovation"], "Advies: ", "Advice: "),
    (["check"], "8 bevindingen", "8 findings"),
    (
        ["robustness", "--samples", "200", "--track", "innovation"],
        "Steekproeven: 200 · startgetal: 0",
        "Samples: 200 · seed: 0",
    ),
    (["compass", "validate", COMPASS], "Geldig kompas: 4 aspecten", "Valid compass: 4 aspects"),
]
SPOKEN_IDS = ["assess", "explain", "check", "robustness", "compass validate"]


def run_with_env(*args: str, lang: str) -> str:
    """`kompas` with KOMPAS_LANG set."""
    result = CliRunner().invoke(main, list(args), env={"KOMPAS_LANG": lang}, catch_exceptions=False)
    assert result.exit_code == (1 if "check" in args else 0), result.output
    return result.stdout


@pytest.mark.parametrize(("command", "dutch", "english"), SPOKEN, ids=SPOKEN_IDS)
def test_lang_works_before_and_after_the_command(
    command: list[str], dutch: str, english: str
) -> None:
    before = said("--lang", "en", *command)
    after = said(*command, "--lang", "en")
    assert before == after
    assert english in after
    assert dutch not in after
    assert dutch in said(*command)


@pytest.mark.parametrize(("command", "dutch", "english"), SPOKEN, ids=SPOKEN_IDS)
def test_kompas_lang_sets_the_language_and_an_option_after_the_command_wins(
    command: list[str], dutch: str, english: str
) -> None:
    assert english in run_with_env(*command, lang="en")
    assert dutch in run_with_env(*command, "--lang", "nl", lang="en")
    assert dutch in said("--lang", "en", *command, "--lang", "nl")


def test_errors_speak_the_language_wherever_lang_stands(tmp_path: Path) -> None:
    assert "Onbekende regio: 'Beiern'." in fails("explain", "Beiern")
    assert "Unknown region: 'Beiern'." in fails("explain", "Beiern", "--lang", "en")
    assert "Unknown region: 'Beiern'." in fails("--lang", "en", "explain", "Beiern")
    missing = str(tmp_path / "x.xlsx")
    assert "onbekende bron 'ris2'" in fails("import", "ris2", missing)
    assert "unknown source 'ris2'" in fails("import", "ris2", missing, "--lang", "en")
    assert "geef SOURCE en FILE, of --list" in fails("import")
    assert "give SOURCE and FILE, or --list" in fails("import", "--lang", "en")


def test_user_commands_speak_the_language_after_the_command(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("een-lang-wachtwoord-2026\n", encoding="utf-8")
    add = ["user", "add", "els", "--role", "viewer", "--password-file", str(secret)]
    assert ok(*add, "--lang", "en") == "Account 'els' created with role viewer.\n"
    add[2] = "piet"
    assert ok(*add) == "Account 'piet' aangemaakt met rol viewer.\n"


def test_data_works_before_and_after_the_command(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / "compass.toml").write_text(
        (data / "compass.toml").read_text(encoding="utf-8").replace('"2024.1"', '"2024.1-copy"'),
        encoding="utf-8",
    )
    before = ok("--data", data, "assess", "--format", "json")
    assert before == ok("assess", "--format", "json", "--data", data)
    assert before != ok("assess", "--format", "json")  # it did read the folder
    assert said("--data", tmp_path / "nowhere", "check", "--data", data) == said(
        "--data", data, "check"
    )
    for command in (["explain", "DE2"], ["robustness", "--samples", "100"]):
        assert ok(*command, "--data", data, "--lang", "en") == ok(
            "--lang", "en", "--data", data, *command
        )


def test_data_needs_no_database(django_db_blocker: DjangoDbBlocker, tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    with django_db_blocker.block():
        with pytest.raises(RuntimeError, match="Database access not allowed"):
            ok("assess")  # the blocker works: without --data the command reads the database
        for command in (
            ["assess"],
            ["explain", "Bayern"],
            ["check"],
            ["robustness", "--samples", "100", "--track", "innovation"],
        ):
            assert said("--data", data, *command, "--lang", "en")
            assert said(*command, "--data", data)


def test_it_counts_scale_steps_in_the_singular_and_the_plural() -> None:
    with translation.override("nl"):
        assert [words.steps(n) for n in (0, 1, 3)] == ["0 stappen", "1 stap", "3 stappen"]
    with translation.override("en"):
        assert [words.steps(n) for n in (0, 1, 3)] == ["0 steps", "1 step", "3 steps"]


def test_a_report_speaks_its_own_language_whatever_language_is_active() -> None:
    compass = load_compass(default_data_dir() / "compass.toml")
    dataset = load_dataset(compass, default_data_dir())
    with translation.override("en"):
        assert render_findings(compass, dataset, [], "nl") == "Geen inconsistenties gevonden."
    with translation.override("nl"):
        assert render_findings(compass, dataset, [], "en") == "No inconsistencies found."

"""`kompas assess` as a text table: the rows of the round, decided levels, notes and languages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kompas.dataset import default_data_dir
from tests.cli.support import EUROPE, ROUND_CODES, WORLD, ok, run, tables
from tests.factories import embedded_compass

INNOVATION = "Innovatie: besluit"
TRADE = "Trade en/of invest: besluit"

# Decided levels of figure 1 (innovation, trade and/or invest), footnote marks included.
DECIDED = {
    "DE": ("Inzet", "Inzet [10]"),
    "DE1": ("Inzet", "Inzet [10]"),
    "DE2": ("Inzet", "Inzet [10]"),
    "DED": ("Inzet", "Inzet [10]"),
    "DEG": ("Inzet", "Inzet [10]"),
    "DEA": ("Inzet", "Inzet [10]"),
    "AT": ("Reactieve inzet", "– [10]"),
    "CH": ("Reactieve inzet", "– [10]"),
    "BE2": ("Inzet", "Inzet [10]"),
    "FR": ("Inzet", "Inzet [10]"),
    "SE": ("Inzet", "Inzet [10]"),
    "DK": ("Inzet", "Inzet [10]"),
    "FI": ("Inzet", "Inzet [10]"),
    "CN-JS": ("Inzet", "Inzet [11]"),
    "JP": ("Inzet", "Inzet [11]"),
    "KR": ("Inzet", "Inzet [11]"),
    "SG": ("Inzet", "Inzet [11]"),
    "MY": ("–", "Inzet [11] [12]"),
    "VN": ("–", "Inzet [11] [13]"),
    "IL": ("Inzet", "Inzet [11]"),
    "US": ("Reactieve inzet", "Inzet [11]"),
}


def test_it_lists_the_21_rows_of_the_round_in_order_under_europa_and_wereld_overig() -> None:
    europe, world = tables(ok("assess"))
    assert europe.heading == "Europa"
    assert europe.codes == EUROPE
    assert world.heading == "Wereld overig"
    assert world.codes == WORLD
    assert len(europe.codes + world.codes) == 21


def test_it_labels_the_rows_as_the_source_table_does() -> None:
    europe, world = tables(ok("assess"))
    assert europe.row("DE2")[0] == "Beieren"
    assert europe.row("BE2")[0] == "België/Vlaanderen"
    assert world.row("MY")[0] == "Maleisië"


def test_it_shows_the_decided_level_of_every_row_on_both_tracks() -> None:
    europe, world = tables(ok("assess"))
    shown = {
        code: (table.cell(code, INNOVATION), table.cell(code, TRADE))
        for table in (europe, world)
        for code in table.codes
    }
    assert shown == DECIDED


def test_it_shows_an_advice_a_score_and_the_preconditions_for_every_row() -> None:
    for table in tables(ok("assess")):
        for code in table.codes:
            assert table.cell(code, INNOVATION, 1), code
            assert re.fullmatch(r"\d,\d\d(–\d,\d\d)?", table.cell(code, INNOVATION, 3)), code
            assert table.cell(code, "Randvoorwaarden"), code


def test_it_marks_the_compass_as_provisional_in_dutch() -> None:
    compass = embedded_compass()
    out = ok("assess")
    assert compass.status == "provisional"
    assert out.splitlines()[0].endswith(" (voorlopig)")
    assert compass.status_note_nl in out.splitlines()
    assert "provisional" not in out
    assert ok("--lang", "en", "assess").splitlines()[0].endswith(" (provisional)")


@pytest.mark.parametrize(
    ("columns", "track"), [(140, "all"), (100, "innovation"), (120, "trade_invest")]
)
def test_it_fits_the_terminals_width_by_wrapping_long_cells(columns: int, track: str) -> None:
    result = run("assess", "--track", track, columns=columns)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    wide = tables(ok("assess", "--track", track))
    assert [(t.heading, t.header, t.rows) for t in tables(result.stdout)] == [
        (t.heading, t.header, t.rows) for t in wide
    ]


def test_a_wrapped_row_continues_on_lines_with_an_empty_code_column() -> None:
    lines = run("assess", "--track", "innovation", columns=100).stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Noordrijn-"))
    assert lines[first].split()[1] == "DEA"
    assert lines[first + 1].startswith("Westfalen ")
    assert lines[first + 1][21:26].strip() == ""  # under the code


def test_a_terminal_too_narrow_for_the_table_gets_a_block_of_lines_per_region() -> None:
    out = run("assess", columns=80).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert tables(out) == []  # no table: it would not fit, however its cells wrapped
    start = lines.index("Beieren (DE2)")
    assert lines[start + 1] == ("  Innovatie: besluit Inzet · advies –…Inzet ? ~ · score 0,20–0,95")
    assert lines[start + 2].startswith("  Trade en/of invest: besluit Inzet [10] · advies ")
    assert lines[start + 3] == "  Randvoorwaarden: open (3 onbekend)"
    assert lines[start + 4] == "  Thema's: HTSM, Energie, Gezondheid, Agrifood"
    heads = [line for line in lines if re.fullmatch(r"\S.* \([A-Z0-9-]+\)", line)]
    assert [head.rsplit("(", 1)[1][:-1] for head in heads] == ROUND_CODES
    assert "Europa" in lines
    assert "Wereld overig" in lines


def test_a_narrow_block_wraps_its_long_lines_under_a_hanging_indent() -> None:
    lines = run("assess", "--track", "innovation", columns=40).stdout.splitlines()
    assert max(len(line) for line in lines) <= 40
    start = lines.index("Baden-Württemberg (DE1)")
    assert lines[start + 1].startswith("  Innovatie: besluit Inzet · ")
    assert lines[start + 2].startswith("    ")


def test_it_ends_with_the_legend_and_the_footnotes_10_to_13() -> None:
    lines = ok("assess").splitlines()
    legend = lines.index("Voetnoten:") - 1
    assert lines[legend].startswith("≠ besluit wijkt af van advies")
    assert "[n] voetnoot" in lines[legend]
    notes = lines[legend + 2 :]
    assert [re.sub(r"^  \[(\d+)\] \S.*", r"\1", line) for line in notes] == ["10", "11", "12", "13"]
    assert notes[2] == "  [12] Faciliterende rol vanuit de provincie"


def test_it_speaks_english_with_lang_en() -> None:
    out = ok("--lang", "en", "assess")
    europe, world = tables(out)
    assert (europe.heading, world.heading) == ("Europe", "Rest of the world")
    assert "Innovation: decided" in europe.header
    assert "Trade and/or invest: decided" in europe.header
    assert europe.cell("AT", "Innovation: decided") == "Reactive"
    assert europe.cell("DE", "Innovation: decided") == "Active"
    assert world.cell("MY", "Trade and/or invest: decided") == "Active [11] [12]"
    assert "Footnotes:" in out.splitlines()
    assert "Voetnoten:" not in out
    assert "Inzet" not in out
    assert "Reactieve" not in out


def test_it_drops_the_trade_columns_with_track_innovation() -> None:
    out = ok("assess", "--track", "innovation")
    europe, world = tables(out)
    assert europe.header == [
        "Regio",
        "Code",
        INNOVATION,
        "advies",
        "",
        "score",
        "Randvoorwaarden",
        "Thema's",
    ]
    assert europe.codes + world.codes == ROUND_CODES
    assert world.cell("MY", INNOVATION) == "–"
    assert TRADE not in out


def test_it_adds_undecided_regions_but_no_groups_nor_brabant_with_all_regions() -> None:
    *decided, undecided = tables(ok("assess", "--all-regions"))
    assert [table.codes for table in decided] == [EUROPE, WORLD]
    assert undecided.heading == "Niet besloten"
    assert {"DE7", "UA"} <= set(undecided.codes)
    assert undecided.cell("DE7", INNOVATION) == "·"
    assert undecided.row("UA")[0] == "Oekraïne"
    every = [code for table in (*decided, undecided) for code in table.codes]
    assert len(every) == len(set(every))
    assert not [code for code in every if code.startswith("G-")]
    assert "NL41" not in every


def test_it_never_shows_noord_brabant_itself() -> None:
    assert "Noord-Brabant" not in ok("assess", "--all-regions")


def test_output_to_a_file_or_a_pipe_without_columns_keeps_whole_lines(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    printed = subprocess.run(
        [sys.executable, "-m", "kompas", "--data", str(default_data_dir()), "assess"],
        env={**env, "KOMPAS_HOME": str(tmp_path), "KOMPAS_LANG": "nl"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    europe, _world = tables(printed)
    assert europe.codes == EUROPE
    assert max(len(line) for line in printed.splitlines()) > 200  # one line per row
    assert len(europe.rows) == len(printed.split("\nEuropa\n")[1].split("\n\n")[0].splitlines()) - 2

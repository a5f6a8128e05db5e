"""The 2023-2027 round is figure 1 of "Aanpak internationalisering", read straight from the seed.

Figure 1 is two tab-separated tables, each under the line "Overzicht focusregio's innovatie,
trade & invest": a header ("Europa" or "Wereld overig", then the two track columns) and one row
per region until a blank line. A footnote mark ``<sup>12</sup>`` on a column header applies to
the whole column, on a cell to that cell; the footnote texts follow as lines "12 text".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kompas.dataset.model import Citation, Decision, Footnote, Round
from tests.dataset.shared import FIGURE_1_SEED, default_dataset, seed_file
from tests.factories import embedded_compass

TABLE_TITLE = "Overzicht focusregio's innovatie, trade & invest"
SECTIONS = {"Europa": "europe", "Wereld overig": "world"}
TRACK_COLUMNS = {"Innovatie": "innovation", "Trade en/of Invest": "trade_invest"}
LEVELS = {"Inzet": "inzet", "Reactieve inzet": "reactieve_inzet", "-": "none"}
CELL = re.compile(r"^(?P<text>.*?)\s*(?:<sup>(?P<note>\d+)</sup>)?$")


@dataclass(frozen=True)
class Row:
    table_section: str
    label: str
    levels: dict[str, str]
    footnotes: dict[str, set[int]]  # track -> footnote numbers (column and cell)


def split_cell(cell: str) -> tuple[str, set[int]]:
    match = CELL.match(cell.strip())
    assert match is not None, cell
    note = match["note"]
    return match["text"], {int(note)} if note else set()


@cache
def figure_1_lines() -> tuple[str, ...]:
    return tuple(seed_file(FIGURE_1_SEED).read_text(encoding="utf-8").splitlines())


@cache
def figure_1() -> tuple[Row, ...]:
    lines = figure_1_lines()
    rows: list[Row] = []
    starts = [i for i, line in enumerate(lines) if line.split("\t")[0] == TABLE_TITLE]
    assert len(starts) == 2, starts
    for start in starts:
        section_cell, *column_cells = lines[start + 1].split("\t")
        section = SECTIONS[section_cell]
        columns = [split_cell(cell) for cell in column_cells]
        tracks = [TRACK_COLUMNS[name] for name, _notes in columns]
        for line in lines[start + 2 :]:
            if not line.strip():
                break
            label, *cells = line.split("\t")
            assert len(cells) == len(tracks), line
            levels, footnotes = {}, {}
            for track, (_name, column_notes), cell in zip(tracks, columns, cells, strict=True):
                text, cell_notes = split_cell(cell)
                levels[track] = LEVELS[text]
                footnotes[track] = column_notes | cell_notes
            rows.append(Row(section, label, levels, footnotes))
    return tuple(rows)


def footnote_texts() -> dict[int, str]:
    """The footnote lines of figure 1: "10 Handel- en …" for every number the tables use."""
    numbers = {n for row in figure_1() for notes in row.footnotes.values() for n in notes}
    lines = figure_1_lines()
    first_table = next(i for i, line in enumerate(lines) if line.startswith(TABLE_TITLE))
    texts = {}
    for line in lines[first_table:]:
        match = re.fullmatch(r"(\d+) (.+)", line.strip())
        if match and int(match[1]) in numbers:
            texts[int(match[1])] = match[2]
    assert set(texts) == numbers
    return texts


def the_round() -> Round:
    return default_dataset().rounds["2023-2027"]


# --- the round equals figure 1 ------------------------------------------------------------


def test_the_figure_as_parsed_has_both_tables_with_their_rows() -> None:
    rows = figure_1()
    assert [r.label for r in rows if r.table_section == "europe"][:2] == [
        "Duitsland",
        "Baden-Württemberg",
    ]
    assert [r.label for r in rows if r.table_section == "world"][-1] == "Verenigde Staten"
    assert len(rows) == 13 + 8


def test_the_round_has_the_rows_of_figure_1_in_order_with_their_labels_and_sections() -> None:
    decided = [(d.table_section, d.label) for d in the_round().decisions]
    assert decided == [(row.table_section, row.label) for row in figure_1()]


def test_the_round_has_the_levels_of_figure_1() -> None:
    for decision, row in zip(the_round().decisions, figure_1(), strict=True):
        assert decision.levels == row.levels, row.label


def test_the_round_attaches_the_footnotes_of_figure_1_to_each_cell() -> None:
    round_ = the_round()
    for decision, row in zip(round_.decisions, figure_1(), strict=True):
        for track, numbers in row.footnotes.items():
            attached = {f.number for f in round_.footnotes_for(decision, track)}
            assert attached == numbers, (row.label, track)


def test_the_round_has_the_footnote_texts_of_figure_1() -> None:
    texts = footnote_texts()
    round_ = the_round()
    assert {f.number: f.text for f in round_.footnotes} == texts


def test_the_round_covers_the_period_and_cites_the_figure() -> None:
    caption = next(line for line in figure_1_lines() if line.startswith("Figuur 1 "))
    period = re.search(r"(\d{4})-(\d{4})", caption)
    assert period is not None
    round_ = the_round()
    assert (round_.period_start, round_.period_end) == (int(period[1]), int(period[2]))
    assert round_.compass == embedded_compass().id
    assert round_.cited == Citation("aanpak-2024", "Bijlage 1 · Figuur 1")


def test_each_row_label_names_the_region_decided() -> None:
    dataset = default_dataset()
    for decision in the_round().decisions:
        region = dataset.regions[decision.region]
        names = {region.name_nl, region.name_en, *region.aliases}
        assert decision.label in names, (decision.region, decision.label)


# --- Round.decision and Round.footnotes_for -------------------------------------------------


def synthetic_round() -> Round:
    return Round(
        id="r",
        name_nl="r",
        name_en="r",
        compass="c",
        cited=Citation("s"),
        decisions=(
            Decision("A", "north", "A", {"innovation": "inzet", "trade_invest": "inzet"}),
            Decision("B", "north", "B", {"innovation": "none", "trade_invest": "inzet"}),
            Decision("C", "south", "C", {"innovation": "inzet", "trade_invest": "none"}),
        ),
        footnotes=(
            Footnote(1, "north column", "trade_invest", section="north"),
            Footnote(2, "south column", "trade_invest", section="south"),
            Footnote(3, "cell of B", "trade_invest", region="B"),
            Footnote(4, "cell of A", "innovation", region="A"),
        ),
    )


def numbers(footnotes: tuple[Footnote, ...]) -> list[int]:
    return [f.number for f in footnotes]


def test_footnotes_for_gives_the_column_footnote_of_the_decisions_table_section() -> None:
    round_ = synthetic_round()
    a, _b, c = round_.decisions
    assert numbers(round_.footnotes_for(a, "trade_invest")) == [1]
    assert numbers(round_.footnotes_for(c, "trade_invest")) == [2]


def test_footnotes_for_adds_a_cell_footnote_only_to_its_region_and_track() -> None:
    round_ = synthetic_round()
    a, b, c = round_.decisions
    assert numbers(round_.footnotes_for(b, "trade_invest")) == [1, 3]
    assert numbers(round_.footnotes_for(a, "innovation")) == [4]
    assert numbers(round_.footnotes_for(b, "innovation")) == []
    assert numbers(round_.footnotes_for(c, "innovation")) == []


def test_footnotes_for_gives_malaysia_the_world_column_and_its_own_footnote() -> None:
    round_ = the_round()
    malaysia = round_.decision("MY")
    assert malaysia is not None
    assert numbers(round_.footnotes_for(malaysia, "trade_invest")) == [11, 12]
    assert numbers(round_.footnotes_for(malaysia, "innovation")) == []


def test_decision_finds_a_row_by_region_and_none_for_a_region_without_one() -> None:
    round_ = synthetic_round()
    found = round_.decision("B")
    assert found is not None
    assert found.label == "B"
    assert round_.decision("D") is None
    assert the_round().decision("UA") is None

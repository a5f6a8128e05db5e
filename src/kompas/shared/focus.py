"""The focus table: per region, the recorded decision beside the advice, per track."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kompas.dataset import Dataset, Region, region_inputs
from kompas.dataset.model import Footnote, RegionTheme, Round
from kompas.engine import Advice, Compass, agreement
from kompas.engine.assess import Agreement, assess_tracks


@dataclass(frozen=True)
class Cell:
    track: str
    advice: Advice
    decided: str | None = None
    footnotes: tuple[Footnote, ...] = ()
    agreement: Agreement | None = None


@dataclass(frozen=True)
class FocusRow:
    region: Region
    label: str
    table_section: str
    cells: tuple[Cell, ...]
    themes: tuple[tuple[RegionTheme, str | None], ...]

    def cell(self, track: str) -> Cell:
        return next(c for c in self.cells if c.track == track)


def focus_table(
    compass: Compass,
    dataset: Dataset,
    round_: Round,
    tracks: Sequence[str],
    include_undecided: bool = False,
    codes: Sequence[str] | None = None,
    explanations: bool = True,
) -> list[FocusRow]:
    """Rows in the order of the round's table; or, with `codes`, just those regions.

    `explanations=False` for pages that show only levels (see `kompas.engine.assess`).
    """
    if codes is None:
        codes = [d.region for d in round_.decisions]
        if include_undecided:
            codes += [
                r.code
                for r in dataset.regions.values()
                if not (r.is_group or r.reference or round_.decision(r.code))
            ]
    inputs = region_inputs(dataset, compass, list(codes))
    advice = assess_tracks(compass, inputs, tracks, explanations)
    return [
        _row(compass, dataset, round_, code, [advice[track][i] for track in tracks])
        for i, code in enumerate(codes)
    ]


def _row(
    compass: Compass, dataset: Dataset, round_: Round, code: str, advice: Sequence[Advice]
) -> FocusRow:
    decision = round_.decision(code)
    cells = []
    for item in advice:
        decided = decision.levels.get(item.track) if decision else None
        cells.append(
            Cell(
                item.track,
                item,
                decided,
                round_.footnotes_for(decision, item.track) if decision else (),
                agreement(compass, item, decided) if decided else None,
            )
        )
    region = dataset.regions[code]
    label = decision.label if decision else region.name_nl
    section = decision.table_section if decision else ""
    return FocusRow(region, label, section, tuple(cells), dataset.themes_of(code))

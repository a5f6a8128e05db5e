"""The plan of uncertain values (`Plan`), and drawing them a block of samples at a time.

Per region and criterion: a known judgement or indicator value is fixed (so is a panel of
analysts' judgements, at its combined value: the analysts' spread is shown and flagged beside
the advice, not sampled; when an analyst on it gave a range, each choice of one category per
unsure analyst is equally likely, and the panel's combined value is drawn from the combined
values of all choices, a discrete group of its own); a missing judgement is uniform over the
categories of its scale, a judgement given as a range uniform over the categories from its
lowest to its highest; a missing indicator is uniform over the range of its value function
(continuous); an indicator value published with a standard error is Normal(value, standard
error), then read through the value function (a ratio to the reference region keeps the
reference's value fixed).

Gates come first, as in the advice: a region with a failed precondition is left out (its level
is "none" with probability 1). A region with unknown preconditions is weighed as though they
pass (its advice is pending).

Only the uncertain cells are sampled, in a fixed order: the discrete ones by group (cells with
the same categories of the same scale, drawn together as small integers), then the uniform and
the normal ones; each by criterion, then region. A block draws its values cell by cell, an array
cells × samples per kind, each kind from its own stream of the block (`raw_draws`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from kompas.engine.compass import Compass
from kompas.engine.gates import check_gates
from kompas.engine.model import RegionInput
from kompas.engine.panel import combinations
from kompas.engine.robustness.streams import generator
from kompas.engine.scoring import judgement_span

CellKind = Literal["discrete", "uniform", "normal"]
KINDS: tuple[CellKind, ...] = ("discrete", "uniform", "normal")

_SINGLE_THREADED = 200_000  # multiply-adds per matrix product, below OpenBLAS's threshold


@dataclass(frozen=True)
class Cell:
    """One uncertain value: region (position among the ranked regions) × criterion.

    discrete: uniform over categories `first`..`first + count − 1` of the criterion's scale,
    drawn in discrete group `group`; uniform: uniform on [low, low + width]; normal:
    Normal(mean, sd) / divisor, read through the criterion's value function.
    """

    kind: CellKind
    region: int
    criterion: int
    group: int = -1
    first: int = 0
    count: int = 0
    low: float = 0.0
    width: float = 0.0
    mean: float = 0.0
    sd: float = 0.0
    divisor: float = 1.0


@dataclass(frozen=True)
class Group:
    """Discrete cells drawn alike: the categories `first`..`first + count − 1` of one scale; or
    the one cell of a panel with ranges (`scale` is then "~region~criterion", `values` the
    combined values of every choice, see `engine.panel.combinations`)."""

    scale: str
    first: int
    count: int
    values: tuple[float, ...]  # the values of those categories
    start: int  # the group's cells are discrete cells start..stop
    stop: int


@dataclass(frozen=True)
class Plan:
    """The regions to weigh, their fixed values and their uncertain cells, in stream order.

    Cells: the discrete ones by group, then criterion, then region; then the uniform ones and
    the normal ones, each by criterion, then region.
    """

    codes: tuple[str, ...]
    ranked: tuple[int, ...]  # positions in `codes` of the regions that are weighed
    excluded: tuple[str, ...]
    fixed: np.ndarray  # (ranked, criteria): the known values, 0 where uncertain
    cells: tuple[Cell, ...]
    groups: tuple[Group, ...]
    sizes: tuple[int, int, int]  # the number of discrete, uniform and normal cells

    def of_kind(self, kind: CellKind) -> list[Cell]:
        return [c for c in self.cells if c.kind == kind]


def plan(compass: Compass, regions: Sequence[RegionInput]) -> Plan:
    """Which regions are weighed, what is known of them and what is uncertain."""
    codes = tuple(r.code for r in regions)
    doubled = sorted({code for code in codes if codes.count(code) > 1})
    if doubled:
        raise ValueError(f"regions given twice: {', '.join(doubled)}")
    ranked = tuple(
        i for i, r in enumerate(regions) if check_gates(compass, r).outcome != "excluded"
    )
    excluded = tuple(codes[i] for i in range(len(codes)) if i not in ranked)
    weighed = [regions[i] for i in ranked]
    fixed = np.zeros((len(weighed), len(compass.criteria)))
    discrete: list[tuple[tuple[str, int, int], Cell]] = []
    ranges: dict[tuple[str, int, int], tuple[float, ...]] = {}
    uniform: list[Cell] = []
    normal: list[Cell] = []
    for j, criterion in enumerate(compass.criteria):
        for i, region in enumerate(weighed):
            if criterion.kind == "judgement":
                assert criterion.scale is not None
                categories = criterion.scale.categories
                span = judgement_span(criterion, region)
                panel = region.panels.get(criterion.id)
                if span is None and panel:
                    method = compass.aggregation.judgements
                    values = combinations(criterion.scale, panel, method)
                    if values[0] == values[-1]:
                        fixed[i, j] = values[0]
                    else:  # a group of its own: the combined values of every choice
                        key = (f"~{region.code}~{criterion.id}", 0, len(values))
                        ranges[key] = values
                        discrete.append((key, Cell("discrete", i, j, -1, 0, len(values))))
                    continue
                category = region.judgements.get(criterion.id)
                if span is None and category is not None:
                    span = (criterion.scale.index(category),) * 2
                first, last = span if span is not None else (0, len(categories) - 1)
                if first == last:
                    fixed[i, j] = categories[first].value
                else:
                    key = (criterion.scale.id, first, last - first + 1)
                    ranges[key] = tuple(c.value for c in categories[first : last + 1])
                    discrete.append((key, Cell("discrete", i, j, -1, first, last - first + 1)))
                continue
            function = criterion.value_function
            assert function is not None
            reading = region.readings.get(criterion.id)
            if reading is None:
                if function.high > function.low:
                    width = function.high - function.low
                    uniform.append(Cell("uniform", i, j, low=function.low, width=width))
                else:
                    fixed[i, j] = function.low
            elif reading.value.std_error:
                divisor = reading.reference.value if reading.reference is not None else 1.0
                normal.append(
                    Cell(
                        "normal",
                        i,
                        j,
                        mean=reading.value.value,
                        sd=reading.value.std_error,
                        divisor=divisor,
                    )
                )
            else:
                fixed[i, j] = function(reading.input)
    groups = []
    cells: list[Cell] = []
    for g, key in enumerate(sorted(ranges)):  # by scale id, first category, count
        members = [replace(cell, group=g) for k, cell in discrete if k == key]
        start = len(cells)
        cells += members  # by criterion, then region
        groups.append(Group(key[0], key[1], key[2], ranges[key], start, len(cells)))
    return Plan(
        codes,
        ranked,
        excluded,
        fixed,
        (*cells, *uniform, *normal),
        tuple(groups),
        (len(cells), len(uniform), len(normal)),
    )


def raw_draws(
    chosen: Plan, seed: int, streams: tuple[int, ...], block: int, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One block's random numbers for the uncertain cells, each array (cells, samples).

    Each kind draws from its own stream of the block: discrete, per group in order,
    `integers(0, count, (cells, samples), uint8)` (the category's offset in the group's range);
    uniform, `random((cells, samples))`; normal, `standard_normal((cells, samples))`.
    """
    counts = chosen.sizes
    offsets = np.empty((counts[0], size), np.uint8)
    if counts[0]:
        gen = generator(seed, streams[0], block)
        for group in chosen.groups:
            offsets[group.start : group.stop] = gen.integers(
                0, group.count, (group.stop - group.start, size), np.uint8
            )
    uniform = generator(seed, streams[1], block).random((counts[1], size)) if counts[1] else None
    normal = (
        generator(seed, streams[2], block).standard_normal((counts[2], size)) if counts[2] else None
    )
    return (
        offsets,
        uniform if uniform is not None else np.empty((0, size)),
        normal if normal is not None else np.empty((0, size)),
    )


def product(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """left @ right, cut into pieces too small for OpenBLAS to start its threads.

    OpenBLAS runs a product of more than 262 144 multiply-adds on all cores; its threads then
    busy-wait for the next one, and on a small machine that slows everything between two
    products down several times over (measured: the whole analysis 2 to 3 times slower).
    """
    rows, inner, columns = left.shape[0], left.shape[1], right.shape[1]
    out = np.empty((rows, columns))
    if rows >= columns:
        step = max(1, _SINGLE_THREADED // max(1, inner * columns))
        for start in range(0, rows, step):
            np.matmul(left[start : start + step], right, out=out[start : start + step])
    else:
        step = max(1, _SINGLE_THREADED // max(1, inner * rows))
        for start in range(0, columns, step):
            np.matmul(left, right[:, start : start + step], out=out[:, start : start + step])
    return out


@dataclass(frozen=True)
class _Segment:
    """Cells of one kind and one criterion: rows start:stop of that kind's value array."""

    kind: int  # 0 discrete, 1 uniform, 2 normal
    start: int
    stop: int
    criterion: int
    regions: np.ndarray


class Values:
    """The plan as arrays, for drawing and weighing a block of samples at once."""

    def __init__(self, compass: Compass, chosen: Plan) -> None:
        self.plan = chosen
        self.fixed = chosen.fixed
        discrete, uniform, normal = (chosen.of_kind(kind) for kind in KINDS)
        self.low = np.array([c.low for c in uniform], float)[:, None]
        self.width = np.array([c.width for c in uniform], float)[:, None]
        self.mean = np.array([c.mean for c in normal], float)[:, None]
        self.sd = np.array([c.sd for c in normal], float)[:, None]
        self.divisor = np.array([c.divisor for c in normal], float)[:, None]
        # Per discrete group: (start, stop, step, first value) when its values are evenly
        # spaced (exactly, as computed), else (start, stop, 0, the values as a table).
        self.groups: list[tuple[int, int, float, np.ndarray]] = []
        for group in chosen.groups:
            table = np.array(group.values)
            step = float(table[1] - table[0])
            even = np.arange(group.count, dtype=np.uint8) * step + table[0]
            linear = bool(np.array_equal(even, table))
            self.groups.append((group.start, group.stop, step if linear else 0.0, table))
        self.functions: list[tuple[int, int, np.ndarray, np.ndarray]] = []
        self.segments: list[_Segment] = []
        for kind, cells in enumerate((discrete, uniform, normal)):
            start = 0
            while start < len(cells):
                j, drawn_in = cells[start].criterion, cells[start].group
                stop = start
                while (
                    stop < len(cells)
                    and cells[stop].criterion == j
                    and cells[stop].group == drawn_in
                ):
                    stop += 1
                regions = np.array([c.region for c in cells[start:stop]], np.intp)
                self.segments.append(_Segment(kind, start, stop, j, regions))
                if kind == 2:
                    function = compass.criteria[j].value_function
                    assert function is not None
                    xs, ys = np.array(function.xs, float), np.array(function.ys, float)
                    self.functions.append((start, stop, xs, ys))
                start = stop

    def draw(self, seed: int, streams: tuple[int, ...], block: int, size: int) -> list[np.ndarray]:
        """One block's uncertain values, one array (cells, samples) per kind."""
        offsets, uniform, normal = raw_draws(self.plan, seed, streams, block, size)
        discrete = np.empty(offsets.shape)
        for start, stop, step, table in self.groups:
            if step:
                np.multiply(offsets[start:stop], step, out=discrete[start:stop])
                if table[0]:
                    discrete[start:stop] += table[0]
            else:
                discrete[start:stop] = np.take(table, offsets[start:stop].astype(np.intp))
        if uniform.size:
            uniform *= self.width
            uniform += self.low
        if normal.size:
            normal *= self.sd
            normal += self.mean
            normal /= self.divisor
            for first, last, xs, ys in self.functions:
                normal[first:last] = np.interp(normal[first:last], xs, ys)
        return [discrete, uniform, normal]

    def totals(self, across: np.ndarray, values: list[np.ndarray]) -> np.ndarray:
        """Scores (regions, samples) for weights `across` (criteria, samples)."""
        totals = product(self.fixed, across)
        for segment in self.segments:
            part = values[segment.kind][segment.start : segment.stop]
            totals[segment.regions] += across[segment.criterion] * part
        return totals

    def matrices(self, values: list[np.ndarray], first: int, last: int) -> np.ndarray:
        """(samples, regions, criteria): the value matrices of samples first..last."""
        full = np.repeat(self.fixed[None, :, :], last - first, axis=0)
        for segment in self.segments:
            part = values[segment.kind][segment.start : segment.stop, first:last]
            full[:, segment.regions, segment.criterion] = part.T
        return full

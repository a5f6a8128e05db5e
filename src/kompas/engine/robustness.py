"""How robust is the advice? Stochastic multicriteria acceptability analysis (SMAA-2).

The compass gives one advice per region from one set of weights and the judgements as recorded.
Here the weights and the values are uncertain instead, described by distributions, and many
samples are drawn from them: each sample weighs every region once, classifies it on the track's
thresholds and ranks the regions. Counting over the samples gives, per region:

- **level acceptability**: the share of samples in which the region reaches each focus level
  (the classification form of SMAA);
- **rank acceptability** b_i^r: the share of samples in which it ranks r-th (SMAA-2);
- **central weights**: the mean weights of the samples in which it ranks first;
- **confidence factor**: the probability that it ranks first when weighed with its own central
  weights, over the value uncertainty alone;
- **pairwise winning chances**: P(score_i > score_j).

Weight uncertainty (`WeightModel`):

- `dirichlet`: around the compass's effective weights w of the track, W ~ Dirichlet(κ·w). The
  mean is w and the spread shrinks as κ grows (sd of w_j = sqrt(w_j(1−w_j)/(κ+1))); κ = inf is
  no weight uncertainty. Criteria with weight 0 keep weight 0.
- `ordering`: only an order of importance of the aspects or of the criteria, most important
  first: weights uniform on the part of the simplex that respects the order (Dirichlet(1)
  samples sorted descending and assigned in that order). For aspects, the shares of the
  criteria within each aspect stay the compass's.
- `intervals`: bounds (low, high) per criterion on the effective shares: uniform on the simplex
  within the box, by rejection from Dirichlet(1). Refused when the bounds cannot sum to 1, or
  when fewer than 1 in 1000 uniform samples fall within them.

Value uncertainty, per region and criterion: a known judgement or indicator value is fixed (so
is a panel of analysts' judgements, at its combined value: the analysts' spread is shown and
flagged beside the advice, not sampled; when an analyst on it gave a range, each choice of one
category per unsure analyst is equally likely, and the panel's combined value is drawn from the
combined values of all choices, a discrete group of its own); a missing judgement is uniform
over the categories of its scale, a judgement given as a range uniform over the categories from
its lowest to its highest; a missing indicator is uniform over the range of its value function
(continuous); an indicator value published with a standard error is Normal(value, standard
error), then read through the value function (a ratio to the reference region keeps the
reference's value fixed).

Gates come first, as in the advice: a region with a failed precondition has the level "none"
with probability 1, and is left out of the ranking, so it influences nothing else. A region
with unknown preconditions is weighed as though they pass (its advice is pending).

Ranks are competition ranks: rank = 1 + the number of regions with a strictly higher score, so
tied regions share the better rank (a column of the rank acceptability matrix can then sum to
more than 1). Before ranking, scores are rounded to a multiple of 2^-42 (about 2e-13), so that
differences of floating-point round-off count as ties: identical regions tie exactly.

Random numbers. The samples are cut into blocks of `BLOCK` samples; every block draws from its
own generators, one per kind of draw (weights, discrete values, uniform values, normal values),
seeded with `SeedSequence(seed, spawn_key=(stream, block))`. A block's draws therefore depend on
the seed and the block only: the results replay exactly for the same seed and inputs, whatever
the chunk size and the number of worker threads (up to the floating-point summation order of
the matrix product, which could only matter for a score within 1e-16 of a threshold). Only the
uncertain cells are sampled, in a fixed order (`Plan`): the discrete ones by group (cells with
the same categories of the same scale, drawn together as small integers), then the uniform and
the normal ones; each by criterion, then region. A block draws its weights sample by sample
and its values cell by cell (an array cells × samples per kind). `smaa_reference` draws the
very same numbers, so the two agree exactly.

The confidence factor uses its own value samples, `min(samples, CONFIDENCE_SAMPLES)` by
default, from streams of their own. The pairwise winning chances are counted on the first
`min(samples, PAIRWISE_SAMPLES)` samples of the main run (an n×n comparison per sample is the
costliest part otherwise). `mc_error` is the largest standard error sqrt(p(1−p)/N) of the level
and rank acceptabilities; it shrinks with the square root of the number of samples.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

import numpy as np

from kompas.engine.compass import Compass, Track
from kompas.engine.gates import check_gates
from kompas.engine.model import RegionInput
from kompas.engine.panel import combinations
from kompas.engine.scoring import TOLERANCE, classify, judgement_span, thresholds, track_weights

WeightKind = Literal["dirichlet", "ordering", "intervals"]
OrderLevel = Literal["aspects", "criteria"]
CellKind = Literal["discrete", "uniform", "normal"]
KINDS: tuple[CellKind, ...] = ("discrete", "uniform", "normal")

DEFAULT_CONCENTRATION = 100.0
DEFAULT_SAMPLES = 10_000
BLOCK = 1024  # samples per random block
DEFAULT_CHUNK = 8 * BLOCK  # samples per task of a worker thread (rounded up to whole blocks)
CONFIDENCE_SAMPLES = 2000
PAIRWISE_SAMPLES = 2000
MIN_ACCEPTANCE = 1e-3  # intervals: the least share of uniform samples that must fit the box
PILOT_SAMPLES = 100_000  # intervals: uniform samples drawn to estimate that share
MIN_ALPHA = 0.1  # dirichlet: the least κ·w_j (smaller ones underflow to all-zero samples)
_SINGLE_THREADED = 200_000  # multiply-adds per matrix product, below OpenBLAS's threshold
_GRID = 1024.0  # (x + _GRID) − _GRID rounds x in [0, 1024) to a multiple of 2**-42

# Random streams (the first element of the spawn key).
_WEIGHTS = 0
_MAIN_VALUES = (1, 2, 3)  # discrete, uniform, normal
_CONFIDENCE_VALUES = (4, 5, 6)
_PILOT = 9

T = TypeVar("T")
R = TypeVar("R")


def _generator(seed: int, stream: int, block: int) -> np.random.Generator:
    sequence = np.random.SeedSequence(seed, spawn_key=(stream, block))
    return np.random.Generator(np.random.PCG64(sequence))


def rank_key(scores: np.ndarray) -> np.ndarray:
    """Scores as ranked: shifted by the classification tolerance, round-off rounded away."""
    shifted: np.ndarray = (np.asarray(scores, float) + TOLERANCE + _GRID) - _GRID
    return shifted


# --- weights ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightModel:
    """How uncertain the weights are (see the module's description).

    `concentration` is κ of the `dirichlet` kind (math.inf: no weight uncertainty); `level`
    and `order` (ids, most important first; every aspect or every criterion once) make the
    `ordering` kind; `intervals` (criterion id → (low, high) effective share; criteria not
    named get (0, 1)) the `intervals` kind.
    """

    kind: WeightKind = "dirichlet"
    concentration: float = DEFAULT_CONCENTRATION
    level: OrderLevel = "aspects"
    order: tuple[str, ...] = ()
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in ("dirichlet", "ordering", "intervals"):
            raise ValueError(f"unknown weight model {self.kind!r}: dirichlet, ordering, intervals")
        object.__setattr__(self, "order", tuple(self.order))
        intervals = {key: (float(lo), float(hi)) for key, (lo, hi) in self.intervals.items()}
        object.__setattr__(self, "intervals", intervals)
        if self.kind == "dirichlet" and not self.concentration > 0:
            raise ValueError(f"the concentration must be > 0 (or inf), got {self.concentration}")
        if self.kind == "ordering":
            if self.level not in ("aspects", "criteria"):
                raise ValueError(f"an ordering is of aspects or criteria, not {self.level!r}")
            if not self.order:
                raise ValueError(f"an ordering of {self.level} needs the ids, most important first")

    def __hash__(self) -> int:
        intervals = tuple(sorted(self.intervals.items()))
        return hash((self.kind, self.concentration, self.level, self.order, intervals))

    @classmethod
    def around(cls, concentration: float = DEFAULT_CONCENTRATION) -> WeightModel:
        """Dirichlet around the compass's weights; math.inf for no weight uncertainty."""
        return cls("dirichlet", concentration)

    @classmethod
    def ranked(cls, level: OrderLevel, order: Sequence[str]) -> WeightModel:
        """Only an order of importance of the aspects or the criteria, most important first."""
        return cls("ordering", level=level, order=tuple(order))

    @classmethod
    def bounded(cls, intervals: Mapping[str, tuple[float, float]]) -> WeightModel:
        """Bounds on the effective share of some criteria; the others lie in (0, 1)."""
        return cls("intervals", intervals=dict(intervals))

    @property
    def exact(self) -> bool:
        """True when the weights are not uncertain at all (Dirichlet with κ = inf)."""
        return self.kind == "dirichlet" and math.isinf(self.concentration)

    def as_json(self) -> dict[str, Any]:
        if self.kind == "dirichlet":
            return {
                "kind": self.kind,
                "concentration": None if self.exact else self.concentration,
                "exact": self.exact,
            }
        if self.kind == "ordering":
            return {"kind": self.kind, "level": self.level, "order": list(self.order)}
        return {
            "kind": self.kind,
            "intervals": {key: list(bounds) for key, bounds in self.intervals.items()},
        }


class _WeightSampler:
    """Draws effective weights for one compass, track and weight model.

    `block` fills many samples at once; `one` draws a single sample from the same stream, so
    that calling it `len(out)` times on a fresh generator gives exactly what `block` gives.
    """

    def __init__(self, compass: Compass, track: Track, model: WeightModel) -> None:
        weights = track_weights(compass, track)
        self.model = model
        self.base = weights.effective
        self.m = len(compass.criteria)
        if model.kind == "dirichlet":
            self.positive = np.flatnonzero(self.base > 0)
            self.alpha = model.concentration * self.base[self.positive]
            if not model.exact and self.alpha.size and self.alpha.min() < MIN_ALPHA:
                raise ValueError(
                    f"concentration {model.concentration:g} is too small: κ × weight must be at"
                    f" least {MIN_ALPHA} for every weighted criterion (smallest weight"
                    f" {self.base[self.positive].min():.4f}); use at least"
                    f" {MIN_ALPHA / self.base[self.positive].min():.3g}"
                )
        elif model.kind == "ordering":
            items = compass.aspects if model.level == "aspects" else compass.criteria
            ids = [item.id for item in items]
            _check_order(model.level, ids, model.order)
            self.slots = np.array([ids.index(item) for item in model.order])
            self.size = len(ids)
            self.aspect_of = weights.aspect_of
            self.shares = weights.criterion_shares
        else:
            self.low, self.high = _check_intervals(compass, model.intervals)
            self.acceptance = _acceptance(self.low, self.high)
            self.batch = min(65_536, math.ceil(1.25 * BLOCK / self.acceptance) + 16)

    def block(self, gen: np.random.Generator, out: np.ndarray) -> None:
        count = out.shape[0]
        kind = self.model.kind
        if kind == "dirichlet":
            if self.model.exact or self.positive.size <= 1:
                out[:] = self.base
                return
            draws = gen.standard_gamma(self.alpha, size=(count, self.positive.size))
            draws /= draws.sum(axis=1, keepdims=True)
            out[:] = 0.0
            out[:, self.positive] = draws
        elif kind == "ordering":
            draws = gen.standard_exponential((count, self.size))
            draws /= draws.sum(axis=1, keepdims=True)
            ordered = np.sort(draws, axis=1)[:, ::-1]
            self._assign(ordered, out)
        else:
            filled = 0
            while filled < count:
                draws = gen.standard_exponential((self.batch, self.m))
                draws /= draws.sum(axis=1, keepdims=True)
                inside = np.all((draws >= self.low) & (draws <= self.high), axis=1)
                accepted = draws[inside][: count - filled]
                out[filled : filled + len(accepted)] = accepted
                filled += len(accepted)

    def one(self, gen: np.random.Generator) -> np.ndarray:
        kind = self.model.kind
        weights = np.zeros(self.m)
        if kind == "dirichlet":
            if self.model.exact or self.positive.size <= 1:
                return self.base.copy()
            draws = gen.standard_gamma(self.alpha)
            weights[self.positive] = draws / draws.sum()
            return weights
        if kind == "ordering":
            draws = gen.standard_exponential(self.size)
            ordered = np.sort(draws / draws.sum())[::-1]
            out = np.empty((1, self.m))
            self._assign(ordered[None, :], out)
            result: np.ndarray = out[0]
            return result
        while True:
            drawn: np.ndarray = gen.standard_exponential(self.m)
            drawn /= drawn.sum()
            if np.all((drawn >= self.low) & (drawn <= self.high)):
                return drawn

    def _assign(self, ordered: np.ndarray, out: np.ndarray) -> None:
        """The k-th largest share to the k-th item of the order."""
        if self.model.level == "criteria":
            out[:, self.slots] = ordered
            return
        aspect_shares = np.empty_like(ordered)
        aspect_shares[:, self.slots] = ordered
        out[:] = aspect_shares[:, self.aspect_of] * self.shares


def _check_order(level: str, ids: list[str], order: Sequence[str]) -> None:
    unknown = [item for item in order if item not in ids]
    if unknown:
        raise ValueError(
            f"unknown {level} in the order: {', '.join(unknown)}; {level}: {', '.join(ids)}"
        )
    doubled = sorted({item for item in order if list(order).count(item) > 1})
    if doubled:
        raise ValueError(f"{level} named twice in the order: {', '.join(doubled)}")
    missing = [item for item in ids if item not in order]
    if missing:
        raise ValueError(
            f"the order must name every one of the {level}; missing: {', '.join(missing)}"
        )


def _check_intervals(
    compass: Compass, intervals: Mapping[str, tuple[float, float]]
) -> tuple[np.ndarray, np.ndarray]:
    ids = [c.id for c in compass.criteria]
    unknown = [key for key in intervals if key not in ids]
    if unknown:
        raise ValueError(f"unknown criteria in the weight intervals: {', '.join(unknown)}")
    low, high = np.zeros(len(ids)), np.ones(len(ids))
    for key, (lo, hi) in intervals.items():
        if not 0.0 <= lo <= hi <= 1.0:
            raise ValueError(f"weight interval of {key}: need 0 ≤ low ≤ high ≤ 1, got ({lo}, {hi})")
        low[ids.index(key)], high[ids.index(key)] = lo, hi
    if low.sum() > 1.0 + 1e-12 or high.sum() < 1.0 - 1e-12:
        raise ValueError(
            f"the weight intervals cannot sum to 1: the lows sum to {low.sum():.4g}, the highs"
            f" to {high.sum():.4g}"
        )
    return low, high


def _acceptance(low: np.ndarray, high: np.ndarray) -> float:
    """The share of uniform weight samples within the box, from a fixed pilot sample."""
    draws = _generator(0, _PILOT, 0).standard_exponential((PILOT_SAMPLES, low.size))
    draws /= draws.sum(axis=1, keepdims=True)
    share = float(np.mean(np.all((draws >= low) & (draws <= high), axis=1)))
    if share < MIN_ACCEPTANCE:
        raise ValueError(
            f"the weight intervals leave too little room: {share:.3%} of uniform weight samples"
            f" fall within them, at least {MIN_ACCEPTANCE:.1%} are needed; widen them"
        )
    return share


def sample_weights(
    compass: Compass, track_id: str, model: WeightModel, samples: int, seed: int = 0
) -> np.ndarray:
    """The effective weights `smaa` draws for these samples, shape (samples, criteria)."""
    sampler = _WeightSampler(compass, compass.track(track_id), model)
    out = np.empty((samples, sampler.m))
    for block in range(math.ceil(samples / BLOCK)):
        rows = slice(block * BLOCK, min((block + 1) * BLOCK, samples))
        sampler.block(_generator(seed, _WEIGHTS, block), out[rows])
    return out


# --- values ----------------------------------------------------------------------------------


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


def _raw_draws(
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
        gen = _generator(seed, streams[0], block)
        for group in chosen.groups:
            offsets[group.start : group.stop] = gen.integers(
                0, group.count, (group.stop - group.start, size), np.uint8
            )
    uniform = _generator(seed, streams[1], block).random((counts[1], size)) if counts[1] else None
    normal = (
        _generator(seed, streams[2], block).standard_normal((counts[2], size))
        if counts[2]
        else None
    )
    return (
        offsets,
        uniform if uniform is not None else np.empty((0, size)),
        normal if normal is not None else np.empty((0, size)),
    )


def _product(left: np.ndarray, right: np.ndarray) -> np.ndarray:
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


class _Values:
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
        offsets, uniform, normal = _raw_draws(self.plan, seed, streams, block, size)
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
        totals = _product(self.fixed, across)
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


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Robustness:
    """The acceptabilities of one track; rows follow `regions`, or `ranked` for the ranking.

    level_acceptability: (regions, levels); rank_acceptability: (ranked, ranks), column r is
    rank r + 1; central_weights: (ranked, criteria), NaN where never first; confidence:
    (ranked,), NaN where never first (or not computed); pairwise: (ranked, ranked),
    P(score_row > score_column), NaN when not computed.
    """

    track: str
    regions: tuple[str, ...]
    levels: tuple[str, ...]
    criteria: tuple[str, ...]
    samples: int
    seed: int
    model: WeightModel
    level_acceptability: np.ndarray
    rank_acceptability: np.ndarray
    central_weights: np.ndarray
    confidence: np.ndarray
    pairwise: np.ndarray
    excluded: tuple[str, ...]
    mc_error: float
    confidence_samples: int
    pairwise_samples: int

    @property
    def ranked(self) -> tuple[str, ...]:
        return tuple(code for code in self.regions if code not in self.excluded)

    def _row(self, code: str) -> int | None:
        ranked = self.ranked
        return ranked.index(code) if code in ranked else None

    def level_probabilities(self, code: str) -> dict[str, float]:
        row = self.level_acceptability[self.regions.index(code)]
        return {level: float(p) for level, p in zip(self.levels, row, strict=True)}

    def modal_level(self, code: str) -> tuple[str, float]:
        """The most probable level (the better one on a tie) and its probability."""
        row = self.level_acceptability[self.regions.index(code)]
        best = int(np.argmax(row))
        return self.levels[best], float(row[best])

    def rank_probabilities(self, code: str) -> np.ndarray | None:
        """b_i^r for r = 1, 2, ...; None for a region left out of the ranking."""
        row = self._row(code)
        return None if row is None else self.rank_acceptability[row]

    def first_probability(self, code: str) -> float | None:
        row = self._row(code)
        return None if row is None else float(self.rank_acceptability[row, 0])

    def central_weights_of(self, code: str) -> dict[str, float] | None:
        row = self._row(code)
        if row is None or np.isnan(self.central_weights[row]).any():
            return None
        return {c: float(w) for c, w in zip(self.criteria, self.central_weights[row], strict=True)}

    def confidence_of(self, code: str) -> float | None:
        row = self._row(code)
        return (
            None if row is None or np.isnan(self.confidence[row]) else float(self.confidence[row])
        )

    def winning_chance(self, code: str, other: str) -> float | None:
        """P(score of `code` > score of `other`), on the pairwise subsample."""
        row, column = self._row(code), self._row(other)
        if row is None or column is None or np.isnan(self.pairwise[row, column]):
            return None
        return float(self.pairwise[row, column])


def standard_error(p: np.ndarray | float, samples: int) -> np.ndarray:
    """Monte Carlo standard error of a share p estimated from `samples` samples."""
    p = np.asarray(p, float)
    error: np.ndarray = np.sqrt(p * (1.0 - p) / max(samples, 1))
    return error


# --- the vectorised analysis -----------------------------------------------------------------


@dataclass
class _Partial:
    levels: np.ndarray  # (ranked, levels) counts
    ranks: np.ndarray  # (ranked * ranked,) counts, index region * ranked + rank position
    central: list[np.ndarray]  # per block: (ranked, criteria) weight sums of rank-1 samples
    pairwise: np.ndarray  # (ranked, ranked) counts of score_i > score_j


@dataclass(frozen=True)
class _Setup:
    compass: Compass
    track: Track
    model: WeightModel
    plan: Plan
    sampler: _WeightSampler
    values: _Values
    cuts: np.ndarray
    samples: int
    seed: int
    confidence_samples: int
    pairwise_samples: int


def _setup(
    compass: Compass,
    regions: Sequence[RegionInput],
    track_id: str,
    model: WeightModel,
    samples: int,
    seed: int,
    confidence_samples: int | None,
    pairwise_samples: int | None,
) -> _Setup:
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    if seed < 0:
        raise ValueError(f"the seed must be a non-negative integer, got {seed}")
    track = compass.track(track_id)
    chosen = plan(compass, regions)
    confidence = CONFIDENCE_SAMPLES if confidence_samples is None else confidence_samples
    pairwise = PAIRWISE_SAMPLES if pairwise_samples is None else pairwise_samples
    return _Setup(
        compass,
        track,
        model,
        chosen,
        _WeightSampler(compass, track, model),
        _Values(compass, chosen),
        thresholds(compass, track),
        samples,
        seed,
        max(0, min(samples, confidence)),
        max(0, min(samples, pairwise)),
    )


def smaa(
    compass: Compass,
    regions: Sequence[RegionInput],
    track_id: str,
    model: WeightModel = WeightModel(),
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    chunk: int = DEFAULT_CHUNK,
    confidence_samples: int | None = None,
    pairwise_samples: int | None = None,
    workers: int | None = None,
) -> Robustness:
    """SMAA-2 and its classification form for `regions` on one track, vectorised.

    The samples are processed a block (`BLOCK` samples) at a time, which bounds the memory;
    `chunk` samples (rounded up to whole blocks) make one task for a worker thread, and
    `workers` threads (default: the number of processors, at most 4) run tasks side by side.
    Neither changes the result. `confidence_samples` and `pairwise_samples` (0 skips them)
    default to `min(samples, 2000)`.
    """
    setup = _setup(
        compass, regions, track_id, model, samples, seed, confidence_samples, pairwise_samples
    )
    n = len(setup.plan.ranked)
    per_task = max(1, math.ceil(chunk / BLOCK))
    blocks = math.ceil(samples / BLOCK)
    tasks = [range(b, min(b + per_task, blocks)) for b in range(0, blocks, per_task)]
    levels = np.zeros((n, len(setup.cuts) + 1), np.int64)
    ranks = np.zeros(n * n, np.int64)
    central = np.zeros((n, len(compass.criteria)))
    pairwise = np.zeros((n, n), np.int64)
    if n:
        for part in _map(lambda task: _task(setup, task), tasks, workers):
            levels += part.levels
            ranks += part.ranks
            for block in part.central:  # in block order: the sums do not depend on `chunk`
                central += block
            pairwise += part.pairwise
    rank_counts = ranks.reshape(n, n)
    central_weights = _central(central, rank_counts[:, :1].sum(axis=1))
    confidence = _confidence(setup, central_weights, workers)
    return _result(setup, levels, rank_counts, central_weights, confidence, pairwise)


def _map(run: Callable[[T], R], items: list[T], workers: int | None) -> Iterable[R]:
    """`run` over `items`, in threads (numpy releases the interpreter lock); results in order."""
    count = min(workers or min(os.cpu_count() or 1, 4), len(items))
    if count <= 1:
        return map(run, items)
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, items))


def _task(setup: _Setup, blocks: range) -> _Partial:
    n = len(setup.plan.ranked)
    total = _Partial(
        np.zeros((n, len(setup.cuts) + 1), np.int64),
        np.zeros(n * n, np.int64),
        [],
        np.zeros((n, n), np.int64),
    )
    for block in blocks:
        part = _block(setup, block)
        total.levels += part.levels
        total.ranks += part.ranks
        total.central += part.central
        total.pairwise += part.pairwise
    return total


def _block(setup: _Setup, block: int) -> _Partial:
    """Counts over the samples of one block."""
    n, m = len(setup.plan.ranked), len(setup.compass.criteria)
    first = block * BLOCK
    size = min(BLOCK, setup.samples - first)
    weights = np.empty((size, m))
    setup.sampler.block(_generator(setup.seed, _WEIGHTS, block), weights)
    across = np.ascontiguousarray(weights.T)
    totals = setup.values.totals(across, setup.values.draw(setup.seed, _MAIN_VALUES, block, size))
    # Levels: a score reaches a level when score + TOLERANCE >= its threshold (as `classify`).
    scores = np.empty((size, n))
    np.add(totals.T, TOLERANCE, out=scores)
    below = [np.count_nonzero(scores < cut, axis=0) for cut in setup.cuts]
    at_or_below = np.array([np.full(n, size), *below])  # samples at level l or a worse one
    level_counts = (at_or_below - np.array([*below, np.zeros(n, np.int64)])).T
    # Ranks: competition ranks on the scores with round-off rounded away.
    scores += _GRID
    scores -= _GRID
    pairwise = _pairwise_counts(scores[: max(0, setup.pairwise_samples - first)], n)
    order = np.argsort(scores, axis=1)  # ascending: the first region comes last
    ordered = np.sort(scores, axis=1)
    tied = np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1))
    position = np.arange(n - 1, -1, -1)  # rank position (0 = first) of each ascending slot
    winners_rows = np.arange(size)
    winners = order[:, -1].copy()
    if tied.size:
        positions = _competition_positions(ordered[tied])
        first_rows, first_slots = np.nonzero(positions == 0)
        untied = np.ones(size, bool)
        untied[tied] = False
        winners_rows = np.concatenate([winners_rows[untied], tied[first_rows]])
        winners = np.concatenate([winners[untied], order[tied[first_rows], first_slots]])
        key = order * n + position
        key[tied] = order[tied] * n + positions
    else:
        key = order
        key *= n
        key += position
    rank_counts = np.bincount(key.ravel(), minlength=n * n)
    central = np.column_stack(
        [np.bincount(winners, weights=weights[winners_rows, j], minlength=n) for j in range(m)]
    )
    return _Partial(level_counts, rank_counts, [central], pairwise)


def _competition_positions(ordered: np.ndarray) -> np.ndarray:
    """Rank positions (0 = first) of ascending rows, tied scores sharing the better position."""
    n = ordered.shape[1]
    descending = ordered[:, ::-1]
    new = np.ones(descending.shape, bool)
    new[:, 1:] = descending[:, 1:] != descending[:, :-1]
    positions = np.maximum.accumulate(np.where(new, np.arange(n), 0), axis=1)
    result: np.ndarray = positions[:, ::-1]
    return result


def _pairwise_counts(scores: np.ndarray, n: int) -> np.ndarray:
    counts = np.zeros((n, n), np.int64)
    step = max(1, 4_000_000 // max(n * n, 1))
    for start in range(0, scores.shape[0], step):
        part = scores[start : start + step]
        counts += np.count_nonzero(part[:, :, None] > part[:, None, :], axis=0)
    return counts


def _central(sums: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    central = np.full(sums.shape, np.nan)
    won = firsts > 0
    central[won] = sums[won] / firsts[won, None]
    return central


def _confidence(setup: _Setup, central: np.ndarray, workers: int | None) -> np.ndarray:
    """P(rank 1 with its own central weights), over the value uncertainty only."""
    n = central.shape[0]
    confidence = np.full(n, np.nan)
    candidates = np.flatnonzero(~np.isnan(central).any(axis=1))
    count = setup.confidence_samples
    if count == 0 or candidates.size == 0:
        return confidence
    chosen = central[candidates]
    step = max(1, 4_000_000 // (n * candidates.size))

    def run(block: int) -> np.ndarray:
        size = min(BLOCK, count - block * BLOCK)
        values = setup.values.draw(setup.seed, _CONFIDENCE_VALUES, block, size)
        wins = np.zeros(candidates.size, np.int64)
        for first in range(0, size, step):
            last = min(first + step, size)
            matrices = setup.values.matrices(values, first, last)
            product = _product(matrices.reshape((last - first) * n, -1), chosen.T)
            scores = product.reshape(last - first, n, -1)
            # rank_key is monotone: the key of the highest score is the highest key.
            best = rank_key(scores.max(axis=1))
            mine = rank_key(scores[:, candidates, np.arange(candidates.size)])
            wins += np.count_nonzero(mine >= best, axis=0)
        return wins

    wins = np.zeros(candidates.size, np.int64)
    for part in _map(run, list(range(math.ceil(count / BLOCK))), workers):
        wins += part
    confidence[candidates] = wins / count
    return confidence


def _result(
    setup: _Setup,
    level_counts: np.ndarray,
    rank_counts: np.ndarray,
    central: np.ndarray,
    confidence: np.ndarray,
    pairwise: np.ndarray,
) -> Robustness:
    chosen, samples = setup.plan, setup.samples
    levels = tuple(level.id for level in setup.compass.levels)
    acceptability = np.zeros((len(chosen.codes), len(levels)))
    acceptability[:, -1] = 1.0  # a failed gate: level "none" with probability 1
    acceptability[list(chosen.ranked)] = level_counts / samples
    rank_acceptability = rank_counts / samples
    pairs = (
        pairwise / setup.pairwise_samples
        if setup.pairwise_samples
        else np.full(pairwise.shape, np.nan)
    )
    shares = np.concatenate([acceptability.ravel(), rank_acceptability.ravel()])
    return Robustness(
        track=setup.track.id,
        regions=chosen.codes,
        levels=levels,
        criteria=tuple(c.id for c in setup.compass.criteria),
        samples=samples,
        seed=setup.seed,
        model=setup.model,
        level_acceptability=acceptability,
        rank_acceptability=rank_acceptability,
        central_weights=central,
        confidence=confidence,
        pairwise=pairs,
        excluded=chosen.excluded,
        mc_error=float(standard_error(shares, samples).max()) if shares.size else 0.0,
        confidence_samples=setup.confidence_samples,
        pairwise_samples=setup.pairwise_samples,
    )


# --- the plain reference ---------------------------------------------------------------------


def smaa_reference(
    compass: Compass,
    regions: Sequence[RegionInput],
    track_id: str,
    model: WeightModel = WeightModel(),
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    confidence_samples: int | None = None,
    pairwise_samples: int | None = None,
) -> Robustness:
    """The same analysis one sample at a time, in plain Python: the yardstick for `smaa`.

    It draws the same random numbers (the weights one sample per call; the values a block at
    a time, by the same calls), reads each uncertain cell through the compass's own scale and
    value function, and weighs, classifies and ranks each sample on its own.
    """
    setup = _setup(
        compass, regions, track_id, model, samples, seed, confidence_samples, pairwise_samples
    )
    chosen = setup.plan
    n, m = len(chosen.ranked), len(compass.criteria)
    levels = np.zeros((n, len(setup.cuts) + 1), np.int64)
    ranks = np.zeros((n, n), np.int64)
    sums = np.zeros((n, m))
    pairwise = np.zeros((n, n), np.int64)
    for s in range(samples if n else 0):
        if s % BLOCK == 0:
            block = s // BLOCK
            weight_gen = _generator(seed, _WEIGHTS, block)
            draws = _raw_draws(chosen, seed, _MAIN_VALUES, block, min(BLOCK, samples - s))
        weights = setup.sampler.one(weight_gen)
        values = _sample_values(compass, chosen, draws, s % BLOCK)
        scores = values @ weights
        for i, level in enumerate(classify(scores, setup.cuts)):
            levels[i, level] += 1
        key = rank_key(scores)
        for i in range(n):
            rank = int(np.sum(key > key[i]))
            ranks[i, rank] += 1
            if rank == 0:
                sums[i] += weights
        if s < setup.pairwise_samples:
            pairwise += key[:, None] > key[None, :]
    central = _central(sums, ranks[:, :1].sum(axis=1))
    candidates = np.flatnonzero(~np.isnan(central).any(axis=1))
    wins = np.zeros(n, np.int64)
    for s in range(setup.confidence_samples if candidates.size else 0):
        if s % BLOCK == 0:
            size = min(BLOCK, setup.confidence_samples - s)
            draws = _raw_draws(chosen, seed, _CONFIDENCE_VALUES, s // BLOCK, size)
        values = _sample_values(compass, chosen, draws, s % BLOCK)
        for c in candidates:
            key = rank_key(values @ central[c])
            wins[c] += bool(key[c] >= key.max())
    confidence = np.full(n, np.nan)
    if setup.confidence_samples:
        confidence[candidates] = wins[candidates] / setup.confidence_samples
    return _result(setup, levels, ranks, central, confidence, pairwise)


def _sample_values(
    compass: Compass,
    chosen: Plan,
    draws: tuple[np.ndarray, np.ndarray, np.ndarray],
    column: int,
) -> np.ndarray:
    """One sample's value matrix: the fixed values, each uncertain cell read one by one."""
    values = chosen.fixed.copy()
    rows = [0, 0, 0]
    for cell in chosen.cells:
        kind = KINDS.index(cell.kind)
        draw = draws[kind][rows[kind], column]
        rows[kind] += 1
        criterion = compass.criteria[cell.criterion]
        if cell.kind == "discrete":
            value = chosen.groups[cell.group].values[int(draw)]
        elif cell.kind == "uniform":
            value = cell.low + float(draw) * cell.width
        else:
            assert criterion.value_function is not None
            value = criterion.value_function((cell.mean + cell.sd * float(draw)) / cell.divisor)
        values[cell.region, cell.criterion] = value
    return values

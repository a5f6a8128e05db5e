"""Local sensitivity of the advice to the weights: stability intervals, tornado bars, what-if.

One weight is changed at a time, exactly as `explain.weight_change` does: its *share* within its
group (an aspect among the aspects, a criterion within its aspect) becomes x, and the other
members of the group keep their proportions, scaled by (1 − x) / (1 − share). Every score is
then linear in x,

    score(x) = alpha + beta · x,

so the shares at which a region crosses a threshold are solved directly, not searched for.
For a region with unknown criteria both ends of its score interval are followed: it "changes
level" as soon as its worst-case or its best-case level changes. Regions excluded by a gate are
left out (their level is "–" whatever the weights).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from kompas.engine.compass import Compass
from kompas.engine.gates import check_gates
from kompas.engine.model import RegionInput
from kompas.engine.robustness.levels import level_floors
from kompas.engine.scoring import Weights, bounds_matrix, classify, thresholds, track_weights

WeightKind = Literal["aspect_weight", "criterion_weight"]
Case = Literal["point", "worst", "best"]


@dataclass(frozen=True)
class Bound:
    """One end of a stability interval and what sets it.

    `region` is None when nothing crosses a threshold before the share reaches 0 or 1. Else
    `region`'s `case` (its score, or the worst or best end of its score interval) reaches the
    minimum score of `threshold_level` at `share`, and beyond it has level `level_after`.
    """

    share: float
    region: str | None = None
    case: Case | None = None
    threshold_level: str | None = None
    threshold: float | None = None
    level_before: str | None = None
    level_after: str | None = None


@dataclass(frozen=True)
class WeightInterval:
    """The shares of one weight within which no region changes level (others rescaled)."""

    kind: WeightKind
    target: str
    aspect: str  # the aspect itself, or the criterion's aspect
    share: float  # its current share within its group
    low: Bound
    high: Bound
    rest_raw: float  # the raw weights of the other members of its group, summed
    movable: bool  # False when it is the only weighted member of its group


@dataclass(frozen=True)
class TornadoBar:
    """One region's score with one weight's share lowered and raised by the spread."""

    kind: WeightKind
    target: str
    aspect: str
    share: float
    share_down: float
    share_up: float
    base: tuple[float, float]  # (worst, best) score now; equal when everything is known
    down: tuple[float, float]  # (worst, best) with the share lowered
    up: tuple[float, float]  # (worst, best) with the share raised
    levels_down: tuple[str, str]  # (worst, best) level with the share lowered
    levels_up: tuple[str, str]

    @property
    def swing(self) -> float:
        """How far the score moves between the two ends (the larger of worst and best)."""
        return max(abs(self.up[0] - self.down[0]), abs(self.up[1] - self.down[1]))


class WeightError(ValueError):
    """A what-if weight that cannot be used; `target` names it ("" for all of them)."""

    def __init__(self, target: str, problem: str, message: str) -> None:
        super().__init__(f"{target or 'weights'}: {message}")
        self.target = target
        self.problem = problem


@dataclass(frozen=True)
class _Option:
    """One weight to change, and per row of values the line score(x) = alpha + beta·x."""

    kind: WeightKind
    target: str
    aspect: str
    share: float
    rest_raw: float
    alpha: np.ndarray
    beta: np.ndarray

    @property
    def movable(self) -> bool:
        return self.rest_raw > 0


def _rest_mean(values: np.ndarray, raw: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Per row, the mean of `values[:, others]` weighted by `raw[others]` (0 when none weigh)."""
    total = float(raw[others].sum())
    if total <= 0:
        return np.zeros(values.shape[0])
    mean: np.ndarray = values[:, others] @ raw[others] / total
    return mean


def _options(compass: Compass, values: np.ndarray, w: Weights) -> list[_Option]:
    """Each aspect weight, then each criterion weight, with its score lines for `values`.

    `values` has one row per region end (regions × criteria). Aspect a at share x:
    score = x·A_a + (1 − x)·R, R the mean of the other aspects' scores by their raw weights.
    Criterion j of aspect a at share x: score = S − s_a·A_a + s_a·(x·v_j + (1 − x)·R_j).
    """
    n_aspects = len(compass.aspects)
    aspect_scores = np.column_stack(
        [
            values[:, w.aspect_of == a] @ w.criterion_shares[w.aspect_of == a]
            for a in range(n_aspects)
        ]
    )
    scores = values @ w.effective
    options = []
    for a, aspect in enumerate(compass.aspects):
        others = np.arange(n_aspects) != a
        rest = _rest_mean(aspect_scores, w.aspect_raw, others)
        options.append(
            _Option(
                "aspect_weight",
                aspect.id,
                aspect.id,
                float(w.aspect_shares[a]),
                float(w.aspect_raw[others].sum()),
                rest,
                aspect_scores[:, a] - rest,
            )
        )
    for j, criterion in enumerate(compass.criteria):
        a = int(w.aspect_of[j])
        share_a = float(w.aspect_shares[a])
        others = (w.aspect_of == a) & (np.arange(len(compass.criteria)) != j)
        rest = _rest_mean(values, w.criterion_raw, others)
        offset = scores - share_a * aspect_scores[:, a]
        options.append(
            _Option(
                "criterion_weight",
                criterion.id,
                criterion.aspect,
                float(w.criterion_shares[j]),
                float(w.criterion_raw[others].sum()),
                offset + share_a * rest,
                share_a * (values[:, j] - rest),
            )
        )
    return options


@dataclass(frozen=True)
class _Rows:
    """The score rows followed: per included region one (known) or two (worst, best) rows."""

    values: np.ndarray
    regions: list[str]
    cases: list[Case]


def _rows(compass: Compass, regions: Sequence[RegionInput]) -> _Rows:
    kept = [r for r in regions if check_gates(compass, r).outcome != "excluded"]
    low, high, _known = bounds_matrix(compass, kept)
    rows: list[np.ndarray] = []
    codes: list[str] = []
    cases: list[Case] = []
    for i, region in enumerate(kept):
        if np.array_equal(low[i], high[i]):
            rows.append(low[i])
            codes.append(region.code)
            cases.append("point")
        else:
            rows += [low[i], high[i]]
            codes += [region.code, region.code]
            cases += ["worst", "best"]
    values = np.array(rows) if rows else np.empty((0, len(compass.criteria)))
    return _Rows(values, codes, cases)


def stability_intervals(
    compass: Compass, regions: Sequence[RegionInput], track_id: str
) -> list[WeightInterval]:
    """Per aspect weight and criterion weight, the shares within which no region moves level.

    Each weight is changed alone, the others of its group rescaled proportionally (the
    parametrisation of `explain.weight_change`). Strictly inside [low, high] every region keeps
    its level (both ends of its score interval); just beyond an end that is not 0 or 1, the
    region named by that end moves across the threshold it names.
    """
    track = compass.track(track_id)
    w = track_weights(compass, track)
    cuts = thresholds(compass, track)
    floors = level_floors(cuts)
    rows = _rows(compass, regions)
    result = []
    for option in _options(compass, rows.values, w):
        if not option.movable:
            fixed = Bound(option.share)
            result.append(
                WeightInterval(
                    option.kind,
                    option.target,
                    option.aspect,
                    option.share,
                    fixed,
                    fixed,
                    option.rest_raw,
                    False,
                )
            )
            continue
        low, high = _interval(compass, option, cuts, floors, rows)
        result.append(
            WeightInterval(
                option.kind,
                option.target,
                option.aspect,
                option.share,
                low,
                high,
                option.rest_raw,
                True,
            )
        )
    return result


def _interval(
    compass: Compass, option: _Option, cuts: np.ndarray, floors: np.ndarray, rows: _Rows
) -> tuple[Bound, Bound]:
    """Intersect, over all rows, the shares x in [0, 1] that keep each row's level.

    Level k holds while score >= floors[k] (unless k is the lowest level) and score <
    floors[k − 1] (unless k is the best level), the floors being the least scores that
    `scoring.classify` puts at each level (`robustness.levels.level_floors`): the crossings
    follow the classification rule itself.
    """
    x0 = option.share
    levels: Sequence[int] = (
        classify(option.alpha + option.beta * x0, cuts).tolist() if len(rows.regions) else []
    )
    low, high = Bound(0.0), Bound(1.0)
    names = [level.id for level in compass.levels]
    for r, level in enumerate(levels):
        k = int(level)
        alpha, beta = float(option.alpha[r]), float(option.beta[r])
        if beta == 0.0:
            continue
        crossings = []  # (threshold index, level after crossing it, whether the share rises)
        if k < len(cuts):  # falling below the current level's minimum
            crossings.append((k, k + 1, beta < 0))
        if k > 0:  # reaching the next better level's minimum
            crossings.append((k - 1, k - 1, beta > 0))
        for cut, after, rising in crossings:
            x = (float(floors[cut]) - alpha) / beta
            bound = Bound(
                x,
                rows.regions[r],
                rows.cases[r],
                names[cut],
                float(cuts[cut]),
                names[k],
                names[after],
            )
            if rising and x < high.share:
                high = replace(bound, share=max(x, x0))
            elif not rising and x > low.share:
                low = replace(bound, share=min(x, x0))
    return low, high


def tornado(
    compass: Compass, region: RegionInput, track_id: str, spread: float = 0.5
) -> list[TornadoBar]:
    """One region's score with each weight's share lowered and raised by `spread` (relative).

    The share becomes share·(1 − spread) and share·(1 + spread), clamped to [0, 1], the other
    members of its group rescaled proportionally. Bars are sorted by swing, largest first; a
    weight that is the only weighted member of its group cannot move and has no swing.
    """
    if not spread >= 0.0:  # also refuses NaN
        raise ValueError(f"spread must be >= 0, got {spread}")
    track = compass.track(track_id)
    w = track_weights(compass, track)
    cuts = thresholds(compass, track)
    low, high, _known = bounds_matrix(compass, [region])
    values = np.vstack([low[0], high[0]])
    excluded = check_gates(compass, region).outcome == "excluded"
    names = [level.id for level in compass.levels]

    def at(option: _Option, x: float) -> tuple[tuple[float, float], tuple[str, str]]:
        scores = option.alpha + option.beta * x
        if excluded:
            levels = (compass.no_level.id, compass.no_level.id)
        else:
            found = classify(scores, cuts)
            levels = (names[int(found[0])], names[int(found[1])])
        return (float(scores[0]), float(scores[1])), levels

    bars = []
    for option in _options(compass, values, w):
        x0 = option.share
        if option.movable:
            down_x, up_x = max(0.0, x0 * (1 - spread)), min(1.0, x0 * (1 + spread))
        else:
            down_x = up_x = x0
        base, _levels = at(option, x0)
        down, levels_down = at(option, down_x)
        up, levels_up = at(option, up_x)
        bars.append(
            TornadoBar(
                option.kind,
                option.target,
                option.aspect,
                x0,
                down_x,
                up_x,
                base,
                down,
                up,
                levels_down,
                levels_up,
            )
        )
    bars.sort(key=lambda bar: -bar.swing)
    return bars


def whatif(compass: Compass, weights: Mapping[str, float]) -> Compass:
    """A copy of `compass` with the given raw weights (by aspect or criterion id).

    Weights not named keep their value. Raises `WeightError` for an unknown id, a weight that is
    not a finite number >= 0, aspect weights that are all zero, or an aspect with weight but no
    weighted criterion (the rules of the compass file). Track-specific weight overrides are kept.
    """
    aspect_ids = {a.id for a in compass.aspects}
    criterion_ids = {c.id for c in compass.criteria}
    for key, value in weights.items():
        if key not in aspect_ids and key not in criterion_ids:
            raise WeightError(key, "unknown", "no aspect or criterion with this id")
        if key in aspect_ids and key in criterion_ids:
            raise WeightError(key, "ambiguous", "both an aspect and a criterion have this id")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WeightError(key, "not_a_number", f"must be a number, got {value!r}")
        if not math.isfinite(value) or value < 0:
            raise WeightError(key, "negative", f"must be a number >= 0, got {value!r}")
    aspects = tuple(replace(a, weight=float(weights.get(a.id, a.weight))) for a in compass.aspects)
    criteria = tuple(
        replace(c, weight=float(weights.get(c.id, c.weight))) for c in compass.criteria
    )
    if sum(a.weight for a in aspects) <= 0:
        raise WeightError("", "all_zero", "the aspect weights must not all be zero")
    for aspect in aspects:
        if aspect.weight > 0 and sum(c.weight for c in criteria if c.aspect == aspect.id) <= 0:
            raise WeightError(
                aspect.id, "no_criterion", "has weight but no criterion with weight > 0"
            )
    return replace(compass, aspects=aspects, criteria=criteria)

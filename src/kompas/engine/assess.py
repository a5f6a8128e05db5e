"""Weigh regions with the compass: gates, score intervals, advised levels and explanations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from kompas.engine.compass import Compass, Track
from kompas.engine.explain import (
    Explanation,
    judgement_change,
    strong_and_weak,
    weight_change,
)
from kompas.engine.gates import GateResult, check_gates
from kompas.engine.model import RegionInput
from kompas.engine.panel import analysts, combined, nearest_category, own_input
from kompas.engine.scoring import Weights, bounds_matrix, classify, thresholds, track_weights

Agreement = Literal["agrees", "differs", "open"]
NO_EXPLANATION = Explanation((), (), ())


@dataclass(frozen=True)
class CriterionScore:
    criterion: str
    aspect: str
    weight: float
    low: float
    high: float
    known: bool

    @property
    def contribution(self) -> tuple[float, float]:
        return self.weight * self.low, self.weight * self.high


@dataclass(frozen=True)
class Advice:
    """The advised level of one region on one track, with everything needed to explain it.

    `level_best` and `level_worst` are the levels of the best and worst case of the score
    interval; they are equal when the unknown criteria can no longer change the level.
    """

    region: str
    track: str
    gates: GateResult
    score_low: float
    score_high: float
    level_best: str
    level_worst: str
    criteria: tuple[CriterionScore, ...]
    aspects: tuple[tuple[str, float, float], ...]
    could_change_level: tuple[str, ...]
    decisive: tuple[str, ...]
    explanation: Explanation

    @property
    def determined(self) -> bool:
        return self.level_best == self.level_worst

    @property
    def level(self) -> str | None:
        return self.level_best if self.determined else None

    @property
    def pending(self) -> bool:
        return self.gates.outcome == "pending"

    @property
    def excluded(self) -> bool:
        return self.gates.outcome == "excluded"

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.criterion for c in self.criteria if not c.known)


def assess(
    compass: Compass, regions: Sequence[RegionInput], track_id: str, explanations: bool = True
) -> list[Advice]:
    """Advice for each region on one track. No region's result depends on any other region.

    `explanations=False` leaves out the smallest changes and strong/weak points (most of the
    work), for tables that show only levels and scores.
    """
    track = compass.track(track_id)
    weights = track_weights(compass, track)
    cuts = thresholds(compass, track)
    low, high, known = bounds_matrix(compass, regions)
    return [
        _advise(compass, track, region, low[i], high[i], known[i], weights, cuts, explanations)
        for i, region in enumerate(regions)
    ]


def _advise(
    compass: Compass,
    track: Track,
    region: RegionInput,
    low: np.ndarray,
    high: np.ndarray,
    known: np.ndarray,
    w: Weights,
    cuts: np.ndarray,
    explanations: bool = True,
) -> Advice:
    gates = check_gates(compass, region)
    score_low, score_high = float(low @ w.effective), float(high @ w.effective)
    worst, best = (int(x) for x in classify(np.array([score_low, score_high]), cuts))
    levels = compass.levels
    criteria = tuple(
        CriterionScore(
            c.id, c.aspect, float(w.effective[j]), float(low[j]), float(high[j]), bool(known[j])
        )
        for j, c in enumerate(compass.criteria)
    )
    aspects = tuple(
        (
            a.id,
            float(low[w.aspect_of == i] @ w.effective[w.aspect_of == i]),
            float(high[w.aspect_of == i] @ w.effective[w.aspect_of == i]),
        )
        for i, a in enumerate(compass.aspects)
    )
    if gates.outcome == "excluded":
        none = compass.no_level.id
        strongest, weakest = strong_and_weak(compass, low, known, w.effective)
        return Advice(
            region.code,
            track.id,
            gates,
            score_low,
            score_high,
            none,
            none,
            criteria,
            aspects,
            (),
            (),
            Explanation(strongest, weakest, ()),
        )
    could, decisive = _open_criteria(low, high, known, w.effective, cuts, worst, best)
    ids = [c.id for c in compass.criteria]
    return Advice(
        region.code,
        track.id,
        gates,
        score_low,
        score_high,
        levels[best].id,
        levels[worst].id,
        criteria,
        aspects,
        tuple(ids[j] for j in could),
        tuple(ids[j] for j in decisive),
        explain(compass, region, low, high, known, w, cuts) if explanations else NO_EXPLANATION,
    )


def _open_criteria(
    low: np.ndarray,
    high: np.ndarray,
    known: np.ndarray,
    weights: np.ndarray,
    cuts: np.ndarray,
    worst: int,
    best: int,
) -> tuple[list[int], list[int]]:
    """Unknown criteria that could still change the level, and those that alone would narrow it.

    While the level is open, every unknown weighted criterion can still change it (for some
    completion of the others). It is *decisive* when settling it alone, at either end of its
    range, already moves the worst or the best case to another level.
    """
    if worst == best:
        return [], []
    width = weights * (high - low)
    score_low, score_high = low @ weights, high @ weights
    could = [j for j in range(len(width)) if not known[j] and width[j] > 0]
    decisive = [
        j
        for j in could
        if classify(score_high - width[j], cuts)[0] != best
        or classify(score_low + width[j], cuts)[0] != worst
    ]
    return could, decisive


def explain(
    compass: Compass,
    region: RegionInput,
    low: np.ndarray,
    high: np.ndarray,
    known: np.ndarray,
    w: Weights,
    cuts: np.ndarray,
) -> Explanation:
    categories = current_categories(compass, region)
    strongest, weakest = strong_and_weak(compass, low, known, w.effective)
    changes = [
        judgement_change(compass, low, categories, w.effective, cuts, "up"),
        weight_change(compass, low, w, cuts, "up"),
        judgement_change(compass, high, categories, w.effective, cuts, "down"),
        weight_change(compass, high, w, cuts, "down"),
    ]
    return Explanation(strongest, weakest, tuple(c for c in changes if c is not None))


def agreement(compass: Compass, advice: Advice, decided: str) -> Agreement:
    """How a recorded decision relates to the advice: agrees, differs, or open (within range)."""
    order = [level.id for level in compass.levels]
    position = order.index(decided)
    if advice.determined:
        return "agrees" if advice.level == decided else "differs"
    if order.index(advice.level_best) <= position <= order.index(advice.level_worst):
        return "open"
    return "differs"


def current_categories(compass: Compass, region: RegionInput) -> list[str | None]:
    """Per criterion, the category a judgement change starts from; None where there is none.

    A range starts from nothing (as a missing judgement does), a panel from the category
    nearest its combined value (from nothing when an analyst on it gave a range).
    """
    result: list[str | None] = []
    for criterion in compass.criteria:
        if criterion.scale is None or criterion.id in region.judgement_ranges:
            result.append(None)
        elif region.panels.get(criterion.id):
            low, high = combined(
                criterion.scale, region.panels[criterion.id], compass.aggregation.judgements
            )
            result.append(nearest_category(criterion.scale, low) if low == high else None)
        else:
            result.append(region.judgements.get(criterion.id))
    return result


def analyst_advice(compass: Compass, region: RegionInput, track_id: str) -> dict[str, Advice]:
    """Each panel analyst's own advice on one track (see `engine.panel.own_input`)."""
    people = analysts(region)
    found = assess(compass, [own_input(region, a) for a in people], track_id, explanations=False)
    return dict(zip(people, found, strict=True))

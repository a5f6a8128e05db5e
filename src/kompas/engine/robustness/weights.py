"""How uncertain the weights are (`WeightModel`), and drawing weights from that model.

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

A block of samples draws its weights from the block's weight stream (`streams.WEIGHTS`), sample
by sample: `WeightSampler.one`, called once per sample, draws exactly what `WeightSampler.block`
draws for the whole block at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from kompas.engine.compass import Compass, Track
from kompas.engine.robustness.streams import BLOCK, PILOT, WEIGHTS, generator
from kompas.engine.scoring import track_weights

WeightKind = Literal["dirichlet", "ordering", "intervals"]
OrderLevel = Literal["aspects", "criteria"]

DEFAULT_CONCENTRATION = 100.0
MIN_ACCEPTANCE = 1e-3  # intervals: the least share of uniform samples that must fit the box
PILOT_SAMPLES = 100_000  # intervals: uniform samples drawn to estimate that share
MIN_ALPHA = 0.1  # dirichlet: the least κ·w_j (smaller ones underflow to all-zero samples)


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


class WeightSampler:
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
    draws = generator(0, PILOT, 0).standard_exponential((PILOT_SAMPLES, low.size))
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
    sampler = WeightSampler(compass, compass.track(track_id), model)
    out = np.empty((samples, sampler.m))
    for block in range(math.ceil(samples / BLOCK)):
        rows = slice(block * BLOCK, min((block + 1) * BLOCK, samples))
        sampler.block(generator(seed, WEIGHTS, block), out[rows])
    return out

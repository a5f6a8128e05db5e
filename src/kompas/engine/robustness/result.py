"""The result of the analysis of one track (`Robustness`), and its Monte Carlo error."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kompas.engine.robustness.weights import WeightModel


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

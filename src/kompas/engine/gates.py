"""Gates before scores: the preconditions decide before any score counts.

A failed precondition excludes the region (level "–") whatever its score, citing the rule and the
evidence; an unknown one leaves the advice pending; only when all pass is the advice final.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np

from kompas.engine.compass import Compass
from kompas.engine.model import Gate, RegionInput

Outcome = Literal["passed", "excluded", "pending"]
OUTCOMES: tuple[Outcome, ...] = ("passed", "pending", "excluded")  # the codes of `gate_results`
UNKNOWN = Gate("unknown")  # what an unrecorded precondition counts as


class GateCheck(NamedTuple):
    precondition: str
    gate: Gate


class GateResult(NamedTuple):
    outcome: Outcome
    checks: tuple[GateCheck, ...]

    @property
    def failed(self) -> tuple[GateCheck, ...]:
        return tuple(c for c in self.checks if c.gate.status == "fail")

    @property
    def unknown(self) -> tuple[GateCheck, ...]:
        return tuple(c for c in self.checks if c.gate.status == "unknown")


def check_gates(compass: Compass, region: RegionInput) -> GateResult:
    return gate_results(compass, [region])[0][0]


def gate_results(
    compass: Compass, regions: Sequence[RegionInput]
) -> tuple[list[GateResult], np.ndarray]:
    """The gate result of every region, and its outcome as a code per region: the position in
    `OUTCOMES` (0 passed, 1 pending, 2 excluded)."""
    ids = [p.id for p in compass.preconditions]
    results = []
    codes = np.zeros(len(regions), np.intp)
    for i, region in enumerate(regions):
        gates = region.gates
        found = [gates.get(p, UNKNOWN) for p in ids]
        statuses = {gate.status for gate in found}
        code = 2 if "fail" in statuses else 1 if "unknown" in statuses else 0
        codes[i] = code
        checks = tuple(map(GateCheck, ids, found))
        results.append(GateResult(OUTCOMES[code], checks))
    return results, codes

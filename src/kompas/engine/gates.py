"""Gates before scores: the preconditions decide before any score counts.

A failed precondition excludes the region (level "–") whatever its score, citing the rule and the
evidence; an unknown one leaves the advice pending; only when all pass is the advice final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kompas.engine.compass import Compass
from kompas.engine.model import Gate, RegionInput

Outcome = Literal["passed", "excluded", "pending"]


@dataclass(frozen=True)
class GateCheck:
    precondition: str
    gate: Gate


@dataclass(frozen=True)
class GateResult:
    outcome: Outcome
    checks: tuple[GateCheck, ...]

    @property
    def failed(self) -> tuple[GateCheck, ...]:
        return tuple(c for c in self.checks if c.gate.status == "fail")

    @property
    def unknown(self) -> tuple[GateCheck, ...]:
        return tuple(c for c in self.checks if c.gate.status == "unknown")


def check_gates(compass: Compass, region: RegionInput) -> GateResult:
    checks = tuple(
        GateCheck(p.id, region.gates.get(p.id, Gate("unknown"))) for p in compass.preconditions
    )
    statuses = {c.gate.status for c in checks}
    if "fail" in statuses:
        outcome: Outcome = "excluded"
    elif "unknown" in statuses:
        outcome = "pending"
    else:
        outcome = "passed"
    return GateResult(outcome, checks)

"""Which decision round is weighed: one rule for every page and command.

The latest adopted round (by the end of its period, then the most recently created) unless the
user or `--round` picks another. A draft is never the silent default: with no adopted round,
nothing is weighed until someone picks one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar


class Dated(Protocol):
    @property
    def period_end(self) -> int | None: ...

    @property
    def adopted(self) -> bool: ...


R = TypeVar("R", bound=Dated)


def latest_first(rounds: Iterable[R], tiebreak: Callable[[R], Any]) -> list[R]:
    """By period end (latest first; rounds without one last), then by `tiebreak`, descending
    (the database's rounds: the most recently created; a data folder's: the id)."""
    ordered = sorted(rounds, key=tiebreak, reverse=True)
    return sorted(ordered, key=lambda r: (r.period_end is None, -(r.period_end or 0)))


def default_round(rounds: Sequence[R]) -> R | None:
    """The first adopted round of `rounds` (given latest first), or None."""
    return next((r for r in rounds if r.adopted), None)

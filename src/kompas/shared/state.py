"""What is known now, and what a page or a command weighs.

`current_state()` is the current compass version and everything in the database, read once per
data version and process (see `kompas.shared.version`). `weighing()` applies the one rule for
the round (see `kompas.shared.rounds`) and gives the compass and the data that round is weighed
with: a frozen round's snapshot, or an open round's own compass version beside the current data.
`focus_rows()` and `region_row()` are the advice beside the decisions, cached the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from kompas.compasses.models import CompassVersion
from kompas.dataset import Dataset
from kompas.dataset.model import Citation, Round
from kompas.engine import Compass
from kompas.regions.models import Region
from kompas.rounds.models import Decision, DecisionRound
from kompas.rounds.snapshot import round_state
from kompas.shared.database import load_dataset
from kompas.shared.focus import FocusRow, focus_table
from kompas.shared.rounds import default_round, latest_first
from kompas.shared.version import peek, remember


@dataclass(frozen=True)
class State:
    """The current compass version and everything known, as plain records."""

    version: CompassVersion
    compass: Compass
    dataset: Dataset
    rounds: tuple[DecisionRound, ...]  # latest first (see kompas.shared.rounds)
    candidates: frozenset[str]  # regions added as candidates

    def round(self, key: str) -> DecisionRound | None:
        return next((r for r in self.rounds if r.key == key), None)


def current_state() -> State:
    return remember("state", _load_state)


def current_compass() -> Compass:
    """The current compass version's compass, without loading the data when it is not loaded."""
    whole: State | None = peek("state")
    if whole is not None:
        return whole.compass
    return remember("compass", lambda: CompassVersion.current().compass)


def _load_state(about: Collection[str] | None = None) -> State:
    """The state; with `about`, only what those regions need (see `load_dataset`)."""
    version = CompassVersion.current()
    stored = DecisionRound.objects.select_related("compass_version", "source", "frozen_by")
    candidates = Region.objects.filter(is_candidate=True).values_list("code", flat=True)
    return State(
        version,
        version.compass,
        load_dataset(about),
        tuple(latest_first(stored, lambda r: r.pk)),
        frozenset(candidates),
    )


class RoundNotFoundError(LookupError):
    def __init__(self, key: str, known: list[str]) -> None:
        super().__init__(key)
        self.key, self.known = key, known


@dataclass(frozen=True)
class Weighing:
    """What is weighed: a round (or none), the compass and the data it is weighed with."""

    state: State
    stored: DecisionRound | None
    compass: Compass
    dataset: Dataset
    round: Round
    reasoning: Mapping[tuple[str, str], str] = field(default_factory=dict)
    frozen: bool = False
    live: bool = False
    about: str = ""  # the region whose records alone were loaded ("": everything)

    @property
    def key(self) -> tuple[str, bool, str]:
        return (self.round.id, self.live, self.about)

    @property
    def tracks(self) -> list[str]:
        return [t.id for t in self.compass.tracks]


def chosen_round(state: State, key: str | None) -> DecisionRound | None:
    """The round named `key`, else the latest adopted one (None when there is none)."""
    if not key:
        return default_round(state.rounds)
    found = state.round(key)
    if found is None:
        raise RoundNotFoundError(key, [r.key for r in state.rounds])
    return found


def weighing(round_key: str | None = None, live: bool = False) -> Weighing:
    """What a page or command weighs (see the module's docstring).

    `live` (the region profile, where analysts judge): the current data, even for a frozen
    round, with the round's compass version while it is open and the current one once frozen.
    """
    state = current_state()
    stored = chosen_round(state, round_key)
    key = ("weighing", stored.key if stored else "", live)
    return remember(key, lambda: _weigh(state, stored, live))


def region_weighing(code: str, with_round_up_to: int = 0) -> Weighing:
    """What the profile of one region weighs: `weighing(live=True)`, for the default round.

    When this process does not hold the current state yet (the first request after a change),
    it loads only what this region needs, plus the regions of the round when the round decides
    at most `with_round_up_to` regions (the profile's robustness section weighs them together).
    """
    if peek("state") is not None:
        return weighing(live=True)
    return remember(("region weighing", code), lambda: _region_weighing(code, with_round_up_to))


def _region_weighing(code: str, with_round_up_to: int) -> Weighing:
    rounds = DecisionRound.objects.select_related("compass_version", "source", "frozen_by")
    stored = default_round(latest_first(rounds, lambda r: r.pk))
    decided = Decision.objects.filter(round=stored).values_list("region__code", flat=True)
    codes = set(decided.distinct()) if stored is not None else set()
    about = {code} | (codes if len(codes) <= with_round_up_to else set())
    return _weigh(_load_state(about), stored, live=True, about=code)


def _weigh(state: State, stored: DecisionRound | None, live: bool, about: str = "") -> Weighing:
    if stored is None:
        empty = Round("", "", "", state.compass.id, Citation(""))
        return Weighing(state, None, state.compass, state.dataset, empty, live=live, about=about)
    weighed = round_state(stored, state.dataset)
    compass, dataset, frozen = weighed.compass, weighed.dataset, weighed.frozen
    if live and frozen:  # the frozen round's decisions beside today's data and compass
        compass, dataset, frozen = state.compass, state.dataset, False
    return Weighing(
        state, stored, compass, dataset, weighed.round, weighed.reasoning, frozen, live, about
    )


def focus_rows(weighed: Weighing) -> list[FocusRow]:
    """Every region of the round, decided or not, both tracks, levels and scores only."""

    def build() -> list[FocusRow]:
        return focus_table(
            weighed.compass,
            weighed.dataset,
            weighed.round,
            weighed.tracks,
            include_undecided=True,
            explanations=False,
        )

    return remember(("rows", weighed.key), build)


def region_row(weighed: Weighing, code: str) -> FocusRow:
    """One region with everything that explains its advice."""

    def build() -> FocusRow:
        rows = focus_table(
            weighed.compass, weighed.dataset, weighed.round, weighed.tracks, codes=[code]
        )
        return rows[0]

    return remember(("row", weighed.key, code), build)


def region_or_404(code: str) -> Region:
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist:
        raise Http404(_("No region with code %(code)s.") % {"code": code}) from None

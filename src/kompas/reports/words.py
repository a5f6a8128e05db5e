"""Words the command line's reports share, from the translation catalogue (`locale/`).

Each function answers in the active language (`django.utils.translation.override`); the ids it
takes are the engine's and the data's, which the machine outputs (JSON, CSV) keep.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext


def outcome(gates_outcome: str) -> str:
    """The outcome of a region's preconditions: passed, pending or excluded."""
    words = {
        "passed": _("met"),
        "pending": pgettext("preconditions", "open"),
        "excluded": _("excluded"),
    }
    return words[gates_outcome]


def gate_status(status: str) -> str:
    """One precondition's status: pass, fail or unknown."""
    words = {"pass": _("met"), "fail": _("not met"), "unknown": _("unknown")}
    return words[status]


def agreement(kind: str | None) -> str:
    """How a decision stands to the advice (None: the decision lies within the advice's range)."""
    words = {
        "agrees": _("agrees with the advice"),
        "differs": _("differs from the advice"),
        "open": _("within the advice's range"),
    }
    return words[kind or "open"]


def method(aggregation: str) -> str:
    """How several analysts' judgements combine: the median or the mean."""
    words = {"median": _("median"), "mean": _("mean")}
    return words[aggregation]


def direction(name: str) -> str:
    """Which way a change moves the level: up or down."""
    words = {"up": pgettext("level", "up"), "down": pgettext("level", "down")}
    return words[name]


def steps(count: int) -> str:
    """A number of scale steps: 1 stap, 3 stappen."""
    return ngettext("%(counter)s step", "%(counter)s steps", count) % {"counter": count}


def avoid() -> str:
    """The mark of a theme the documents say to avoid ("niet: chemie")."""
    return pgettext("theme", "avoid")


def none() -> str:
    """An empty list of criteria."""
    return _("none")


def compass_status(status: str) -> str:
    """A compass's status: provisional or final."""
    words = {"provisional": _("provisional"), "final": _("final")}
    return words.get(status, status)

"""How numbers, shares, dates, names and levels are shown, in the active language.

Pages and the command line both show through here: the command line activates its `--lang`
with Django's `translation.override`, so the same functions serve both.
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from django.utils.formats import date_format, get_format, number_format
from django.utils.translation import get_language, gettext_lazy

from kompas.engine import Advice, Compass

STATUS_LABELS = {  # of a precondition (gate)
    "pass": gettext_lazy("Met"),
    "fail": gettext_lazy("Not met"),
    "unknown": gettext_lazy("Unknown"),
}


ROUND_STATUS_LABELS = {
    "draft": gettext_lazy("draft"),
    "adopted": gettext_lazy("adopted"),
}


class Bilingual(Protocol):
    name_nl: str
    name_en: str


def lang() -> str:
    """The active language as 'nl' or 'en' (for the data's bilingual fields)."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def number(value: float, digits: int = 2) -> str:
    """0.25 → '0,25' in Dutch, '0.25' in English; 1234.5 → '1.234,50' / '1,234.50'."""
    return number_format(round(value, digits), digits, force_grouping=True)


def percent(share: float, digits: int = 1, trim: bool = False) -> str:
    """0.873 → '87,3 %' in Dutch, '87.3 %' in English; `trim` drops trailing zeros (25 %)."""
    text = number(share * 100, digits)
    if trim and digits:
        text = text.rstrip("0").rstrip(get_format("DECIMAL_SEPARATOR"))
    return f"{text} %"


def interval(low: float, high: float, digits: int = 2) -> str:
    """One number when the ends are equal, else 'low–high'."""
    if abs(high - low) < 5e-7:
        return number(low, digits)
    return f"{number(low, digits)}–{number(high, digits)}"


def day(value: datetime.date | datetime.datetime | None) -> str:
    """A date as the active language writes it ('4 december 2026'); '–' when unknown."""
    if value is None:
        return "–"
    if isinstance(value, datetime.datetime):
        value = value.date()
    return date_format(value, "DATE_FORMAT")


def name(item: Bilingual | Any) -> str:
    """The name of anything with name_nl and name_en, in the active language."""
    return str(item.name_en if lang() == "en" else item.name_nl)


def level_label(compass: Compass, level_id: str | None) -> str:
    return compass.level(level_id).name(lang()) if level_id else ""


def level_labels(compass: Compass) -> dict[str, str]:
    """Every level's name in the active language, by id (for long tables: one look-up each)."""
    language = lang()
    return {level.id: level.name(language) for level in compass.levels}


def advice_label(compass: Compass, advice: Advice, labels: dict[str, str] | None = None) -> str:
    """'Inzet', or 'worst…best' while missing judgements leave the level open (`labels`, from
    `level_labels`, saves the look-ups in a long table)."""
    names = labels if labels is not None else level_labels(compass)
    if advice.determined:
        return names[advice.level_best]
    return f"{names[advice.level_worst]}…{names[advice.level_best]}"

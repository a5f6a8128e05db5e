"""Numbers in the command line's output: Dutch (1.234,56) or English (1,234.56) notation."""

from __future__ import annotations


def number(value: float, lang: str = "nl", digits: int = 2) -> str:
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(share: float, lang: str = "nl") -> str:
    """A share as a percentage with up to two decimals (6,25 %, 12,5 %, 25 %)."""
    text = number(100 * share, lang, 2)
    decimal = "," if lang != "en" else "."
    if decimal in text:
        text = text.rstrip("0").rstrip(decimal)
    return f"{text} %"


def interval(low: float, high: float, lang: str = "nl") -> str:
    if abs(high - low) < 5e-7:
        return number(low, lang)
    return f"{number(low, lang)}–{number(high, lang)}"

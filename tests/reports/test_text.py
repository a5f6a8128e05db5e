"""The command line's words: every message in Dutch and English, with the same placeholders."""

from __future__ import annotations

from string import Formatter

import pytest

from kompas.reports.text import MESSAGES, steps, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_a_dutch_and_an_english_text_with_the_same_placeholders(
    key: str,
) -> None:
    dutch, english = MESSAGES[key]
    assert dutch.strip()
    assert english.strip()
    assert placeholders(dutch) == placeholders(english)


def test_it_counts_scale_steps_in_the_singular_and_the_plural() -> None:
    assert [steps(n) for n in (0, 1, 3)] == ["0 stappen", "1 stap", "3 stappen"]
    assert [steps(n, "en") for n in (0, 1, 3)] == ["0 steps", "1 step", "3 steps"]


def test_it_speaks_dutch_unless_asked_for_english() -> None:
    assert t("to_discuss") == "⚑ te bespreken"
    assert t("to_discuss", "en") == "⚑ to discuss"

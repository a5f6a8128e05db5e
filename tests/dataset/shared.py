"""Where the tests find the shared reference data and the seed documents, and the loaded data.

The shared folder sits next to the repository (``../shared``). ``KOMPAS_SHARED_DATA`` points to
another data folder, ``KOMPAS_SHARED_SEEDS`` to another seed folder. A test that needs an absent
folder is skipped with the reason.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest

from kompas.dataset import Dataset, load_dataset
from tests.factories import embedded_compass

SHARED = Path(__file__).resolve().parents[3] / "shared"
SHARED_DATA = Path(os.environ.get("KOMPAS_SHARED_DATA", SHARED / "data"))
SEEDS = Path(os.environ.get("KOMPAS_SHARED_SEEDS", SHARED / "seeds"))

# The seed document that each document source of the default data was taken from.
SEED_OF_SOURCE = {
    "aanpak-2024": "000_8dc3de28740240c8.txt",
    "duitsland": "002_a5429bfaec80437d.txt",
}
FIGURE_1_SEED = SEED_OF_SOURCE["aanpak-2024"]


@cache
def default_dataset() -> Dataset:
    return load_dataset(embedded_compass())


def shared_file(relative: str) -> Path:
    """A file of the shared data folder; skips the test when it is absent."""
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"{path} is absent (set KOMPAS_SHARED_DATA to the shared data folder)")
    return path


def seed_file(name: str) -> Path:
    """A seed document; skips the test when it is absent."""
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (set KOMPAS_SHARED_SEEDS to the seed folder)")
    return path


def squeeze(text: str) -> str:
    """Whitespace normalised: every run of whitespace (also no-break spaces) is one space."""
    return " ".join(text.split())


FOOTNOTE_MARK = re.compile(r"<sup>\d+</sup>")


def seed_text(source: str) -> str:
    """The seed of a source as running text: whitespace normalised, footnote marks removed.

    The seeds render footnote references as ``<sup>7</sup>`` inside sentences; a quote leaves
    them out ("de vergrote nationale en Europese aandacht"), so they are not part of the text.
    """
    raw = seed_file(SEED_OF_SOURCE[source]).read_text(encoding="utf-8")
    return squeeze(FOOTNOTE_MARK.sub("", raw))

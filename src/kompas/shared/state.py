"""What pages read: the current compass version and the dataset, loaded from the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from kompas.compasses.models import CompassVersion
from kompas.dataset import Dataset
from kompas.engine import Compass
from kompas.shared.database import load_dataset


@dataclass(frozen=True)
class State:
    version: CompassVersion
    compass: Compass
    dataset: Dataset


def current_state() -> State:
    version = CompassVersion.current()
    return State(version, version.compass, load_dataset())


def lang() -> str:
    """The active interface language as 'nl' or 'en' (for bilingual data fields)."""
    return "en" if (get_language() or "nl").startswith("en") else "nl"

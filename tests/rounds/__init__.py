"""Shared helpers of the decision-round tests: English pages, changed data, new versions."""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from kompas.assessments.models import Judgement
from kompas.compasses.models import CompassVersion
from kompas.regions.models import Region
from kompas.rounds.models import DecisionRound
from kompas.rounds.snapshot import freeze

ClientAs = Callable[[str | None], Client]
DEFAULT_ROUND = "2023-2027"


def english(client: Client) -> Client:
    """The client, reading the pages in English (the source language of the interface)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def judge_all(code: str, strength: str = "very_strong", risk: str = "low") -> None:
    """Set every judgement criterion of the region to the given category (a stronger region)."""
    compass = CompassVersion.current().compass
    region = Region.objects.get(code=code)
    for criterion in compass.criteria:
        if criterion.scale is None:
            continue
        category = strength if criterion.scale.id == "strength" else risk
        Judgement.objects.update_or_create(
            region=region,
            criterion=criterion.id,
            defaults={"category": category, "rationale": "test", "author_name": "test"},
        )


def new_version(change: Callable[[dict[str, Any]], None], note: str = "test") -> CompassVersion:
    """A successor of the current compass version with `change` applied to its config."""
    current = CompassVersion.current()
    config = deepcopy(current.config)
    change(config)
    return current.successor(config, note, None)


def stricter(config: dict[str, Any]) -> None:
    """Higher thresholds on every track."""
    for track in config["tracks"]:
        track["thresholds"] = {"inzet": 0.8, "reactieve_inzet": 0.6, "faciliterend": 0.4}


def frozen_default_round() -> DecisionRound:
    stored = DecisionRound.objects.get(key=DEFAULT_ROUND)
    return freeze(stored, User.objects.get(username="coordinator"))

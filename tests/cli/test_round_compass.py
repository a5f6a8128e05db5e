"""The command line weighs a round with the round's own compass version, like its web page."""

import json

from kompas.compasses.models import CompassVersion
from kompas.rounds.models import DecisionRound
from tests.cli.support import fails, ok


def _lowered_thresholds() -> CompassVersion:
    first = CompassVersion.current()
    config = json.loads(json.dumps(first.config))
    for track in config["tracks"]:
        track["thresholds"] = {"inzet": 0.01, "reactieve_inzet": 0.005, "faciliterend": 0.001}
    return first.successor(config, "lower thresholds", None)


def _worst_levels(output: str) -> list[str]:
    return [
        r["tracks"]["innovation"]["advice"]["level_worst"] for r in json.loads(output)["regions"]
    ]


def test_an_open_round_is_weighed_with_its_own_compass_version_not_the_newest() -> None:
    before = ok("assess", "--format", "json")
    newest = _lowered_thresholds()
    assert CompassVersion.current() == newest
    assert ok("assess", "--format", "json") == before


def test_a_round_on_the_newer_version_is_weighed_with_that_version() -> None:
    newest = _lowered_thresholds()
    old = DecisionRound.objects.get(key="2023-2027")
    DecisionRound.objects.create(
        key="2028-2031",
        name_nl="Ronde 2028",
        name_en="Round 2028",
        period_start=2028,
        period_end=2031,
        compass_version=newest,
    )
    assert set(_worst_levels(ok("assess", "--format", "json", "--round", old.key))) != {"inzet"}
    output = ok("assess", "--format", "json", "--round", "2028-2031", "--all-regions")
    assert set(_worst_levels(output)) == {"inzet"}


def test_a_draft_round_is_weighed_only_when_named() -> None:
    newest = _lowered_thresholds()
    DecisionRound.objects.create(
        key="2028-2031",
        name_nl="Ronde 2028",
        name_en="Round 2028",
        period_start=2028,
        period_end=2031,
        compass_version=newest,
    )  # a draft: later, but not adopted
    assert json.loads(ok("assess", "--format", "json"))["round"]["id"] == "2023-2027"
    named = ok("assess", "--format", "json", "--round", "2028-2031", "--all-regions")
    assert json.loads(named)["round"]["id"] == "2028-2031"


def test_without_an_adopted_round_the_command_asks_for_one() -> None:
    DecisionRound.objects.update(status="draft")
    message = fails("assess", "--lang", "en")
    assert "no adopted decision round; name one with --round (rounds: 2023-2027)" in message

"""The command line weighs a round with the round's own compass version, like its web page."""

import json

from kompas.compasses.models import CompassVersion
from kompas.rounds.models import DecisionRound
from tests.cli.support import ok


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

"""`kompas assess --compass FILE` (and `explain --compass`): another compass, or a clear refusal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.support import compass_text, edited, fails, ok, tables, write
from tests.factories import embedded_compass

LOW = "thresholds = { inzet = 0.05, reactieve_inzet = 0.04, faciliterend = 0.03 }"


def low_thresholds(tmp_path: Path) -> Path:
    tracks = len(embedded_compass().tracks)
    text = edited(compass_text(), r"thresholds = \{[^}]*\}", LOW, count=tracks)
    return write(tmp_path / "low.toml", text)


def worst_cases(*args: str | Path) -> dict[tuple[str, str], tuple[str, bool]]:
    payload: dict[str, Any] = json.loads(ok("assess", "--format", "json", *args))
    return {
        (region["code"], track_id): (track["advice"]["level_worst"], track["advice"]["excluded"])
        for region in payload["regions"]
        for track_id, track in region["tracks"].items()
    }


def test_it_weighs_with_the_given_compass_file(tmp_path: Path) -> None:
    default = worst_cases()
    lowered = worst_cases("--compass", low_thresholds(tmp_path))
    assert lowered.keys() == default.keys()
    assert lowered != default
    order = [level.id for level in embedded_compass().levels]
    for key, (worst, excluded) in lowered.items():
        if excluded:
            assert worst == "none", key
        else:
            assert order.index(worst) <= order.index("faciliterend"), key


def test_it_leaves_the_default_compass_alone_after_a_compass_file(tmp_path: Path) -> None:
    before = ok("assess")
    ok("assess", "--compass", low_thresholds(tmp_path))
    assert ok("assess") == before


def test_it_explains_with_the_given_compass_file(tmp_path: Path) -> None:
    out = json.loads(
        ok("explain", "DE2", "--format", "json", "--compass", low_thresholds(tmp_path))
    )
    default = json.loads(ok("explain", "DE2", "--format", "json"))
    assert [item["advice"]["level_worst"] for item in out] != [
        item["advice"]["level_worst"] for item in default
    ]


def test_it_refuses_an_invalid_compass_file_naming_file_key_and_problem(tmp_path: Path) -> None:
    text = edited(compass_text(), r'(id = "innovation_level"[^\[]*?\nweight = )1\n', r"\g<1>-1\n")
    broken = write(tmp_path / "broken.toml", text)
    for command in (["assess"], ["explain", "DE2"]):
        message = fails(*command, "--compass", broken)
        assert message.startswith("Error: broken.toml: criteria[innovation_level].weight: ")
        assert "must be a number between 0.0 and 1000.0, got -1" in message
        assert message.count("\n") == 1


def test_it_refuses_an_unknown_key_in_a_compass_file(tmp_path: Path) -> None:
    text = edited(compass_text(), r"\[compass\]\n", '[compass]\ncolour = "blue"\n')
    message = fails("assess", "--compass", write(tmp_path / "colour.toml", text))
    assert message == "Error: colour.toml: compass.colour: unknown key\n"


def test_it_refuses_a_compass_file_that_is_not_toml(tmp_path: Path) -> None:
    message = fails("assess", "--compass", write(tmp_path / "prose.toml", "weights = [1, 2\n"))
    assert message.startswith("Error: prose.toml: -: not valid TOML")


def test_it_refuses_a_missing_compass_file(tmp_path: Path) -> None:
    message = fails("assess", "--compass", tmp_path / "nowhere.toml")
    assert "nowhere.toml" in message
    assert "file not found" in message


def one_track(tmp_path: Path) -> Path:
    text = edited(compass_text(), r'\[\[tracks\]\]\nid = "trade_invest".*?(?=\n\[)', "")
    return write(tmp_path / "innovation.toml", text)


def test_it_weighs_only_the_tracks_a_compass_file_defines(tmp_path: Path) -> None:
    europe, _ = tables(ok("assess", "--compass", one_track(tmp_path)))
    assert "Innovatie: besluit" in europe.header
    assert "Trade en/of invest: besluit" not in europe.header


def test_it_refuses_a_track_the_compass_file_does_not_define(tmp_path: Path) -> None:
    compass = one_track(tmp_path)
    for command in (["assess"], ["explain", "DE2"]):
        message = fails(*command, "--compass", compass, "--track", "trade_invest")
        assert "heeft geen spoor trade_invest; zijn sporen: innovation" in message
        english = fails(*command, "--compass", compass, "--track", "trade_invest", "--lang", "en")
        assert "has no track trade_invest; its tracks: innovation" in english

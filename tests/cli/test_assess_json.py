"""`kompas assess --format json`: a stable layout for machines, with machine ids."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.support import ROUND_CODES, ok
from tests.factories import embedded_compass

TOP_KEYS = {"schema", "compass", "round", "regions"}
COMPASS_KEYS = {"id", "version", "status"}
ROUND_KEYS = {"id", "name_nl", "name_en", "footnotes"}
FOOTNOTE_KEYS = {"number", "text"}
REGION_KEYS = {
    "code",
    "name_nl",
    "name_en",
    "label",
    "table_section",
    "themes",
    "gates",
    "tracks",
}
THEME_KEYS = {"theme", "wording", "avoid", "inherited_from", "source", "section"}
GATES_KEYS = {"outcome", "checks"}
CHECK_KEYS = {"precondition", "status", "evidence", "source", "section"}
TRACK_KEYS = {"decided", "footnotes", "agreement", "advice"}
ADVICE_KEYS = {
    "level",
    "level_best",
    "level_worst",
    "score_low",
    "score_high",
    "pending",
    "excluded",
    "missing",
    "could_change_level",
    "decisive",
}


def assessed(*args: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(ok("assess", "--format", "json", *args))
    return payload


def by_code(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {region["code"]: region for region in payload["regions"]}


def test_it_prints_json_with_the_assess_schema() -> None:
    payload = assessed()
    assert payload["schema"] == "kompas.assess/1"
    assert payload["round"]["id"] == "2023-2027"
    assert payload["compass"]["status"] == embedded_compass().status


def test_it_keeps_the_layout_of_the_document_and_its_round() -> None:
    payload = assessed()
    assert set(payload) == TOP_KEYS
    assert set(payload["compass"]) == COMPASS_KEYS
    assert set(payload["round"]) == ROUND_KEYS
    assert [f["number"] for f in payload["round"]["footnotes"]] == [10, 11, 12, 13]
    for footnote in payload["round"]["footnotes"]:
        assert set(footnote) == FOOTNOTE_KEYS


def test_it_keeps_the_layout_of_every_region_and_track() -> None:
    for region in assessed("--all-regions")["regions"]:
        assert set(region) == REGION_KEYS, region["code"]
        assert set(region["gates"]) == GATES_KEYS
        assert [set(check) for check in region["gates"]["checks"]] == [CHECK_KEYS] * 3
        for theme in region["themes"]:
            assert set(theme) == THEME_KEYS
        assert list(region["tracks"]) == ["innovation", "trade_invest"]
        for track in region["tracks"].values():
            assert set(track) == TRACK_KEYS
            assert set(track["advice"]) == ADVICE_KEYS


def test_it_lists_the_regions_of_the_round_in_order() -> None:
    assert [region["code"] for region in assessed()["regions"]] == ROUND_CODES


def test_it_uses_machine_ids_for_levels() -> None:
    regions = by_code(assessed())
    assert regions["DE"]["tracks"]["innovation"]["decided"] == "inzet"
    assert regions["AT"]["tracks"]["innovation"]["decided"] == "reactieve_inzet"
    assert regions["AT"]["tracks"]["trade_invest"]["decided"] == "none"
    assert regions["MY"]["tracks"]["innovation"]["decided"] == "none"
    levels = {level.id for level in embedded_compass().levels}
    for region in regions.values():
        for track in region["tracks"].values():
            advice = track["advice"]
            assert track["decided"] in levels
            assert {advice["level_best"], advice["level_worst"]} <= levels
            assert advice["level"] in {*levels, None}


def test_it_gives_the_footnotes_of_each_decision_by_number() -> None:
    regions = by_code(assessed())
    assert regions["MY"]["tracks"]["trade_invest"]["footnotes"] == [11, 12]
    assert regions["DE"]["tracks"]["trade_invest"]["footnotes"] == [10]
    assert regions["DE"]["tracks"]["innovation"]["footnotes"] == []


def test_it_gives_every_region_a_score_interval_in_order() -> None:
    for region in assessed("--all-regions")["regions"]:
        for track in region["tracks"].values():
            advice = track["advice"]
            assert 0.0 <= advice["score_low"] <= advice["score_high"] <= 1.0, region["code"]


def test_it_gives_every_region_a_known_gate_outcome() -> None:
    for region in assessed("--all-regions")["regions"]:
        assert region["gates"]["outcome"] in {"passed", "pending", "excluded"}
        for check in region["gates"]["checks"]:
            assert check["status"] in {"pass", "fail", "unknown"}


def test_it_sets_level_only_when_best_and_worst_case_agree() -> None:
    for region in assessed("--all-regions")["regions"]:
        for track in region["tracks"].values():
            advice = track["advice"]
            determined = advice["level_best"] == advice["level_worst"]
            assert advice["level"] == (advice["level_best"] if determined else None)


def test_it_leaves_undecided_regions_without_section_and_decision() -> None:
    regions = by_code(assessed("--all-regions"))
    assert regions["DE7"]["table_section"] is None
    assert regions["DE7"]["tracks"]["innovation"]["decided"] is None
    assert regions["DE7"]["tracks"]["innovation"]["agreement"] is None
    assert regions["DE2"]["table_section"] == "europe"


def test_it_prints_the_same_json_twice() -> None:
    assert ok("assess", "--format", "json") == ok("assess", "--format", "json")
    assert ok("assess", "--format", "json", "--all-regions") == ok(
        "assess", "--format", "json", "--all-regions"
    )


def test_it_gives_only_the_chosen_track_with_track() -> None:
    for region in assessed("--track", "trade_invest")["regions"]:
        assert list(region["tracks"]) == ["trade_invest"]

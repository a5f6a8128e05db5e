from pathlib import Path
from typing import Any

import pytest

from kompas.engine import CompassError, load_compass, parse_compass
from kompas.engine.compass import Aggregation
from tests.factories import embedded_compass, raw_compass


def test_it_reads_the_compass_of_the_seed_document() -> None:
    compass = embedded_compass()
    assert [a.name_nl for a in compass.aspects] == [
        "Aansluiting op Brabant",
        "Mogelijkheden",
        "Realiseerbaarheid",
        "Omgevingsfactoren",
    ]
    assert len(compass.criteria) == 13
    assert len(compass.preconditions) == 3
    assert [lv.id for lv in compass.levels] == ["inzet", "reactieve_inzet", "faciliterend", "none"]
    assert [t.id for t in compass.tracks] == ["innovation", "trade_invest"]
    assert compass.reference_region == "NL41"


def test_it_marks_the_unsourced_weights_and_thresholds_as_provisional() -> None:
    compass = embedded_compass()
    assert compass.status == "provisional"
    assert "gewichten" in compass.status_note_nl


def test_it_gives_each_aspect_the_criteria_of_the_seed_document() -> None:
    compass = embedded_compass()
    counts = {a.id: len(compass.criteria_of(a.id)) for a in compass.aspects}
    assert counts == {"link": 4, "opportunities": 2, "feasibility": 3, "environment": 4}


def _set(raw: dict[str, Any], path: str, value: Any) -> None:
    """Set a value at a dotted path; a number addresses a list item; `None` deletes."""
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    target: Any = raw
    for key in keys[:-1]:
        target = target[key]
    if value is None:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value


BAD_EDITS = [
    ("criteria.0.weight", -1, "criteria[innovation_level].weight", "between 0.0 and 1000.0"),
    ("criteria.0.weight", 1e308, "criteria[innovation_level].weight", "between 0.0 and 1000.0"),
    ("criteria.0.weight", float("nan"), "criteria[innovation_level].weight", "finite number"),
    ("criteria.1.weight", "heavy", "criteria[innovation_themes].weight", "must be a number"),
    ("criteria.1.aspect", "nowhere", "criteria[innovation_themes].aspect", "must be one of"),
    ("criteria.1.scale", "stars", "criteria[innovation_themes].scale", "must be one of"),
    ("criteria.1.kind", "oracle", "criteria[innovation_themes].kind", "must be one of"),
    ("criteria.1.colour", "blue", "criteria[1].colour", "unknown key"),
    (
        "criteria.1.direction",
        "decreasing",
        "criteria[innovation_themes].direction",
        "worst to best",
    ),
    ("criteria.0.indicators", [], "criteria[innovation_level].indicators", "at least 1"),
    (
        "criteria.0.value_function.points",
        [[1.0, 0.0], [0.5, 1.0]],
        "criteria[innovation_level].value_function.points",
        "x must increase",
    ),
    (
        "criteria.0.value_function.points",
        [[0.5, 1.0], [1.0, 0.0]],
        "criteria[innovation_level].value_function.points",
        "direction",
    ),
    (
        "criteria.0.value_function.points",
        [[0.5, 0.0], [1.0, 2.0]],
        "criteria[innovation_level].value_function.points[1][1]",
        "between 0.0 and 1.0",
    ),
    ("criteria.0.value_function", None, "criteria[innovation_level].value_function", "missing"),
    (
        "criteria.1.value_function",
        {"type": "piecewise_linear", "points": [[0, 0], [1, 1]]},
        "criteria[innovation_themes].value_function",
        "only for criteria of kind 'indicator'",
    ),
    ("aspects.0.weight", -0.5, "aspects[link].weight", "between 0.0 and 1000.0"),
    ("aspects.0.weight", 1e308, "aspects[link].weight", "between 0.0 and 1000.0"),
    ("aspects.0.weight", float("inf"), "aspects[link].weight", "finite number"),
    (
        "tracks.1.aspect_weights",
        {"link": 1e308},
        "tracks[trade_invest].aspect_weights.link",
        "between 0.0 and 1000.0",
    ),
    ("tracks.0.thresholds.inzet", float("nan"), "tracks[innovation].thresholds.inzet", "finite"),
    ("aspects.1.id", "link", "aspects[link]", "duplicate id"),
    ("tracks.0.thresholds.inzet", 0.2, "tracks[innovation].thresholds", "must decrease strictly"),
    (
        "tracks.0.thresholds.faciliterend",
        None,
        "tracks[innovation].thresholds.faciliterend",
        "missing",
    ),
    (
        "tracks.0.thresholds.inzet",
        1.5,
        "tracks[innovation].thresholds.inzet",
        "between 0.0 and 1.0",
    ),
    (
        "tracks.1.aspect_weights",
        {"galaxy": 2},
        "tracks[trade_invest].aspect_weights.galaxy",
        "unknown key",
    ),
    (
        "scales.strength.categories.1.value",
        0.9,
        "scales.strength.categories",
        "must increase strictly",
    ),
    ("levels", [{"id": "only", "name_nl": "x", "name_en": "x"}], "levels", "at least 2"),
    ("compass.reference_region", None, "compass.reference_region", "missing"),
    ("missing_data.indicator", "guess", "missing_data.indicator", "must be one of"),
    ("aggregation", {"judgements": "mode"}, "aggregation.judgements", "must be one of"),
    ("aggregation", {"discuss_spread": 0}, "aggregation.discuss_spread", "whole number >= 1"),
    ("aggregation", {"discuss_spread": 1.5}, "aggregation.discuss_spread", "whole number"),
    ("aggregation", {"weights": "mean"}, "aggregation.weights", "unknown key"),
    ("extra", {"x": 1}, "(top).extra", "unknown key"),
]


@pytest.mark.parametrize(("path", "value", "key", "problem"), BAD_EDITS)
def test_it_refuses_an_invalid_compass_naming_the_key_and_the_problem(
    path: str, value: Any, key: str, problem: str
) -> None:
    raw = raw_compass()
    _set(raw, path, value)
    with pytest.raises(CompassError) as caught:
        parse_compass(raw, "mine.toml")
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"mine.toml: {key}: ")


def test_it_refuses_an_aspect_whose_criteria_all_weigh_nothing() -> None:
    raw = raw_compass()
    for criterion in raw["criteria"]:
        if criterion["aspect"] == "opportunities":
            criterion["weight"] = 0
    with pytest.raises(
        CompassError, match=r"aspects\[opportunities\]: has weight but no criterion"
    ):
        parse_compass(raw)


def test_it_refuses_a_file_that_is_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[compass\nid = 1", encoding="utf-8")
    with pytest.raises(CompassError, match=r"broken\.toml: -: not valid TOML"):
        load_compass(path)


def test_it_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("[compass]\nname_nl = 'Thüringen'\n".encode("latin-1"))
    with pytest.raises(CompassError, match=r"latin1\.toml: -: not UTF-8"):
        load_compass(path)


def test_it_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CompassError, match="file not found"):
        load_compass(tmp_path / "absent.toml")


def test_without_an_aggregation_table_several_analysts_combine_by_the_median() -> None:
    raw = raw_compass()
    raw.pop("aggregation", None)
    assert parse_compass(raw).aggregation == Aggregation("median", 2)


def test_the_aggregation_table_sets_the_method_and_the_discussion_threshold() -> None:
    raw = raw_compass()
    raw["aggregation"] = {"judgements": "mean", "discuss_spread": 3}
    assert parse_compass(raw).aggregation == Aggregation("mean", 3)

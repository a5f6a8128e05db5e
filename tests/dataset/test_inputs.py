"""`region_inputs`: the engine's inputs for a region, read from the default data."""

from __future__ import annotations

import csv
import math
import shutil
from functools import cache
from pathlib import Path

from kompas.dataset import default_data_dir, load_dataset, region_inputs
from kompas.engine.model import RegionInput
from tests.dataset.shared import default_dataset
from tests.factories import embedded_compass


@cache
def csv_values() -> dict[tuple[str, str, str], float]:
    """(region, indicator, edition) -> value, straight from indicators.csv."""
    with (default_data_dir() / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        return {
            (row["region"], row["indicator"], row["edition"]): float(row["value"])
            for row in csv.DictReader(handle)
        }


def inputs_of(code: str) -> RegionInput:
    (inputs,) = region_inputs(default_dataset(), embedded_compass(), [code])
    assert inputs.code == code
    return inputs


def test_baden_wuerttemberg_reads_germanys_eis_relative_to_the_netherlands() -> None:
    reading = inputs_of("DE1").readings["innovation_level"]
    assert reading.proxy
    assert reading.scope == "national proxy"
    assert (reading.value.region, reading.value.indicator, reading.value.edition) == (
        "DE",
        "eis_sii",
        "2023",
    )
    assert reading.reference is not None
    assert reading.reference_region == "NL41"
    assert (reading.reference.region, reading.reference.edition) == ("NL", "2023")
    assert reading.reference_proxy  # Noord-Brabant has no EIS value of its own
    values = csv_values()
    expected = values[("DE", "eis_sii", "2023")] / values[("NL", "eis_sii", "2023")]
    assert math.isclose(reading.input, expected, rel_tol=1e-12)


def test_the_reference_region_has_no_eis_value_of_its_own() -> None:
    assert not [v for v in default_dataset().values if v.region == "NL41"]


def test_japan_reads_its_gii_2024_relative_to_the_netherlands_in_2024() -> None:
    reading = inputs_of("JP").readings["innovation_level"]
    assert not reading.proxy
    assert (reading.value.region, reading.value.indicator, reading.value.edition) == (
        "JP",
        "gii_score",
        "2024",
    )
    assert reading.reference is not None
    assert (reading.reference.region, reading.reference.indicator) == ("NL", "gii_score")
    assert reading.reference.edition == "2024"
    values = csv_values()
    assert ("JP", "eis_sii", "2023") not in values  # no EIS for Japan: the GII is read
    assert ("JP", "gii_score", "2023") in values  # of two GII editions, the newest
    expected = values[("JP", "gii_score", "2024")] / values[("NL", "gii_score", "2024")]
    assert math.isclose(reading.input, expected, rel_tol=1e-12)


def test_jiangsu_reads_chinas_rule_of_law_as_a_national_proxy() -> None:
    reading = inputs_of("CN-JS").readings["rule_of_law"]
    assert reading.proxy
    assert (reading.value.region, reading.value.indicator) == ("CN", "wgi_rl")
    assert reading.reference is None
    assert reading.input == csv_values()[("CN", "wgi_rl", "2024")]


def test_vietnam_has_no_innovation_level_reading_so_it_is_unknown() -> None:
    assert not [
        key for key in csv_values() if key[0] == "VN" and key[1] in ("eis_sii", "gii_score")
    ]
    inputs = inputs_of("VN")
    assert "innovation_level" not in inputs.readings
    assert "rule_of_law" in inputs.readings


def test_judgement_criteria_never_get_a_reading() -> None:
    judged = {c.id for c in embedded_compass().criteria if c.kind == "judgement"}
    for inputs in region_inputs(default_dataset(), embedded_compass(), ["DE1", "JP", "CN-JS"]):
        assert not set(inputs.readings) & judged, inputs.code


def test_it_attaches_each_regions_own_judgements() -> None:
    assert inputs_of("CN-JS").judgements == {
        "province_role": "very_strong",
        "trade_contacts": "strong",
        "economic_security": "elevated",
    }
    assert inputs_of("MY").judgements == {"province_role": "weak"}
    assert inputs_of("UA").judgements == {}


def test_it_attaches_each_regions_own_gates_with_their_evidence_and_citation() -> None:
    gates = inputs_of("CN-JS").gates
    assert set(gates) == {"national_government", "own_choice"}
    own_choice = gates["own_choice"]
    assert own_choice.status == "pass"
    assert "gevoelige technologieën wordt vermeden" in own_choice.evidence
    assert (own_choice.source, own_choice.section) == ("aanpak-2024", "Bijlage 1 · Jiangsu")
    assert inputs_of("DE1").gates == {}


def test_it_gives_the_inputs_in_the_order_of_the_codes_asked() -> None:
    codes = ["VN", "DE1", "KR", "NL41"]
    inputs = region_inputs(default_dataset(), embedded_compass(), codes)
    assert [i.code for i in inputs] == codes
    assert inputs[2].gates["demand"].status == "pass"
    assert inputs[2].gates["demand"].section == "Bijlage 1 · Zuid-Korea"


SECOND_ANALYST = """
[[judgement]]
region = "DE1"
criterion = "innovation_themes"
category = "weak"
rationale = "A second reading: the overlap is in the names of the sectors, not the programmes."
author = "Tweede analist"
"""


def test_judgements_of_several_authors_on_one_criterion_make_a_panel(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    with (folder / "judgements.toml").open("a", encoding="utf-8") as handle:
        handle.write(SECOND_ANALYST)
    compass = embedded_compass()
    (inputs,) = region_inputs(load_dataset(compass, folder), compass, ["DE1"])
    assert inputs.panels == {
        "innovation_themes": {
            "Kompas standaarddata (uit brondocument)": "very_strong",
            "Tweede analist": "weak",
        }
    }
    assert "innovation_themes" not in inputs.judgements
    assert inputs.judgements["societal_challenges"] == "very_strong"


def test_the_default_data_has_one_analyst_per_judgement() -> None:
    for code in default_dataset().regions:
        assert not inputs_of(code).panels


def test_a_judgement_with_a_highest_category_is_a_range(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(default_data_dir(), folder)
    with (folder / "judgements.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[judgement]]\nregion = "DE2"\ncriterion = "funding"\ncategory = "weak"\n'
            'category_high = "strong"\nrationale = "Unsure."\nauthor = "A. Analist"\n'
        )
    compass = embedded_compass()
    (inputs,) = region_inputs(load_dataset(compass, folder), compass, ["DE2"])
    assert inputs.judgement_ranges == {"funding": ("weak", "strong")}
    assert "funding" not in inputs.judgements

"""Which indicator value a criterion reads: own value, national proxy, reference, preference."""

from kompas.engine import IndicatorValue
from kompas.engine.readings import index_values, lineage, resolve
from tests.factories import embedded_compass

COMPASS = embedded_compass()
INNOVATION = COMPASS.criterion("innovation_level")
RULE_OF_LAW = COMPASS.criterion("rule_of_law")
PARENTS: dict[str, str | None] = {
    "DE1": "DE",
    "DE": None,
    "NL41": "NL",
    "NL": None,
    "CN-JS": "CN",
    "CN": None,
}


def value(region: str, indicator: str, edition: str, number: float) -> IndicatorValue:
    return IndicatorValue(region, indicator, edition, None, number, "test")


def test_it_walks_from_a_region_up_through_its_parents() -> None:
    assert list(lineage("DE1", PARENTS)) == ["DE1", "DE"]
    assert list(lineage("X", {"X": "Y", "Y": "X"})) == ["X", "Y"]


def test_a_land_without_its_own_value_reads_its_country_as_a_national_proxy() -> None:
    table = index_values(
        [value("DE", "eis_sii", "2023", 120.0), value("NL", "eis_sii", "2023", 150.0)]
    )
    reading = resolve(INNOVATION, "DE1", "NL41", PARENTS, table)
    assert reading is not None
    assert reading.proxy
    assert reading.scope == "national proxy"
    assert reading.reference is not None
    assert reading.reference.region == "NL"
    assert reading.reference_proxy
    assert reading.input == 120.0 / 150.0


def test_a_regional_value_beats_the_national_one() -> None:
    table = index_values([value("DE1", "wgi_rl", "2024", 1.0), value("DE", "wgi_rl", "2024", 2.0)])
    reading = resolve(RULE_OF_LAW, "DE1", "NL41", PARENTS, table)
    assert reading is not None
    assert not reading.proxy
    assert reading.input == 1.0


def test_it_takes_the_newest_edition_with_a_matching_reference_edition() -> None:
    table = index_values(
        [
            value("CN", "gii_score", "2023", 55.3),
            value("CN", "gii_score", "2024", 56.3),
            value("NL", "gii_score", "2023", 57.0),
        ]
    )
    reading = resolve(INNOVATION, "CN-JS", "NL41", PARENTS, table)
    assert reading is not None
    assert reading.value.edition == "2023"
    assert reading.input == 55.3 / 57.0


def test_it_prefers_the_first_indicator_the_criterion_names() -> None:
    table = index_values(
        [
            value("DE", "eis_sii", "2023", 120.0),
            value("NL", "eis_sii", "2023", 150.0),
            value("DE", "gii_score", "2024", 58.1),
            value("NL", "gii_score", "2024", 58.8),
        ]
    )
    reading = resolve(INNOVATION, "DE", "NL41", PARENTS, table)
    assert reading is not None
    assert reading.value.indicator == "eis_sii"


def test_it_stays_unknown_without_a_value_or_without_a_reference() -> None:
    assert resolve(INNOVATION, "CN-JS", "NL41", PARENTS, index_values([])) is None
    only_own = index_values([value("CN", "gii_score", "2024", 56.3)])
    assert resolve(INNOVATION, "CN-JS", "NL41", PARENTS, only_own) is None


def test_it_reads_no_proxy_when_the_policy_forbids_it() -> None:
    table = index_values([value("CN", "wgi_rl", "2024", -0.2)])
    assert resolve(RULE_OF_LAW, "CN-JS", "NL41", PARENTS, table, allow_proxy=False) is None


def test_the_newest_edition_is_the_latest_by_date_not_by_text() -> None:
    # As text "2013" sorts after "2012-2014", but the two-year edition runs to 2014.
    values = [value("NL", "wjp", "2013", 0.8), value("NL", "wjp", "2012-2014", 0.7)]
    newest = index_values(values)[("NL", "wjp")][0]
    assert newest.edition == "2012-2014"

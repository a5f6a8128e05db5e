"""`find_region`: a region by code or name, in Dutch or English, forgiving case and accents."""

from __future__ import annotations

import pytest

from kompas.dataset.lookup import RegionNotFoundError, find_region, normalise
from tests.dataset.shared import default_dataset


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("DE1", "DE1"),
        ("de1", "DE1"),
        ("cn-js", "CN-JS"),
        ("g-nordics", "G-NORDICS"),
        ("nl41", "NL41"),
    ],
)
def test_it_finds_a_region_by_its_code_in_any_case(query: str, code: str) -> None:
    assert find_region(default_dataset(), query).code == code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Beieren", "DE2"),
        ("Thüringen", "DEG"),
        ("Noord-Brabant", "NL41"),
        ("Verenigde Staten", "US"),
        ("zuid-korea", "KR"),
        ("  Oekraïne ", "UA"),
    ],
)
def test_it_finds_a_region_by_its_dutch_name(query: str, code: str) -> None:
    assert find_region(default_dataset(), query).code == code


@pytest.mark.parametrize(
    ("query", "code"),
    [("Bavaria", "DE2"), ("Thuringia", "DEG"), ("North Brabant", "NL41"), ("SOUTH KOREA", "KR")],
)
def test_it_finds_a_region_by_its_english_name(query: str, code: str) -> None:
    assert find_region(default_dataset(), query).code == code


@pytest.mark.parametrize(
    ("query", "code"),
    [("Bayern", "DE2"), ("NRW", "DEA"), ("Brabant", "NL41"), ("USA", "US"), ("Sverige", "SE")],
)
def test_it_finds_a_region_by_an_alias(query: str, code: str) -> None:
    assert find_region(default_dataset(), query).code == code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Thuringen", "DEG"),
        ("Baden Wurttemberg", "DE1"),
        ("baden-wurttemberg", "DE1"),
        ("Oekraine", "UA"),
        ("Israel", "IL"),
        ("Belgie", "BE"),
        ("Osterreich", "AT"),
    ],
)
def test_it_finds_a_region_without_accents_or_hyphens(query: str, code: str) -> None:
    assert find_region(default_dataset(), query).code == code


def test_every_code_name_and_alias_leads_to_its_own_region() -> None:
    dataset = default_dataset()
    for region in dataset.regions.values():
        for name in (region.code, region.name_nl, region.name_en, *region.aliases):
            assert find_region(dataset, name) is region, (region.code, name)


def test_no_two_regions_share_a_name_once_case_and_accents_are_ignored() -> None:
    owner: dict[str, str] = {}
    for region in default_dataset().regions.values():
        for name in {region.code, region.name_nl, region.name_en, *region.aliases}:
            key = normalise(name)
            assert owner.setdefault(key, region.code) == region.code, (name, owner[key])


def suggestions_for(query: str) -> list[str]:
    with pytest.raises(RegionNotFoundError) as raised:
        find_region(default_dataset(), query)
    assert raised.value.query == query
    assert str(raised.value) == query
    return [region.code for region in raised.value.suggestions]


def test_an_unknown_name_raises_with_beieren_as_the_nearest_to_beiern() -> None:
    assert suggestions_for("Beiern")[0] == "DE2"


def test_an_unknown_name_raises_with_sweden_as_the_nearest_to_zweeden() -> None:
    assert suggestions_for("Zweeden")[0] == "SE"


def test_an_unknown_misspelt_english_name_suggests_the_region() -> None:
    assert "DEA" in suggestions_for("North Rhine Westfalia")


def test_a_part_of_a_name_suggests_the_regions_containing_it() -> None:
    assert "G-US-MIDWEST" in suggestions_for("midwes")


def test_it_suggests_at_most_three_regions_each_once() -> None:
    suggested = suggestions_for("Zuid")
    assert 0 < len(suggested) <= 3
    assert len(set(suggested)) == len(suggested)


def test_a_name_like_no_region_raises_without_suggestions() -> None:
    assert suggestions_for("Atlantis") == []
    assert suggestions_for("") == []


def test_it_normalises_case_accents_and_punctuation() -> None:
    assert normalise("  Baden-Württemberg ") == "baden wurttemberg"
    assert normalise("Oekraïne") == "oekraine"
    assert normalise("België/Vlaanderen") == "belgie vlaanderen"

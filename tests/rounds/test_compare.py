"""Comparing two rounds: per region the decided and advised levels in both, the changed ones
first, and why: the compass settings and the region's judgements, gates and values that differ."""

from __future__ import annotations

from copy import deepcopy

import pytest
from django.urls import reverse

from kompas.compasses.changes import compass_changes
from kompas.compasses.models import CompassVersion
from kompas.engine import parse_compass
from kompas.regions.models import IndicatorValue
from kompas.rounds.compare import compare_rounds
from kompas.rounds.models import Decision, DecisionRound
from kompas.rounds.snapshot import build
from tests.factories import embedded_compass, raw_compass
from tests.rounds import (
    DEFAULT_ROUND,
    ClientAs,
    english,
    frozen_default_round,
    judge_all,
    new_version,
    stricter,
)

pytestmark = pytest.mark.django_db


def open_round(key: str = "2028-2031") -> DecisionRound:
    """A new open round with the decisions of 2023-2027, weighed with the current version."""
    source = DecisionRound.objects.get(key=DEFAULT_ROUND)
    stored = DecisionRound.objects.create(
        key=key,
        name_nl=f"Ronde {key}",
        name_en=f"Round {key}",
        compass_version=CompassVersion.current(),
    )
    Decision.objects.bulk_create(
        Decision(
            round=stored,
            region_id=d.region_id,
            track=d.track,
            level=d.level,
            label=d.label,
            table_section=d.table_section,
            position=d.position,
        )
        for d in source.decisions.all()
    )
    return stored


def the_scenario() -> tuple[DecisionRound, DecisionRound]:
    """2023-2027 frozen; then Baden-Württemberg judged stronger and a stricter compass, used by
    a new open round."""
    frozen = frozen_default_round()
    judge_all("DE1")
    new_version(stricter, "stricter thresholds")
    return frozen, open_round()


# --- compass versions ------------------------------------------------------------------------


def test_it_finds_no_changes_between_equal_compasses() -> None:
    assert compass_changes(embedded_compass(), embedded_compass()) == []


def test_it_lists_changed_weights_thresholds_scale_values_and_rules() -> None:
    raw = raw_compass()
    raw["aspects"][0]["weight"] = 2
    raw["criteria"][1]["weight"] = 3
    raw["scales"]["strength"]["categories"][1]["value"] = 0.2
    raw["tracks"][0]["thresholds"]["inzet"] = 0.7
    raw["preconditions"][0]["rule_en"] = "Clear demand."
    raw["compass"]["status"] = "final"
    changes = {c.key: c for c in compass_changes(embedded_compass(), parse_compass(raw))}
    assert set(changes) == {
        "compass.status",
        "aspects[link].weight",
        "criteria[innovation_themes].weight",
        "scales.strength.categories[weak].value",
        "tracks[innovation].thresholds.inzet",
        "preconditions[demand].rule_en",
    }
    threshold = changes["tracks[innovation].thresholds.inzet"]
    assert (threshold.kind, threshold.before, threshold.after) == ("threshold", 0.6, 0.7)
    assert threshold.name_en == "Innovation · Active"
    assert changes["aspects[link].weight"].name_nl == "Aansluiting op Brabant"
    assert changes["scales.strength.categories[weak].value"].before == 0.25
    assert changes["compass.status"].label == "Status"


def test_it_lists_added_and_removed_criteria() -> None:
    raw = raw_compass()
    removed = raw["criteria"].pop(1)
    added = deepcopy(removed) | {"id": "new_one", "name_en": "New one"}
    raw["criteria"].append(added)
    changes = {c.key: c.kind for c in compass_changes(embedded_compass(), parse_compass(raw))}
    assert changes == {"criteria[innovation_themes]": "removed", "criteria[new_one]": "added"}


# --- rounds ----------------------------------------------------------------------------------


def test_it_lists_a_region_whose_level_changed_first_with_the_reasons() -> None:
    frozen, current = the_scenario()
    assert frozen.snapshot is not None
    comparison = compare_rounds(frozen.snapshot, build(current), True, False)
    changed = [r.code for r in comparison.changed]
    assert "DE1" in changed
    assert [r.code for r in comparison.regions[: len(changed)]] == changed
    region = next(r for r in comparison.regions if r.code == "DE1")
    innovation = region.track("innovation")
    assert innovation.advised_changed
    assert not innovation.decided_changed
    assert innovation.advice_a is not None
    assert innovation.advice_b is not None
    assert (innovation.advice_a.level_worst, innovation.advice_a.level_best) == (
        "reactieve_inzet",
        "inzet",
    )
    assert innovation.advice_b.score_low > innovation.advice_a.score_low
    judged = {j.criterion.id: (j.before, j.after) for j in region.judgements}
    assert judged["trade_contacts"][0] is None
    assert judged["trade_contacts"][1] is not None
    assert judged["trade_contacts"][1].id == "very_strong"
    funding = judged["funding"]
    assert funding[0] is not None
    assert funding[1] is not None
    assert (funding[0].id, funding[1].id) == ("strong", "very_strong")
    assert not region.gates
    assert not region.values
    thresholds = {c.key for c in comparison.compass_changes if c.kind == "threshold"}
    assert "tracks[innovation].thresholds.inzet" in thresholds
    assert comparison.a.version == "brabant-2024 v1"
    assert comparison.b.version == "brabant-2024 v2"


def test_it_lists_a_changed_decision_and_a_changed_indicator_value() -> None:
    frozen = frozen_default_round()
    current = open_round()
    current.decisions.filter(region__code="US", track="innovation").update(level="inzet")
    IndicatorValue.objects.filter(region__code="US", indicator__key="wgi_rl").update(value=-2.0)
    assert frozen.snapshot is not None
    comparison = compare_rounds(frozen.snapshot, build(current), True, False)
    region = next(r for r in comparison.regions if r.code == "US")
    assert region.changed
    innovation = region.track("innovation")
    assert (innovation.decided_a, innovation.decided_b) == ("reactieve_inzet", "inzet")
    (value,) = region.values
    assert value.criterion.id == "rule_of_law"
    assert value.after is not None
    assert value.after.value == -2.0
    assert value.before is not None
    assert value.before.value != -2.0
    assert comparison.compass_changes == ()


def test_it_keeps_regions_without_a_difference_after_the_changed_ones() -> None:
    frozen = frozen_default_round()
    comparison = compare_rounds(frozen.snapshot or {}, build(open_round()), True, False)
    assert comparison.changed == ()
    assert len(comparison.unchanged) == 21
    assert all(not r.data_changed for r in comparison.regions)


def test_it_weighs_the_regions_of_the_other_round_too() -> None:
    frozen = frozen_default_round()
    current = open_round()
    current.decisions.filter(region__code="DE1").delete()
    assert frozen.snapshot is not None
    comparison = compare_rounds(frozen.snapshot, build(current, extra=["DE1"]), True, False)
    region = next(r for r in comparison.regions if r.code == "DE1")
    assert region.in_a
    assert region.in_b
    innovation = region.track("innovation")
    assert (innovation.decided_a, innovation.decided_b) == ("inzet", None)
    assert innovation.advice_b is not None
    assert region.changed


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "analyst", "coordinator", "administrator"])
def test_it_shows_the_comparison_to_every_role(client_as: ClientAs, role: str) -> None:
    the_scenario()
    response = client_as(role).get(
        reverse("rounds:compare"), {"a": DEFAULT_ROUND, "b": "2028-2031"}
    )
    assert response.status_code == 200
    assert response.context["comparison"] is not None


def test_it_shows_the_changed_region_and_why_on_the_page(client_as: ClientAs) -> None:
    the_scenario()
    response = english(client_as("viewer")).get(
        reverse("rounds:compare"), {"a": DEFAULT_ROUND, "b": "2028-2031"}
    )
    html = response.content.decode()
    changed = html.split('id="changed"')[1].split('id="unchanged"')[0]
    region = changed.split('id="compare-DE1"')[1].split("</tbody>")[0]
    assert "Baden-Württemberg" in region
    assert "Judgement Trade contacts: unknown → very strong" in region
    assert "Judgement Funding opportunities: strong → very strong" in region
    assert "The compass settings differ." in region
    settings = html.split('id="compass-changes"')[1].split('id="changed"')[0]
    assert "Threshold" in settings
    assert "Innovation · Active" in settings
    assert "brabant-2024 v2" in html


def test_it_asks_for_two_rounds_when_one_is_missing(client_as: ClientAs) -> None:
    response = english(client_as("viewer")).get(reverse("rounds:compare"), {"a": DEFAULT_ROUND})
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "Choose two rounds." in response.content.decode()


def test_it_lists_a_judgement_that_a_second_analyst_made_a_panel(client_as: ClientAs) -> None:
    from kompas.assessments.models import Judgement
    from kompas.regions.models import Region

    frozen = frozen_default_round()
    Judgement.objects.create(
        region=Region.objects.get(code="DE1"),
        criterion="funding",
        category="very_weak",
        rationale="A second reading.",
        author_name="second",
    )
    current = open_round()
    assert frozen.snapshot is not None
    comparison = compare_rounds(frozen.snapshot, build(current), True, False)
    region = next(r for r in comparison.regions if r.code == "DE1")
    (funding,) = [j for j in region.judgements if j.criterion.id == "funding"]
    assert funding.before is not None
    assert funding.after is not None
    # strong (0.75) and very weak (0): median 0.375, nearest (the lower on a tie) weak
    assert (funding.before.id, funding.analysts_before) == ("strong", 0)
    assert (funding.after.id, funding.analysts_after) == ("weak", 2)
    page = english(client_as("viewer")).get(
        reverse("rounds:compare") + f"?a={DEFAULT_ROUND}&b=2028-2031"
    )
    assert "Judgement Funding opportunities: strong → weak (2 analysts)" in page.content.decode()

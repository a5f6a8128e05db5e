"""What-if weights: coordinators move weights and see the advice change; nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from kompas.audit.models import AuditEvent
from kompas.compasses.models import CompassVersion
from kompas.dataset import region_inputs
from kompas.engine import assess
from kompas.engine.sensitivity import whatif
from kompas.rounds.models import DecisionRound
from kompas.shared.state import current_state

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str | None], Client]
URL = "/compass/whatif/"


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def prefilled(client: Client) -> dict[str, Any]:
    form = client.get(URL).context["form"]
    return {name: form[name].value() for name in form.fields}


def test_the_url_is_named() -> None:
    assert reverse("compasses:whatif") == URL


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_viewers_and_analysts_are_refused(client_as: ClientAs, role: str) -> None:
    client = client_as(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"aspect__link": "5"}).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_coordinators_and_administrators_may_try_weights(client_as: ClientAs, role: str) -> None:
    response = english(client_as(role)).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "What if the weights were different?" in html
    assert 'hx-trigger="input changed delay:300ms, submit"' in html
    assert "every region keeps the advice of the saved compass" in html


def test_the_form_is_prefilled_from_the_current_version_with_real_labels(
    client_as: ClientAs,
) -> None:
    client = english(client_as("coordinator"))
    compass = CompassVersion.current().compass
    data = prefilled(client)
    assert len(data) == len(compass.aspects) + len(compass.criteria) == 17
    assert data["aspect__link"] == compass.aspect("link").weight
    html = client.get(URL).content.decode()
    for criterion in compass.criteria:
        assert f'<label for="id_criterion__{criterion.id}">{criterion.name_en}</label>' in html
    assert '<label for="id_aspect__link">Link with Brabant (aspect)</label>' in html
    assert 'aria-label="Link with Brabant (aspect): slider"' in html
    assert reverse("compasses:edit", args=[CompassVersion.current().pk]) in html


def test_moving_a_weight_changes_levels_and_writes_nothing(client_as: ClientAs) -> None:
    client = english(client_as("coordinator"))
    data = prefilled(client) | {"aspect__link": "5"}
    versions, events = CompassVersion.objects.count(), AuditEvent.objects.count()
    config = CompassVersion.current().config
    response = client.post(URL, data)
    assert response.status_code == 200
    assert CompassVersion.objects.count() == versions
    assert AuditEvent.objects.count() == events
    assert CompassVersion.current().config == config
    rows = response.context["rows"]
    changed = {row.row.region.code for row in rows if row.differs}
    assert changed
    assert response.context["differs"] == len(changed)
    html = response.content.decode()
    assert html.count('<tr data-region="') == len(rows)
    for code in changed:
        assert f'<tr data-region="{code}" data-changed="true">' in html
    # the marked regions are exactly those the engine advises differently with these weights
    state = current_state()
    weighed = [row.row.region.code for row in rows]
    inputs = region_inputs(state.dataset, state.compass, weighed)
    moved = whatif(state.compass, {"link": 5.0})
    expected = set()
    for track in state.compass.tracks:
        before = assess(state.compass, inputs, track.id, explanations=False)
        after = assess(moved, inputs, track.id, explanations=False)
        expected |= {
            a.region
            for a, b in zip(before, after, strict=True)
            if (a.level_worst, a.level_best) != (b.level_worst, b.level_best)
        }
    assert changed == expected


def test_the_regions_are_those_of_the_latest_round(client_as: ClientAs) -> None:
    client = english(client_as("coordinator"))
    response = client.post(URL, prefilled(client))
    latest = DecisionRound.objects.order_by("-period_end").first()
    assert latest is not None
    decided = set(latest.decisions.values_list("region__code", flat=True))
    assert {row.row.region.code for row in response.context["rows"]} == decided
    assert response.context["differs"] == 0


def test_htmx_gets_the_results_alone_with_the_summary_out_of_band(client_as: ClientAs) -> None:
    client = english(client_as("coordinator"))
    data = prefilled(client) | {"aspect__link": "5"}
    events = AuditEvent.objects.count()
    response = client.post(URL, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="whatif-summary" role="status" hx-swap-oob="true"' in html
    assert 'id="whatif-table"' in html
    assert "regions get another advice" in html
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"aspect__link": "-1"}, "greater than or equal to 0", "aspect__link"),
        ({"criterion__networks": "many"}, "Enter a number", "criterion__networks"),
        (
            {f"aspect__{a}": "0" for a in ("link", "opportunities", "feasibility", "environment")},
            "the aspect weights must not all be zero",
            None,
        ),
        (
            {"criterion__networks": "0", "criterion__funding": "0"},
            "at least one of its criteria needs a weight above 0",
            "aspect__",
        ),
    ],
)
def test_unusable_weights_are_refused_beside_the_field(
    client_as: ClientAs, changes: dict[str, str], message: str, field: str | None
) -> None:
    client = english(client_as("coordinator"))
    compass = CompassVersion.current().compass
    if field == "aspect__":  # the aspect of those criteria (all of its criteria)
        aspect = compass.criterion("networks").aspect
        assert {c.id for c in compass.criteria_of(aspect)} == {"networks", "funding"}
        field = f"aspect__{aspect}"
    data = prefilled(client) | changes
    versions = CompassVersion.objects.count()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    form = response.context["form"]
    if field is None:
        assert any(message in e for e in form.non_field_errors())
    else:
        assert any(message in e for e in form.errors[field])
    htmx = client.post(URL, data, headers={"HX-Request": "true"})
    assert htmx.status_code == 400
    assert message in htmx.content.decode()
    assert "These weights cannot be used" in htmx.content.decode()
    assert CompassVersion.objects.count() == versions


def test_dutch_numbers_are_read_with_a_decimal_comma(client_as: ClientAs) -> None:
    client = client_as("coordinator")  # Dutch, the default language
    page = client.get(URL)
    assert 'data-decimal=","' in page.content.decode()
    data = prefilled(client) | {"aspect__link": "4,5"}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["aspect__link"] == 4.5


def test_the_versions_page_links_to_it_for_coordinators_only(client_as: ClientAs) -> None:
    assert URL in client_as("coordinator").get("/compass/").content.decode()
    assert URL not in client_as("viewer").get("/compass/").content.decode()


def test_without_decisions_in_the_latest_adopted_round_every_region_is_weighed(
    client_as: ClientAs,
) -> None:
    DecisionRound.objects.create(
        key="2028-2031",
        status="adopted",
        name_nl="Later",
        name_en="Later",
        period_start=2028,
        period_end=2031,
        compass_version=CompassVersion.current(),
    )
    client = english(client_as("coordinator"))
    response = client.post(URL, prefilled(client) | {"aspect__link": "5"})
    assert response.status_code == 200
    state = current_state()
    expected = {
        code
        for code, region in state.dataset.regions.items()
        if not (region.is_group or region.reference)
    }
    assert {row.row.region.code for row in response.context["rows"]} == expected
    assert response.context["differs"] > 0
    assert "All regions: advice of the saved compass" in response.content.decode()

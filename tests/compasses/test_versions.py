"""Compass versions on the web: every version readable by every role, and a coordinator's edit
saved as a new version only when the engine accepts it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from kompas.audit.models import AuditEvent
from kompas.compasses.forms import CompassForm
from kompas.compasses.models import CompassVersion
from kompas.engine.compass import Aggregation
from kompas.rounds.models import DecisionRound

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str | None], Client]
ROLES = ("viewer", "analyst", "coordinator", "administrator")


def first() -> CompassVersion:
    return CompassVersion.objects.get(number=1)


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def edit_url(version: CompassVersion | None = None) -> str:
    return reverse("compasses:edit", args=[(version or first()).pk])


def form_data(
    client: Client, version: CompassVersion | None = None, **changes: Any
) -> dict[str, Any]:
    """The edit form as the page prefills it, with `changes` applied and a note."""
    form = client.get(edit_url(version)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["note"] = "Weights set by the coordinator."
    data.update(changes)
    return data


def save(client: Client, **changes: Any) -> Response:
    return client.post(edit_url(), form_data(client, **changes))


# --- who may see and do what -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["versions", "version", "edit"])
def test_it_sends_anonymous_visitors_to_the_login_page(client_as: ClientAs, url: str) -> None:
    target = reverse(f"compasses:{url}", args=[] if url == "versions" else [first().pk])
    response = client_as(None).get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_versions_and_each_version_to_every_role(
    client_as: ClientAs, role: str
) -> None:
    client = client_as(role)
    assert client.get(reverse("compasses:versions")).status_code == 200
    assert client.get(reverse("compasses:version", args=[first().pk])).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_it_refuses_the_edit_form_to_viewers_and_analysts(client_as: ClientAs, role: str) -> None:
    client = client_as(role)
    assert client.get(edit_url()).status_code == 403
    assert client.post(edit_url(), {"note": "x", "aspect__link": "2"}).status_code == 403
    assert CompassVersion.objects.count() == 1


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_it_hides_the_edit_link_from_viewers_and_analysts(client_as: ClientAs, role: str) -> None:
    html = client_as(role).get(reverse("compasses:version", args=[first().pk])).content.decode()
    assert edit_url() not in html


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_it_opens_the_edit_form_to_coordinators(client_as: ClientAs, role: str) -> None:
    assert client_as(role).get(edit_url()).status_code == 200


# --- reading ---------------------------------------------------------------------------------


def test_it_lists_every_version_with_its_status_and_rounds(client_as: ClientAs) -> None:
    html = english(client_as("viewer")).get(reverse("compasses:versions")).content.decode()
    assert "brabant-2024 v1" in html
    assert "provisional" in html
    assert "Focus regions for international cooperation 2023-2027" in html
    assert "current" in html
    assert "Read from the data folder when Kompas first started" in html


def test_it_says_why_the_first_version_exists_in_dutch_not_seed(client_as: ClientAs) -> None:
    html = client_as("viewer").get(reverse("compasses:version", args=[1])).content.decode()
    assert "Ingelezen uit de gegevensmap bij de eerste start van Kompas" in html
    assert ">seed<" not in html


def test_it_shows_a_version_in_full(client_as: ClientAs) -> None:
    response = english(client_as("viewer")).get(reverse("compasses:version", args=[first().pk]))
    html = response.content.decode()
    for text in [
        "Link with Brabant",  # an aspect
        "Innovation level",  # an indicator criterion ...
        "0.5 → 0",  # ... with its value function
        "as a ratio to the value of the reference region NL41",
        "Trade contacts",  # a judgement criterion
        "very strong",  # a scale category
        "0.33",  # a category value
        "There is clear demand from Brabant",  # a precondition's rule
        "Trade and/or invest",  # a track
        "0.45",  # a threshold
        "25.0&nbsp;%",  # an aspect's share
        "8.3&nbsp;%",  # a criterion's effective weight (1/4 × 1/3)
        "national proxy",  # the missing-data policy
        "This is the first version",
    ]:
        assert text in html, text


def test_it_shows_numbers_in_the_dutch_way_in_dutch(client_as: ClientAs) -> None:
    html = client_as("viewer").get(reverse("compasses:version", args=[first().pk])).content.decode()
    assert "0,45" in html
    assert "25,0&nbsp;%" in html


# --- editing ---------------------------------------------------------------------------------


def test_it_prefills_the_form_from_the_version(client_as: ClientAs) -> None:
    form = client_as("coordinator").get(edit_url()).context["form"]
    assert form["aspect__link"].value() == 1
    assert form["threshold__innovation__inzet"].value() == 0.6
    assert form["scale__risk__elevated"].value() == 0.33
    assert form["status"].value() == "provisional"
    assert form["rule_en__demand"].value().startswith("There is clear demand")


def test_it_saves_an_edit_as_a_new_current_version_with_an_audit_record(
    client_as: ClientAs,
) -> None:
    client = client_as("coordinator")  # in Dutch, the default: a decimal comma is read
    response = save(
        client,
        aspect__link="2",
        criterion__trade_contacts="0,5",
        scale__strength__weak="0.2",
        threshold__trade_invest__inzet="0.65",
        rule_en__demand="Clear demand from Brabant.",
        status="final",
    )
    created = CompassVersion.current()
    assert response.status_code == 302
    assert response["Location"] == reverse("compasses:version", args=[created.pk])
    assert (created.key, created.number) == ("brabant-2024", 2)
    assert created.note == "Weights set by the coordinator."
    assert created.created_by == User.objects.get(username="coordinator")
    compass = created.compass
    assert compass.aspect("link").weight == 2
    assert compass.criterion("trade_contacts").weight == 0.5
    assert compass.scales["strength"].category("weak").value == 0.2
    assert compass.track("trade_invest").thresholds["inzet"] == 0.65
    assert compass.track("innovation").thresholds["inzet"] == 0.6
    assert compass.precondition("demand").rule_en == "Clear demand from Brabant."
    assert compass.status == "final"
    event = AuditEvent.objects.get(action="compass version created")
    assert event.object_repr == "brabant-2024 v2"
    assert event.before is not None
    assert event.after is not None
    assert event.before["aspects[link].weight"] == 1
    assert event.after["aspects[link].weight"] == 2
    assert event.after["tracks[trade_invest].thresholds.inzet"] == 0.65
    assert "tracks[innovation].thresholds.inzet" not in event.after
    assert event.after["note"] == "Weights set by the coordinator."


def test_it_keeps_the_old_version_readable_and_shows_what_changed(client_as: ClientAs) -> None:
    client = english(client_as("viewer"))
    save(english(client_as("coordinator")), threshold__innovation__inzet="0.7")
    old = client.get(reverse("compasses:version", args=[first().pk]))
    assert old.status_code == 200
    assert old.context["compass"].track("innovation").thresholds["inzet"] == 0.6
    assert "This is an older version" in old.content.decode()
    new = client.get(reverse("compasses:version", args=[CompassVersion.current().pk]))
    changes = new.context["changes"]
    assert [(c.key, c.before, c.after) for c in changes] == [
        ("tracks[innovation].thresholds.inzet", 0.6, 0.7)
    ]
    assert "What changed since brabant-2024 v1" in new.content.decode()
    # the round keeps the version it names
    assert DecisionRound.objects.get(key="2023-2027").compass_version == first()


def test_it_refuses_a_negative_weight_beside_the_field_and_saves_nothing(
    client_as: ClientAs,
) -> None:
    response = save(english(client_as("coordinator")), criterion__networks="-1")
    assert response.status_code == 400
    assert response.context["form"].errors["criterion__networks"] == [
        "Must be between 0 and 1000 (only the weights' ratios count)."
    ]
    html = response.content.decode()
    assert 'id="id_criterion__networks_error"' in html
    assert "The form could not be saved" in html
    assert CompassVersion.objects.count() == 1
    assert not AuditEvent.objects.filter(action="compass version created").exists()


@pytest.mark.parametrize("weight", ["1e308", "1001", "inf", "nan"])
def test_it_refuses_an_aspect_weight_out_of_range_beside_the_field_and_saves_nothing(
    client_as: ClientAs, weight: str
) -> None:
    # 1e308 was saved, and every score became 0 and every advice "none", without a word.
    response = save(english(client_as("coordinator")), aspect__link=weight)
    assert response.status_code == 400
    assert response.context["form"].errors["aspect__link"]
    assert 'id="id_aspect__link_error"' in response.content.decode()
    assert CompassVersion.objects.count() == 1


def test_it_refuses_thresholds_that_do_not_decrease_and_saves_nothing(
    client_as: ClientAs,
) -> None:
    response = save(
        english(client_as("coordinator")),
        threshold__innovation__inzet="0.4",
        threshold__innovation__reactieve_inzet="0.5",
    )
    assert response.status_code == 400
    form = response.context["form"]
    message = "The thresholds must decrease: each level needs a lower minimum than the one above."
    assert form.group_errors == {"thresholds__innovation": [message]}
    assert form.non_field_errors() == [f"Innovation · thresholds: {message}"]
    assert message in response.content.decode()
    assert CompassVersion.objects.count() == 1


def test_it_refuses_a_scale_value_out_of_range(client_as: ClientAs) -> None:
    response = save(english(client_as("coordinator")), scale__risk__low="1.5")
    assert response.status_code == 400
    assert response.context["form"].errors["scale__risk__low"] == ["Must be between 0 and 1."]
    assert CompassVersion.objects.count() == 1


def test_it_refuses_an_aspect_whose_criteria_all_weigh_nothing(client_as: ClientAs) -> None:
    response = save(
        english(client_as("coordinator")), criterion__networks="0", criterion__funding="0"
    )
    assert response.status_code == 400
    assert response.context["form"].group_errors == {
        "criteria__opportunities": [
            "This aspect has a weight, so at least one of its criteria needs a weight above 0."
        ]
    }
    assert CompassVersion.objects.count() == 1


def test_it_requires_a_note_and_numbers(client_as: ClientAs) -> None:
    response = save(english(client_as("coordinator")), note="", aspect__link="heavy")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["note"] == ["This field is required."]
    assert errors["aspect__link"] == ["Enter a number."]
    assert CompassVersion.objects.count() == 1


def test_it_refuses_a_save_that_changes_nothing(client_as: ClientAs) -> None:
    response = save(english(client_as("coordinator")))
    assert response.status_code == 400
    assert "Nothing changed" in response.content.decode()
    assert CompassVersion.objects.count() == 1


def test_it_refuses_a_save_over_a_version_saved_in_between(client_as: ClientAs) -> None:
    first_client = english(client_as("coordinator"))
    second_client = english(client_as("administrator"))
    stale = form_data(second_client, aspect__link="3")
    assert save(first_client, aspect__link="2").status_code == 302
    response = second_client.post(edit_url(), stale)
    assert response.status_code == 400
    assert "Someone saved a new compass version while you were editing" in (
        response.content.decode()
    )
    assert CompassVersion.objects.count() == 2
    assert CompassVersion.current().compass.aspect("link").weight == 2


# --- several analysts ------------------------------------------------------------------------


def test_it_shows_the_current_method_and_spread_for_several_analysts(
    client_as: ClientAs,
) -> None:
    response = english(client_as("coordinator")).get(edit_url())
    form = response.context["form"]
    assert form["judgements"].value() == "median"
    assert form["discuss_spread"].value() == 2
    html = response.content.decode()
    assert "Several analysts" in html
    assert '<option value="median" selected>Median</option>' in html
    assert '<option value="mean">Mean</option>' in html
    assert 'name="discuss_spread" value="2"' in html


def test_it_saves_the_mean_and_a_spread_of_3_as_a_new_version(client_as: ClientAs) -> None:
    response = save(english(client_as("coordinator")), judgements="mean", discuss_spread="3")
    assert response.status_code == 302
    created = CompassVersion.current()
    assert created.number == 2
    assert created.compass.aggregation == Aggregation("mean", 3)
    assert created.config["aggregation"] == {"judgements": "mean", "discuss_spread": 3}
    event = AuditEvent.objects.get(action="compass version created")
    assert event.before is not None
    assert event.after is not None
    assert event.before["aggregation.judgements"] == "median"
    assert event.after["aggregation.judgements"] == "mean"
    assert event.after["aggregation.discuss_spread"] == 3


def test_it_refuses_a_spread_of_0_beside_the_field_and_saves_nothing(
    client_as: ClientAs,
) -> None:
    response = save(english(client_as("coordinator")), discuss_spread="0")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["discuss_spread"] == ["Must be a whole number, 1 or more."]
    assert 'id="id_discuss_spread_error"' in response.content.decode()
    assert CompassVersion.objects.count() == 1
    assert not AuditEvent.objects.filter(action="compass version created").exists()


def test_it_shows_the_change_of_method_and_spread_in_the_change_list(
    client_as: ClientAs,
) -> None:
    save(english(client_as("coordinator")), judgements="mean", discuss_spread="3")
    response = english(client_as("viewer")).get(
        reverse("compasses:version", args=[CompassVersion.current().pk])
    )
    changes = response.context["changes"]
    assert [(c.key, c.label, c.before, c.after) for c in changes] == [
        ("aggregation.judgements", "Analysts' judgements combined by", "median", "mean"),
        (
            "aggregation.discuss_spread",
            "Spread flagged for discussion (scale steps)",
            2,
            3,
        ),
    ]
    html = response.content.decode()
    assert "Analysts&#x27; judgements combined by" in html
    assert "<td>median</td>" in html
    assert "<td>mean</td>" in html
    assert "the compass weighs the mean of the values of their categories" in html
    assert "When their categories lie 3 scale steps apart or more" in html


def test_it_shows_the_method_and_spread_of_a_version(client_as: ClientAs) -> None:
    html = english(client_as("viewer")).get(reverse("compasses:version", args=[first().pk]))
    text = html.content.decode()
    assert "the compass weighs the median of the values of their categories" in text
    assert "When their categories lie 2 scale steps apart or more" in text


def test_it_leaves_a_compass_file_without_aggregation_as_it_is_when_unchanged(
    client_as: ClientAs,
) -> None:
    """The defaults (median, 2) are not written into a file that relies on them."""
    client = client_as("coordinator")
    config = {k: v for k, v in first().config.items() if k != "aggregation"}
    data = form_data(client)
    unchanged = CompassForm(config, first().compass, first().pk, data)
    assert unchanged.is_valid(), unchanged.errors
    assert unchanged.new_config is not None
    assert "aggregation" not in unchanged.new_config
    changed = CompassForm(config, first().compass, first().pk, {**data, "discuss_spread": "3"})
    assert changed.is_valid(), changed.errors
    assert changed.new_config is not None
    assert changed.new_config["aggregation"] == {"discuss_spread": 3}

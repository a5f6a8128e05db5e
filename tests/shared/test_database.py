"""The database holds exactly what the data folder holds, and the command line reads it."""

import pytest

from kompas.compasses.models import CompassVersion
from kompas.dataset import default_data_dir, load_dataset
from kompas.engine import load_compass
from kompas.shared.seed import is_seeded
from kompas.shared.state import current_state

pytestmark = pytest.mark.django_db


def test_it_reads_back_from_the_database_exactly_the_embedded_data() -> None:
    state = current_state()
    compass, dataset = state.compass, state.dataset
    file_compass = load_compass(default_data_dir() / "compass.toml")
    assert compass == file_compass
    assert dataset == load_dataset(file_compass)


def test_the_seed_is_the_first_compass_version() -> None:
    assert is_seeded()
    version = CompassVersion.current()
    assert (version.key, version.number) == ("brabant-2024", 1)


def test_the_seed_is_in_the_audit_trail() -> None:
    from kompas.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="seed")
    assert event.username == "kompas"
    assert event.after is not None
    assert event.after["regions"] == 35


def test_several_analysts_judgements_read_back_as_a_panel() -> None:
    from django.contrib.auth.models import User

    from kompas.assessments.models import Judgement
    from kompas.dataset import region_inputs
    from kompas.regions.models import Region

    region = Region.objects.get(code="DE1")
    analyst = User.objects.create(username="second", first_name="Tweede", last_name="Analist")
    Judgement.objects.create(
        region=region,
        criterion="innovation_themes",
        category="weak",
        rationale="Another reading.",
        author=analyst,
        author_name="Tweede Analist",
    )
    state = current_state()
    compass, dataset = state.compass, state.dataset
    (inputs,) = region_inputs(dataset, compass, ["DE1"])
    assert inputs.panels["innovation_themes"] == {
        "Kompas standaarddata (uit brondocument)": "very_strong",
        "Tweede Analist": "weak",
    }

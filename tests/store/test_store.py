"""The database holds exactly what the data folder holds, and the command line reads it."""

import pytest

from kompas.compasses.models import CompassVersion
from kompas.dataset import default_data_dir, load_dataset
from kompas.engine import load_compass
from kompas.store.load import load
from kompas.store.seed import is_seeded

pytestmark = pytest.mark.django_db


def test_it_reads_back_from_the_database_exactly_the_embedded_data() -> None:
    compass, dataset = load()
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

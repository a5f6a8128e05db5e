"""A backup restores into an empty database, on SQLite and PostgreSQL alike and from one into
the other: the same records, the same uploaded files, and every frozen round replays to the same
hash. A damaged backup or a database that is not empty is refused, and nothing changes."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.utils import translation

from kompas.assessments.models import Judgement
from kompas.backup import archive, data
from kompas.backup.services import BackupError, advice_digest, backup, replay_hashes, restore
from kompas.regions.models import Region
from kompas.rounds.models import DecisionRound
from tests.backup.conftest import VENDORS, EmptyDatabase
from tests.rounds import DEFAULT_ROUND, frozen_default_round


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """The services' messages, read here in English (tests/cli/test_backup.py reads them in
    Dutch, the default)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def records(path: Path) -> list[dict[str, Any]]:
    """The backup's records, the data version's random token left out."""
    with zipfile.ZipFile(path) as opened:
        found = json.loads(opened.read(archive.DATABASE))
    for item in found:
        if item["model"] == "shared.dataversion":
            item["fields"].pop("token")
    return sorted(found, key=lambda item: (item["model"], str(item["pk"])))


def frozen_hash(using: str = "default") -> str:
    """SHA-256 of the advice stored when the round was frozen."""
    stored = DecisionRound.objects.using(using).get(key=DEFAULT_ROUND)
    assert stored.snapshot is not None
    return advice_digest(stored.snapshot["advice"])


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder with one uploaded file waiting for its import."""
    folder = tmp_path / "home"
    (folder / "uploads" / "job1").mkdir(parents=True)
    (folder / "uploads" / "job1" / "wgi.csv").write_bytes(b"code,value\nDE,1.5\n")
    return folder


def test_a_backup_holds_a_manifest_with_a_checksum_of_every_member(
    tmp_path: Path, home: Path
) -> None:
    frozen_default_round()
    path = tmp_path / "kompas.backup"
    summary = backup(path, home=home)
    assert path.stat().st_mode & 0o777 == 0o600  # it holds password hashes
    with zipfile.ZipFile(path) as opened:
        manifest = json.loads(opened.read(archive.MANIFEST))
        assert set(opened.namelist()) == {"manifest.json", "database.json", "uploads/job1/wgi.csv"}
        for name, member in manifest["members"].items():
            content = opened.read(name)
            assert member == {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    assert manifest["schema"] == "kompas.backup/1"
    assert manifest["database"] == connections["default"].vendor
    assert manifest["counts"]["regions.Region"] == Region.objects.count()
    assert manifest["frozen_rounds"] == {DEFAULT_ROUND: frozen_hash()} == summary.rounds
    assert summary.files == 1
    assert "auth.Permission" not in manifest["counts"]
    assert "sessions.Session" not in manifest["counts"]


@pytest.mark.parametrize("vendor", VENDORS)
def test_it_restores_into_an_empty_database_and_the_frozen_round_replays_to_the_same_hash(
    vendor: str, empty_database: EmptyDatabase, tmp_path: Path, home: Path
) -> None:
    frozen_default_round()
    first = tmp_path / "first.backup"
    made = backup(first, home=home)
    target = empty_database(vendor)

    said = target.restore(first)

    assert made.rounds == replay_hashes(target.alias) == {DEFAULT_ROUND: frozen_hash()}
    assert frozen_hash(target.alias) == frozen_hash()
    assert f"Frozen round {DEFAULT_ROUND} replays to SHA-256 {frozen_hash()}." in said
    assert f"{made.records} records, 1 uploaded file." in said
    uploaded = target.home / "uploads" / "job1" / "wgi.csv"
    assert uploaded.read_bytes() == b"code,value\nDE,1.5\n"
    # a backup of the restored database holds exactly the same records
    second = tmp_path / "second.backup"
    backup(second, using=target.alias, home=target.home)
    assert records(second) == records(first)
    # and the restored database takes new records after the restored ones
    judged = Judgement.objects.using(target.alias)
    restored = max(judged.values_list("pk", flat=True))
    added = judged.create(
        region=Region.objects.using(target.alias).get(code="DE2"),
        criterion="funding",
        category="weak",
        rationale="After the restore.",
        author_name="x",
    )
    assert added.pk > restored


@pytest.mark.skipif(len(VENDORS) < 2, reason="needs PostgreSQL (scripts/with-postgres)")
def test_a_backup_from_one_database_restores_into_the_other_and_back(
    empty_database: EmptyDatabase, tmp_path: Path, home: Path
) -> None:
    frozen_default_round()
    first = tmp_path / "postgresql.backup"
    backup(first, home=home)
    on_sqlite = empty_database("sqlite")
    on_sqlite.restore(first)
    second = tmp_path / "sqlite.backup"
    backup(second, using=on_sqlite.alias, home=on_sqlite.home)
    on_postgresql = empty_database("postgresql")
    on_postgresql.restore(second)
    third = tmp_path / "again.backup"
    backup(third, using=on_postgresql.alias, home=on_postgresql.home)
    assert records(first) == records(second) == records(third)
    expected = {DEFAULT_ROUND: frozen_hash()}
    assert replay_hashes(on_sqlite.alias) == replay_hashes(on_postgresql.alias) == expected


def test_it_refuses_a_database_that_is_not_empty_and_changes_nothing(
    tmp_path: Path, home: Path
) -> None:
    path = tmp_path / "kompas.backup"
    backup(path, home=home)
    before = Judgement.objects.count()
    with pytest.raises(BackupError, match="is not empty"):
        restore(path, home=tmp_path / "elsewhere")
    assert Judgement.objects.count() == before
    assert not (tmp_path / "elsewhere").exists()


def test_it_refuses_a_damaged_backup_before_touching_the_database(
    tmp_path: Path, home: Path, empty_database: EmptyDatabase
) -> None:
    path = tmp_path / "kompas.backup"
    backup(path, home=home)
    damaged = tmp_path / "damaged.backup"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(damaged, "w") as copy:
        for name in source.namelist():
            content = source.read(name)
            if name == "database.json":
                content = content.replace(b'"DE2"', b'"DE9"', 1)
            copy.writestr(name, content)
    target = empty_database("sqlite")
    refused = target.kompas("restore", damaged)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"Error: {damaged}: member database.json: checksum does not match the manifest\n"
    )
    assert data.applied_migrations(target.alias) == {}  # not even the tables were made


def test_it_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a backup", encoding="utf-8")
    with pytest.raises(BackupError, match=r"notes.txt: not a Kompas backup"):
        restore(path)
    with pytest.raises(BackupError, match="no such file"):
        restore(tmp_path / "absent.backup")


def test_it_refuses_a_restore_whose_frozen_round_would_replay_differently(
    tmp_path: Path, home: Path, empty_database: EmptyDatabase
) -> None:
    """The manifest says what the frozen round replayed to; a restore that gives anything else
    is rolled back whole, uploaded files included."""
    frozen_default_round()
    path = tmp_path / "kompas.backup"
    backup(path, home=home)
    altered = tmp_path / "altered.backup"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(altered, "w") as copy:
        for name in source.namelist():
            content = source.read(name)
            if name == archive.MANIFEST:
                manifest = json.loads(content)
                manifest["frozen_rounds"][DEFAULT_ROUND] = "0" * 64
                content = json.dumps(manifest).encode()
            copy.writestr(name, content)
    target = empty_database("sqlite")
    refused = target.kompas("restore", altered)
    assert refused.returncode == 1
    assert f"frozen round {DEFAULT_ROUND} does not replay" in refused.stderr
    assert not Region.objects.using(target.alias).exists()
    assert not (target.home / "uploads" / "job1" / "wgi.csv").exists()


def test_it_never_overwrites_a_file(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "kompas.backup"
    path.write_text("keep me", encoding="utf-8")
    with pytest.raises(BackupError, match="already exists"):
        backup(path, home=home)
    assert path.read_text(encoding="utf-8") == "keep me"


def test_it_refuses_to_back_up_a_database_that_is_not_set_up(
    tmp_path: Path, empty_database: EmptyDatabase
) -> None:
    target = empty_database("sqlite")
    refused = target.kompas("backup", tmp_path / "nothing.backup")
    assert refused.returncode == 1
    assert refused.stderr == (
        "Error: the database is not set up (migrations are missing): nothing to back up\n"
    )
    assert not (tmp_path / "nothing.backup").exists()


def test_it_refuses_a_backup_made_with_other_migrations(
    tmp_path: Path, home: Path, empty_database: EmptyDatabase
) -> None:
    path = tmp_path / "kompas.backup"
    backup(path, home=home)
    newer = tmp_path / "newer.backup"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(newer, "w") as copy:
        for name in source.namelist():
            content = source.read(name)
            if name == archive.MANIFEST:
                manifest = json.loads(content)
                manifest["migrations"]["shared"].append("9999_from_the_future")
                content = json.dumps(manifest).encode()
            copy.writestr(name, content)
    target = empty_database("sqlite")
    refused = target.kompas("restore", newer)
    assert refused.returncode == 1
    assert "other migrations of shared than this Kompas has" in refused.stderr
    assert "(backup: 9999_from_the_future; here: " in refused.stderr
    assert not Region.objects.using(target.alias).exists()

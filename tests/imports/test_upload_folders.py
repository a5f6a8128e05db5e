"""Uploaded files are kept only while their preview waits: the upload's folder goes when the import
is accepted, abandoned, refused, or left longer than KOMPAS_IMPORT_KEEP_HOURS."""

import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from kompas.imports import jobs
from kompas.imports.models import ImportJob
from tests.imports.previews import token_of
from tests.imports.wgi_files import every_indicator, write_wgi

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]


@pytest.fixture
def uploads(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.KOMPAS_IMPORT_WAIT = True
    settings.KOMPAS_HOME = tmp_path / "home"
    return tmp_path / "home" / "uploads"


def _upload(client: Client, tmp_path: Path, china: float = 1.9) -> str:
    path = write_wgi(tmp_path / "wgi-2025.xlsx", every_indicator("CHN", "China", 2024, china))
    with path.open("rb") as handle:
        response = client.post("/imports/upload/", {"source": "wgi", "file": handle})
    assert response.status_code == 302
    return str(response["Location"])


def _folders(uploads: Path) -> list[Path]:
    return sorted(uploads.iterdir()) if uploads.exists() else []


def test_accepting_an_import_removes_its_upload_folder(
    client_as: ClientAs, tmp_path: Path, uploads: Path
) -> None:
    client = client_as("analyst")
    job = _upload(client, tmp_path)
    assert len(_folders(uploads)) == 1
    client.post(job + "accept/", {"token": token_of(client.get(job).content.decode())})
    assert _folders(uploads) == []


def test_abandoning_an_import_removes_its_upload_folder(
    client_as: ClientAs, tmp_path: Path, uploads: Path
) -> None:
    client = client_as("analyst")
    client.post(_upload(client, tmp_path) + "abandon/")
    assert _folders(uploads) == []


def test_a_refused_file_keeps_its_message_but_not_its_upload(
    client_as: ClientAs, tmp_path: Path, uploads: Path
) -> None:
    client = client_as("analyst")
    job = _upload(client, tmp_path, china=999)
    assert (
        "wgi-2025.xlsx: sheet Sheet1: row 2: column estimate: 999 is outside"
        in client.get(job).content.decode()
    )
    assert _folders(uploads) == []


def test_a_preview_left_longer_than_the_keep_time_expires_with_its_upload(
    client_as: ClientAs, tmp_path: Path, uploads: Path, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IMPORT_KEEP_HOURS = 24
    client = client_as("analyst")
    old = _upload(client, tmp_path).rstrip("/").rsplit("/", 1)[1]
    fresh = _upload(client, tmp_path).rstrip("/").rsplit("/", 1)[1]
    ImportJob.objects.filter(pk=old).update(updated_at=timezone.now() - timedelta(hours=25))
    assert client.get("/imports/").status_code == 200  # the list page sweeps
    assert set(ImportJob.objects.values_list("pk", flat=True)) == {fresh}
    assert [folder.name for folder in _folders(uploads)] == [
        Path(ImportJob.objects.get(pk=fresh).path).parent.name
    ]
    response = client.get(f"/imports/jobs/{old}/", follow=True)  # an old link or Back
    assert response.redirect_chain == [("/imports/", 302)]
    assert "te lang blijven liggen" in response.content.decode()


def test_a_folder_no_job_refers_to_is_removed_once_older_than_the_keep_time(
    uploads: Path, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IMPORT_KEEP_HOURS = 1
    orphan = uploads / "cut-off-upload"
    orphan.mkdir(parents=True)
    (orphan / "half.xlsx").write_bytes(b"PK")
    recent = uploads / "being-uploaded"
    recent.mkdir()
    two_hours_ago = time.time() - 2 * 3600
    os.utime(orphan, (two_hours_ago, two_hours_ago))
    assert jobs.sweep() == 1
    assert _folders(uploads) == [recent]


def test_removing_an_upload_never_leaves_the_uploads_folder(uploads: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "data" / "wgi.xlsx"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"PK")
    (elsewhere.parent / "keep.txt").write_text("mine")
    jobs.remove_upload(elsewhere)
    assert not elsewhere.exists()
    assert (elsewhere.parent / "keep.txt").exists()  # only the file, never a folder outside


def test_an_upload_is_readable_by_the_account_that_runs_kompas_only(
    client_as: ClientAs, tmp_path: Path, uploads: Path
) -> None:
    client = client_as("analyst")
    _upload(client, tmp_path)
    [folder] = _folders(uploads)
    [upload] = list(folder.iterdir())
    assert (uploads.stat().st_mode & 0o777, folder.stat().st_mode & 0o777) == (0o700, 0o700)
    assert upload.stat().st_mode & 0o777 == 0o600

"""The import pages: upload, preview with progress, accept or abandon, and the report."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from kompas.imports.models import ImportRun
from kompas.regions.models import IndicatorValue
from tests.imports.previews import token_of
from tests.imports.wgi_files import every_indicator, write_wgi

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]


@pytest.fixture(autouse=True)
def _wait_for_reading(settings: SettingsWrapper, tmp_path: Path) -> None:
    settings.KOMPAS_IMPORT_WAIT = True
    settings.KOMPAS_HOME = tmp_path


def _upload(client: Client, path: Path, source: str = "wgi") -> str:
    with path.open("rb") as handle:
        response = client.post(
            "/imports/upload/", {"source": source, "file": handle, "edition": ""}
        )
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def _file(tmp_path: Path) -> Path:
    rows = every_indicator("CHN", "China", 2024, 1.9) + every_indicator("ABW", "Aruba", 2024, 0.5)
    return write_wgi(tmp_path / "wgi-2025.xlsx", rows)


def test_an_analyst_previews_then_imports_and_sees_the_report(
    client_as: ClientAs, tmp_path: Path
) -> None:
    client = client_as("analyst")
    job = _upload(client, _file(tmp_path))
    preview = client.get(job).content.decode()
    assert "wgi-2025.xlsx" in preview
    wgi_2025 = IndicatorValue.objects.filter(edition="2025", indicator__key__startswith="wgi")
    assert not wgi_2025.exists()  # the preview wrote nothing
    response = client.post(job + "accept/", {"token": token_of(preview)})
    run = ImportRun.objects.get()
    assert response["Location"] == f"/imports/{run.pk}/"
    assert wgi_2025.filter(region__code="CN").count() == 6
    report = client.get(f"/imports/{run.pk}/").content.decode()
    assert "CN-JS" in report
    assert run.sha256 in report


def test_going_back_to_an_accepted_preview_leads_to_the_list_not_a_404(
    client_as: ClientAs, tmp_path: Path
) -> None:
    client = client_as("analyst")
    job = _upload(client, _file(tmp_path))
    accepted = client.post(
        job + "accept/", {"token": token_of(client.get(job).content.decode())}, follow=True
    )
    said = accepted.content.decode()
    assert "Geïmporteerd: Worldwide Governance Indicators, editie 2025 (wgi-2025.xlsx)." in said
    assert "Geïmporteerd: wgi " not in said  # not the internal id
    response = client.get(job, follow=True)  # the browser's Back button
    assert response.redirect_chain == [("/imports/", 302)]
    assert "Deze import is afgerond" in response.content.decode()


def test_abandoning_a_preview_stores_nothing_and_removes_the_upload(
    client_as: ClientAs, tmp_path: Path
) -> None:
    client = client_as("analyst")
    job = _upload(client, _file(tmp_path))
    uploads = list((tmp_path / "uploads").rglob("*.xlsx"))
    assert len(uploads) == 1
    client.post(job + "abandon/")
    assert not ImportRun.objects.exists()
    assert not list((tmp_path / "uploads").rglob("*.xlsx"))


def test_a_refused_file_shows_the_row_and_column_and_stores_nothing(
    client_as: ClientAs, tmp_path: Path
) -> None:
    rows = every_indicator("CHN", "China", 2024, 1.0)
    rows[1] = ("CHN", "China", 2024, "pv", "veel", 0.2)
    client = client_as("analyst")
    job = _upload(client, write_wgi(tmp_path / "kapot.xlsx", rows))
    page = client.get(job).content.decode()
    assert (
        "kapot.xlsx: sheet Sheet1: row 3: column estimate: &#x27;veel&#x27; is not a number" in page
    )
    assert client.post(job + "accept/").status_code == 404
    assert not ImportRun.objects.exists()


def test_an_oversized_upload_is_refused_naming_the_file(
    client_as: ClientAs, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("groot.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 10))
    response = client_as("analyst").post("/imports/upload/", {"source": "wgi", "file": big})
    assert response.status_code == 400
    assert "groot.xlsx" in response.content.decode()
    assert not ImportRun.objects.exists()


def _job_row(job_id: str, path: Path, **fields: object) -> None:
    from django.contrib.auth.models import User

    from kompas.imports.models import ImportJob

    analyst = User.objects.get(username="analyst")
    ImportJob.objects.create(id=job_id, source="wgi", path=str(path), user=analyst, **fields)


def test_the_progress_fragment_polls_while_reading(client_as: ClientAs, tmp_path: Path) -> None:
    _job_row("reading1", tmp_path / "x.xlsx", done=40, total=100)
    client = client_as("analyst")
    fragment = client.get("/imports/jobs/reading1/", HTTP_HX_REQUEST="true").content.decode()
    page = client.get("/imports/jobs/reading1/").content.decode()
    assert fragment.startswith(
        '<div id="import-job" hx-get="/imports/jobs/reading1/" hx-trigger="every 500ms"'
    )
    assert 'value="40"' in fragment
    assert "<html" not in fragment
    assert "<html" in page


def test_a_job_another_process_read_shows_its_preview_here(
    client_as: ClientAs, tmp_path: Path
) -> None:
    """Jobs live in the database: a server process that did not read the file (so has no plan
    in memory) reads it again and shows the same preview, and can import it."""
    path = _file(tmp_path)
    _job_row("elsewhere1", path, status="ready", done=1, total=1)
    client = client_as("analyst")
    page = client.get("/imports/jobs/elsewhere1/").content.decode()
    assert 'action="/imports/jobs/elsewhere1/accept/"' in page
    response = client.post("/imports/jobs/elsewhere1/accept/", {"token": token_of(page)})
    assert response.status_code == 302
    assert ImportRun.objects.count() == 1


def test_a_job_whose_reading_stalled_is_reported_as_interrupted(
    english: ClientAs, tmp_path: Path
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from kompas.imports.models import ImportJob

    _job_row("stalled1", tmp_path / "wgi.xlsx", done=10, total=100)
    ImportJob.objects.filter(pk="stalled1").update(updated_at=timezone.now() - timedelta(hours=1))
    page = english("analyst").get("/imports/jobs/stalled1/").content.decode()
    assert "wgi.xlsx: reading was interrupted; upload it again." in page
    assert "hx-trigger" not in page


def test_viewers_see_the_imports_but_cannot_upload(client_as: ClientAs, tmp_path: Path) -> None:
    viewer = client_as("viewer")
    assert viewer.get("/imports/").status_code == 200
    with _file(tmp_path).open("rb") as handle:
        assert viewer.post("/imports/upload/", {"source": "wgi", "file": handle}).status_code == 403
    assert client_as(None).get("/imports/").status_code == 302


def test_someone_else_cannot_open_or_accept_your_preview(
    client_as: ClientAs, tmp_path: Path
) -> None:
    job = _upload(client_as("analyst"), _file(tmp_path))
    other = client_as("coordinator")
    assert other.get(job).status_code == 404
    assert other.post(job + "accept/").status_code == 404

"""A preview records the version of the data it reads (regions, indicator values, sources,
boundaries); accepting it after those data changed is refused with an offer of a fresh preview:
never a 500, never a silent overwrite with a wrong "before" value. Judgements, gates and
decisions saved meanwhile leave a preview be."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from kompas.assessments.models import Judgement
from kompas.imports import services
from kompas.imports.models import ImportRun
from kompas.regions.models import IndicatorValue, Region
from kompas.shared.version import VALUES, bump, current_token
from tests.cli.support import run
from tests.imports.previews import token_of
from tests.imports.wgi_files import every_indicator, write_wgi

pytestmark = pytest.mark.django_db
ClientAs = Callable[[str | None], Client]


def _file(folder: Path, china: float, name: str = "wgi-2025.xlsx") -> Path:
    folder.mkdir(exist_ok=True)
    return write_wgi(folder / name, every_indicator("CHN", "China", 2024, china))


def _china() -> float:
    return IndicatorValue.objects.get(
        region__code="CN", indicator__key="wgi_rl", edition="2025"
    ).value


def test_a_preview_records_the_data_version_it_was_computed_on(tmp_path: Path) -> None:
    plan = services.read("wgi", _file(tmp_path, 1.9))
    assert plan.token == current_token(VALUES)


def test_accepting_a_preview_of_the_same_values_after_another_import_is_refused_not_a_500(
    tmp_path: Path,
) -> None:
    first = services.read("wgi", _file(tmp_path / "a", 1.9, "copy-a.xlsx"))
    second = services.read("wgi", _file(tmp_path / "b", 1.9, "copy-b.xlsx"))
    services.apply(second)
    with pytest.raises(services.StalePreviewError) as caught:
        services.apply(first)  # was: UNIQUE constraint failed: regions_indicatorvalue…
    assert caught.value.file_name == "copy-a.xlsx"
    assert ImportRun.objects.count() == 1
    fresh = services.read("wgi", tmp_path / "a" / "copy-a.xlsx")
    assert not fresh.writes  # the fresh preview says nothing changes


def test_accepting_a_stale_preview_never_overwrites_with_a_wrong_before_value(
    tmp_path: Path,
) -> None:
    ours = services.read("wgi", _file(tmp_path / "a", 1.9))
    theirs = services.read("wgi", _file(tmp_path / "b", 1.5))
    services.apply(theirs)
    with pytest.raises(services.StalePreviewError):
        services.apply(ours)  # was: stored 1.9 with "before" the old edition, not their 1.5
    assert _china() == 1.5
    fresh = services.read("wgi", tmp_path / "a" / "wgi-2025.xlsx")
    [change] = [c for c in fresh.changed if c.indicator == "wgi_rl"]
    assert (change.before, change.after) == (1.5, 1.9)
    run_ = services.apply(fresh)
    assert run_ is not None
    assert _china() == 1.9


def test_a_change_of_the_data_an_import_reads_makes_its_preview_stale(tmp_path: Path) -> None:
    plan = services.read("wgi", _file(tmp_path, 1.9))
    region = Region.objects.get(code="CN")
    region.name_en = "China (renamed)"
    region.save()  # as a new region, another import, or a changed source does
    with pytest.raises(services.StalePreviewError):
        services.apply(plan)
    assert not ImportRun.objects.exists()


def test_a_judgement_saved_meanwhile_leaves_the_preview_be(tmp_path: Path) -> None:
    plan = services.read("wgi", _file(tmp_path, 1.9))
    before = current_token()
    judgement = Judgement.objects.filter(region__code="DE2").first()
    assert judgement is not None
    judgement.rationale += " (reread)"
    judgement.save()  # an analyst at work while the import waits for its accept
    assert current_token() != before  # what is weighed did change
    assert services.apply(plan) is not None
    assert _china() == 1.9


@contextmanager
def _another_writer_just_before_the_accept() -> Iterator[None]:
    """Let another writer change the data between the preview and the accept: just before the
    accept claims the version, the version of the data it reads is renewed, as a concurrent
    import would."""
    done: list[bool] = []

    def interleave(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not done and sql.startswith("UPDATE") and "shared_dataversion" in sql:
            done.append(True)
            bump(values=True)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(interleave):
        yield
    assert done, "the accept never claimed the data version"


def test_the_command_line_refuses_a_preview_that_went_stale_while_it_ran(tmp_path: Path) -> None:
    with _another_writer_just_before_the_accept():
        result = run("import", "wgi", str(_file(tmp_path, 1.9)))
    assert result.exit_code == 1
    assert "Error: wgi-2025.xlsx: de gegevens zijn gewijzigd" in result.stderr
    assert "voer de opdracht opnieuw uit voor een nieuwe voorvertoning" in result.stderr
    assert "Traceback" not in result.output
    assert not ImportRun.objects.exists()


def _upload(client: Client, path: Path) -> str:
    with path.open("rb") as handle:
        response = client.post("/imports/upload/", {"source": "wgi", "file": handle})
    assert response.status_code == 302
    return str(response["Location"])


def _token(client: Client, job: str) -> str:
    return token_of(client.get(job).content.decode())


def test_the_web_refuses_a_stale_preview_and_shows_a_fresh_one(
    client_as: ClientAs, tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IMPORT_WAIT = True
    settings.KOMPAS_HOME = tmp_path / "home"
    client = client_as("analyst")
    ours = _upload(client, _file(tmp_path / "a", 1.9))
    seen = _token(client, ours)
    theirs = _upload(client, _file(tmp_path / "b", 1.5))
    assert client.post(theirs + "accept/", {"token": _token(client, theirs)}).status_code == 302
    response = client.post(ours + "accept/", {"token": seen}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "De gegevens zijn gewijzigd sinds deze voorvertoning" in page
    assert "Er is niets opgeslagen" in page
    assert _china() == 1.5
    assert ImportRun.objects.count() == 1
    fresh = _token(client, ours)
    assert fresh != seen  # the page now shows a fresh preview, of the data as they are now
    assert "1,500" in page or "1.500" in page  # … with their 1.5 as the value before
    assert client.post(ours + "accept/", {"token": fresh}).status_code == 302
    assert _china() == 1.9


def test_an_accept_without_the_previews_version_is_refused(
    client_as: ClientAs, tmp_path: Path, settings: SettingsWrapper
) -> None:
    settings.KOMPAS_IMPORT_WAIT = True
    settings.KOMPAS_HOME = tmp_path / "home"
    client = client_as("analyst")
    job = _upload(client, _file(tmp_path, 1.9))
    response = client.post(job + "accept/")
    assert response.status_code == 302
    assert response["Location"] == job
    assert not ImportRun.objects.exists()


def test_a_fresh_preview_that_the_changed_data_now_refuses_shows_why_not_a_500(
    client_as: ClientAs, tmp_path: Path, settings: SettingsWrapper
) -> None:
    """Own values previewed, then the same id imported from a publisher: the fresh preview
    refuses the file, and the page says why."""
    from kompas.regions.models import Indicator

    settings.KOMPAS_IMPORT_WAIT = True
    settings.KOMPAS_HOME = tmp_path / "home"
    client = client_as("analyst")
    path = tmp_path / "eigen.csv"
    path.write_text("region,indicator,edition,year,value,std_error\nNL,sdg_index,2024,,1,\n")
    with path.open("rb") as handle:
        job = client.post("/imports/upload/", {"source": "csv", "file": handle})["Location"]
    seen = _token(client, job)
    Indicator.objects.create(key="sdg_index", name_nl="SDG", name_en="SDG", publisher="UN SDSN")
    response = client.post(job + "accept/", {"token": seen}, follow=True)
    assert response.status_code == 200
    assert "&#x27;sdg_index&#x27; is an indicator of UN SDSN" in response.content.decode()
    assert client.post(job + "accept/", {"token": seen}).status_code == 404
    assert not IndicatorValue.objects.filter(indicator__key="sdg_index").exists()

"""Importing: preview first, then everything or nothing, with provenance and a change report."""

from pathlib import Path

import pytest
from django.contrib.auth.models import User

from kompas.audit.models import AuditEvent
from kompas.imports import services
from kompas.imports.models import ImportRun
from kompas.readers.base import SourceError
from kompas.regions.models import IndicatorValue
from tests.imports.wgi_files import every_indicator, write_wgi

pytestmark = pytest.mark.django_db


def _next_edition(path: Path, china: float = 1.9) -> Path:
    """A 2025 release (data year 2024): China's estimates raised, the Netherlands unchanged."""
    rows = every_indicator("CHN", "China", 2024, china) + every_indicator(
        "NLD", "Netherlands", 2024, 1.64
    )
    rows += [
        *every_indicator("ABW", "Aruba", 2024, 1.0),
        ("ANT", "Netherlands Antilles", 2024, "rl", 0.5, 0.1),
    ]
    return write_wgi(path / "wgi-2025.xlsx", rows)


def _values() -> list[tuple[str, str, str, float]]:
    return sorted(
        IndicatorValue.objects.values_list("region__code", "indicator__key", "edition", "value")
    )


def test_the_preview_writes_nothing(tmp_path: Path) -> None:
    before = _values()
    plan = services.read("wgi", _next_edition(tmp_path))
    assert plan.batch.edition == "2025"
    assert len(plan.added) == 12  # CN and NL, six indicators each
    assert plan.outside == ["AW"]
    assert [s.text for s in plan.batch.skipped] == ["ANT Netherlands Antilles"]
    assert _values() == before
    assert not ImportRun.objects.exists()


def test_an_import_stores_values_with_their_provenance(tmp_path: Path) -> None:
    path = _next_edition(tmp_path)
    user = User.objects.get(username="analyst")
    run = services.apply(services.read("wgi", path), user)
    assert run is not None
    stored = IndicatorValue.objects.select_related("source", "run").get(
        region__code="CN", indicator__key="wgi_rl", edition="2025"
    )
    assert stored.value == 1.9
    assert stored.run == run
    assert (run.publisher, run.edition, run.file_name, run.imported_by) == (
        "World Bank",
        "2025",
        "wgi-2025.xlsx",
        user,
    )
    assert run.sha256 == services.sha256_of(path)
    assert stored.source.sha256 == run.sha256
    assert stored.source.file == "wgi-2025.xlsx"
    assert AuditEvent.objects.filter(action="import", username="analyst").exists()


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = _next_edition(tmp_path)
    services.apply(services.read("wgi", path))
    before = _values()
    again = services.read("wgi", path)
    assert again.earlier is not None
    assert not again.writes
    assert services.apply(again) is None
    assert _values() == before
    assert ImportRun.objects.count() == 1


def test_the_change_report_lists_moved_values_and_changed_advice(tmp_path: Path) -> None:
    run = services.apply(services.read("wgi", _next_edition(tmp_path)))
    assert run is not None
    moved = {(m["region"], m["indicator"]): m for m in run.report["moved"]}
    china = moved[("CN", "wgi_rl")]
    assert (china["before_edition"], china["after"]) == ("2024", 1.9)
    assert china["before"] == pytest.approx(-0.15, abs=0.3)
    changed = {(a["region"], a["track"]): a for a in run.report["advice_changed"]}
    jiangsu = changed[("CN-JS", "innovation")]  # Jiangsu reads China's rule of law as a proxy
    assert jiangsu["after"][3] > jiangsu["before"][3]  # a higher best case …
    assert not jiangsu["level_changed"]  # … within the same range of levels
    assert ("JP", "innovation") not in changed  # no Japanese values in this file


def test_a_new_release_of_the_same_edition_updates_the_values(tmp_path: Path) -> None:
    services.apply(services.read("wgi", _next_edition(tmp_path)))
    second = tmp_path / "second"
    second.mkdir()
    plan = services.read("wgi", _next_edition(second, china=1.5))
    assert len(plan.changed) == 6
    assert not plan.added
    run = services.apply(plan)
    assert run is not None
    value = IndicatorValue.objects.get(region__code="CN", indicator__key="wgi_rl", edition="2025")
    assert (value.value, value.run) == (1.5, run)


def test_a_bad_file_is_refused_and_the_database_stays_as_it_was(tmp_path: Path) -> None:
    before = _values()
    rows = every_indicator("CHN", "China", 2024, 1.0)
    rows[3] = ("CHN", "China", 2024, "rq", "hoog", 0.2)
    with pytest.raises(SourceError) as caught:
        services.read("wgi", write_wgi(tmp_path / "bad.xlsx", rows))
    assert (
        str(caught.value)
        == "bad.xlsx: sheet Sheet1: row 5: column estimate: 'hoog' is not a number"
    )
    assert _values() == before
    assert not ImportRun.objects.exists()

"""`kompas import`: list, preview (--dry-run), import, and refusal of a bad file."""

import getpass
from pathlib import Path

from kompas.imports.models import ImportRun
from kompas.regions.models import IndicatorValue
from tests.cli.support import fails, ok
from tests.imports.wgi_files import every_indicator, write_wgi


def _file(tmp_path: Path, china: float = 1.9) -> Path:
    return write_wgi(tmp_path / "wgi-2025.xlsx", every_indicator("CHN", "China", 2024, china))


def test_it_lists_the_sources_it_can_import() -> None:
    output = ok("import", "--list")
    assert output.startswith("wgi\tWorld Bank: Worldwide Governance Indicators (.xlsx)")


def test_a_dry_run_shows_the_preview_and_writes_nothing(tmp_path: Path) -> None:
    output = ok("import", "wgi", str(_file(tmp_path)), "--dry-run")
    assert "editie 2025" in output
    assert "Nieuw: 6" in output
    assert not ImportRun.objects.exists()


def test_an_import_stores_the_values_and_reports_what_changed(tmp_path: Path) -> None:
    path = _file(tmp_path)  # written once: an xlsx carries its creation time
    output = ok("import", "wgi", str(path), "--user", "analyst")
    assert "Opgeslagen: 6 nieuw, 0 gewijzigd." in output
    assert "CN wgi_rl: " in output
    assert "CN-JS innovation:" in output
    run = ImportRun.objects.get()
    assert run.imported_by_name == "analyst"
    assert IndicatorValue.objects.filter(run=run).count() == 6
    again = ok("import", "wgi", str(path))
    assert "Dit bestand is al geïmporteerd" in again
    assert "Er verandert niets" in again
    assert ImportRun.objects.count() == 1


def test_a_bad_file_is_refused_with_its_sheet_row_and_column(tmp_path: Path) -> None:
    rows = every_indicator("CHN", "China", 2024, 1.0)
    rows[5] = ("CHN", "China", 2024, "cc", 1.0, "groot")
    message = fails("import", "wgi", str(write_wgi(tmp_path / "bad.xlsx", rows)))
    assert "bad.xlsx: sheet Sheet1: row 7: column stddev: 'groot' is not a number" in message
    assert not ImportRun.objects.exists()


def test_it_refuses_an_unknown_source_and_a_missing_file(tmp_path: Path) -> None:
    assert "onbekende bron 'ris2'" in fails("import", "ris2", str(tmp_path / "x.xlsx"))
    assert "unknown source 'ris2'" in fails(
        "import", "ris2", str(tmp_path / "x.xlsx"), "--lang", "en"
    )
    assert "file not found" in fails("import", "wgi", str(tmp_path / "missing.xlsx"))


def test_an_import_without_user_is_recorded_as_the_operating_system_user(tmp_path: Path) -> None:
    ok("import", "wgi", str(_file(tmp_path)))
    run = ImportRun.objects.get()
    assert run.imported_by is None
    assert run.imported_by_name == f"cli:{getpass.getuser()}"

"""`kompas backup FILE` and `kompas restore FILE` on the command line: the messages, the refusals,
and a backup taken while the server is saving judgements that restores to a consistent state."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

from kompas.assessments.models import Judgement
from kompas.audit.models import AuditEvent
from tests.assessments.served import Browser, serve
from tests.backup.conftest import EmptyDatabase, empty_database
from tests.cli.support import fails, ok, run

__all__ = ["empty_database"]  # the fixture, used below


def test_it_writes_a_backup_and_says_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "kompas.backup"
    said = ok("backup", path, "--lang", "en")
    assert said.startswith(f"Backup written to {path}: ")
    assert " records, 0 uploaded files.\n" in said
    assert zipfile.ZipFile(path).namelist()[-1] == "manifest.json"


def test_it_speaks_dutch_by_default(tmp_path: Path) -> None:
    path = tmp_path / "kompas.backup"
    assert ok("backup", path).startswith(f"Back-up geschreven naar {path}: ")
    assert fails("backup", path) == (
        f"Error: {path} bestaat al; kies een andere naam (een back-up overschrijft nooit een "
        "bestand)\n"
    )


def test_it_refuses_to_restore_into_a_database_that_is_not_empty(tmp_path: Path) -> None:
    path = tmp_path / "kompas.backup"
    ok("backup", path)
    refused = run("restore", path, "--lang", "en")
    assert refused.exit_code == 1
    assert "is not empty (it holds " in refused.stderr
    assert refused.stderr.endswith("a backup is restored only into an empty database\n")


def test_it_names_the_file_that_is_not_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "notes.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    assert fails("restore", path, "--lang", "en") == (
        f"Error: {path}: not a Kompas backup (not a zip archive)\n"
    )


def test_a_backup_taken_while_analysts_save_restores_to_a_consistent_state(
    tmp_path: Path, empty_database: EmptyDatabase
) -> None:
    """Every save changes a judgement and adds its audit event in one transaction; a backup read
    from one snapshot holds both or neither, so each judgement's version is that of its latest
    audit event, however the saves and the backup interleave."""
    urls = [f"/judgements/{code}/criterion/funding/" for code in ("DE1", "DE2", "AT", "CH")]
    categories = ["weak", "moderate", "strong"]
    saves: list[int] = []
    done = threading.Event()
    backups = [tmp_path / f"during-{i}.backup" for i in range(3)]
    with serve(tmp_path / "served", ["analyst0"]) as served:
        browser = Browser(served, "analyst0")

        def keep_saving() -> None:
            while not done.is_set():
                for url in urls:
                    version = browser.version(url)
                    category = categories[(len(saves) + version) % 3]
                    form: dict[str, str | int] = {"category": category, "version": version}
                    saves.append(browser.post(url, {**form, "rationale": "Busy."})[0])

        saver = threading.Thread(target=keep_saving)
        saver.start()
        try:
            while len(saves) < len(urls) and saver.is_alive():  # every record saved once first
                time.sleep(0.05)
            for path in backups:
                command = [sys.executable, "-m", "kompas", "--lang", "en", "backup", str(path)]
                made = subprocess.run(command, env=served.env, capture_output=True, text=True)
                assert made.returncode == 0, made.stderr
        finally:
            done.set()
            saver.join(timeout=120)
    assert len(saves) > len(urls)
    assert set(saves) == {200}, saves
    for path in backups:
        target = empty_database("sqlite")
        target.restore(path)
        judged = Judgement.objects.using(target.alias).filter(author_name="analyst0")
        assert judged.exists()
        events = AuditEvent.objects.using(target.alias).filter(model="assessments.Judgement")
        for judgement in judged:
            latest = events.filter(object_id=str(judgement.pk)).order_by("-at", "-id").first()
            assert latest is not None
            assert latest.after is not None
            assert latest.after["version"] == judgement.version, path.name

"""`backup` and `restore`: what the command line calls.

A backup also records, per frozen decision round, the hash of its replay (the advice recomputed
from its snapshot alone); a restore replays every frozen round again before it commits and
refuses the whole restore if one gives another hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.backup import archive, data
from kompas.backup.archive import BackupError

__all__ = ["BackupError", "Summary", "advice_digest", "backup", "replay_hashes", "restore"]


@dataclass(frozen=True)
class Summary:
    """What a backup holds or a restore wrote."""

    records: int
    files: int
    rounds: dict[str, str]  # frozen round key -> SHA-256 of its replay
    manifest: dict[str, Any]


def replay_hashes(using: str) -> dict[str, str]:
    """Per frozen round, the SHA-256 of the advice replayed from its snapshot."""
    from kompas.rounds.models import DecisionRound
    from kompas.rounds.snapshot import replay

    frozen = DecisionRound.objects.using(using).filter(snapshot__isnull=False).order_by("key")
    return {stored.key: advice_digest(replay(stored)) for stored in frozen}


def advice_digest(advice: list[dict[str, Any]]) -> str:
    """SHA-256 of a round's advice records, whatever their order (PostgreSQL's jsonb keeps a
    snapshot's regions in an order of its own), every number to the last bit."""
    ordered = sorted(advice, key=lambda item: (item["region"], item["track"]))
    return hashlib.sha256(json.dumps(ordered, sort_keys=True).encode()).hexdigest()


def uploads_folder(home: Path | None = None) -> Path:
    return Path(home if home is not None else settings.KOMPAS_HOME) / archive.UPLOADS


def _uploaded_files(folder: Path) -> Iterator[tuple[str, Path]]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path.relative_to(folder).as_posix(), path


def backup(path: Path, using: str = "default", home: Path | None = None) -> Summary:
    """Write the database's records and the uploaded files to a new archive at `path`.

    The records come from one snapshot, taken while the server may be writing; the uploaded
    files are read after it (a file that disappears meanwhile, its import finished, is left out).
    """
    home = Path(home if home is not None else settings.KOMPAS_HOME)
    with data.snapshot(using):
        records, counts, migrations = data.dump(using)
        rounds = replay_hashes(using)
    files = 0
    with archive.writing(path) as writer:
        writer.add_bytes(archive.DATABASE, records)
        for name, file in _uploaded_files(uploads_folder(home)):
            try:
                with file.open("rb") as source:
                    writer.add_file(f"{archive.UPLOADS}/{name}", source)
                files += 1
            except FileNotFoundError:
                continue
        manifest = archive.write_manifest(
            writer,
            {
                "created_at": timezone.now().isoformat(),
                "kompas": _version(),
                "database": connections[using].vendor,
                "home": str(home),
                "migrations": migrations,
                "counts": counts,
                "frozen_rounds": rounds,
            },
        )
    return Summary(sum(counts.values()), files, rounds, manifest)


def restore(path: Path, using: str = "default", home: Path | None = None) -> Summary:
    """Restore the archive at `path` into the empty database `using` and the folder `home`.

    Checks the whole archive first (manifest, checksums), then that the database is empty and
    at the same migrations, then writes the uploaded files (none may exist already) and loads
    the records in one transaction, replaying every frozen round before committing. On any
    error, BackupError, and nothing is changed.
    """
    home = Path(home if home is not None else settings.KOMPAS_HOME)
    with archive.reading(path) as (opened, manifest):
        try:
            records = json.loads(opened.read(archive.DATABASE))
        except ValueError:
            raise BackupError(
                _("%(file)s: %(member)s is not valid JSON")
                % {"file": path, "member": archive.DATABASE}
            ) from None
        data.prepare_empty(using, manifest.get("migrations") or {})
        _move_uploads(records, str(manifest.get("home", "")), home)
        written = _write_uploads(path, opened, manifest, uploads_folder(home))
        try:
            with transaction.atomic(using=using):
                counts = data.load(using, records)
                rounds = replay_hashes(using)
                _same_replays(path, manifest.get("frozen_rounds") or {}, rounds)
        except BaseException:
            for file in written:
                file.unlink(missing_ok=True)
            raise
    return Summary(sum(counts.values()), len(written), rounds, manifest)


def _same_replays(path: Path, expected: dict[str, str], found: dict[str, str]) -> None:
    for key in sorted(set(expected) | set(found)):
        if expected.get(key) != found.get(key):
            raise BackupError(
                _(
                    "%(file)s: frozen round %(round)s does not replay to the result it had when "
                    "the backup was made; nothing was restored"
                )
                % {"file": path, "round": key}
            )


def _move_uploads(records: list[dict[str, Any]], old_home: str, home: Path) -> None:
    """Import jobs name their uploaded file under the data folder: point them at the new one."""
    if not old_home:
        return
    old = old_home.rstrip("/") + "/"
    for item in records:
        if item.get("model") == "imports.importjob":
            fields = item["fields"]
            if str(fields.get("path", "")).startswith(old):
                fields["path"] = str(home / fields["path"][len(old) :])


def _write_uploads(path: Path, opened: Any, manifest: dict[str, Any], folder: Path) -> list[Path]:
    """Write the archive's uploaded files under `folder`; refuse before writing if one exists."""
    prefix = archive.UPLOADS + "/"
    names = [n for n in manifest.get("members", {}) if n.startswith(prefix)]
    targets = [(name, folder / PurePosixPath(name[len(prefix) :])) for name in names]
    for name, target in targets:
        if target.exists():
            raise BackupError(
                _("%(file)s: member %(member)s: %(target)s already exists")
                % {"file": path, "member": name, "target": target}
            )
    written: list[Path] = []
    try:
        for name, target in targets:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with opened.open(name) as source, target.open("xb") as out:
                while chunk := source.read(archive.CHUNK):
                    out.write(chunk)
            target.chmod(0o600)
            written.append(target)
    except BaseException:
        for target in written:
            target.unlink(missing_ok=True)
        raise
    return written


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kompas")
    except PackageNotFoundError:
        return "unknown"

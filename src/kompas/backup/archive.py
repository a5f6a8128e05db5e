"""The backup file: a zip archive whose manifest names every other member with its size and
SHA-256, so that a restore checks the whole file before it changes anything.

    manifest.json     schema, when, what (database vendor, migrations, counts, frozen rounds)
    database.json     the database's records (kompas.backup.data)
    uploads/...       the files under KOMPAS_HOME/uploads/
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.utils.translation import gettext as _

SCHEMA = "kompas.backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
UPLOADS = "uploads"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot be done. The message names the file and the problem;
    nothing was changed."""


class Writer:
    """Members written one by one into a new archive; the manifest last, with their checksums."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.members: dict[str, dict[str, Any]] = {}

    def add_bytes(self, name: str, data: bytes) -> None:
        with self.archive.open(name, "w") as member:
            member.write(data)
        self.members[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    def add_file(self, name: str, source: IO[bytes]) -> None:
        digest, size = hashlib.sha256(), 0
        with self.archive.open(name, "w", force_zip64=True) as member:
            while chunk := source.read(CHUNK):
                member.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        self.members[name] = {"size": size, "sha256": digest.hexdigest()}


@contextmanager
def writing(path: Path) -> Iterator[Writer]:
    """A new archive at `path`, readable by its owner only (it holds password hashes).

    Written beside `path` and moved into place when complete: a failed backup leaves no file.
    An existing file is never overwritten.
    """
    if path.exists():
        raise BackupError(
            _("%(file)s already exists; choose another name (a backup never overwrites a file)")
            % {"file": path}
        )
    if not path.parent.is_dir():
        raise BackupError(_("%(folder)s: no such folder") % {"folder": path.parent})
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as stream,
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            yield Writer(archive)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_manifest(writer: Writer, manifest: dict[str, Any]) -> dict[str, Any]:
    complete = {**manifest, "schema": SCHEMA, "members": dict(sorted(writer.members.items()))}
    data = json.dumps(complete, indent=1, ensure_ascii=False).encode()
    with writer.archive.open(MANIFEST, "w") as member:
        member.write(data)
    return complete


@contextmanager
def reading(path: Path) -> Iterator[tuple[zipfile.ZipFile, dict[str, Any]]]:
    """The archive and its manifest, after checking every member against the manifest."""
    not_a_backup = _("%(file)s: not a Kompas backup (not a zip archive)") % {"file": path}
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(_("%(file)s: no such file") % {"file": path}) from None
    except (zipfile.BadZipFile, OSError):
        raise BackupError(not_a_backup) from None
    with archive:
        try:
            manifest = _manifest(path, archive)
            _check_members(path, archive, manifest)
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise BackupError(not_a_backup) from None
        yield archive, manifest


def _manifest(path: Path, archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(
            _("%(file)s: no %(member)s") % {"file": path, "member": MANIFEST}
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(
            _("%(file)s: %(member)s is not valid JSON") % {"file": path, "member": MANIFEST}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA:
        found = manifest.get("schema") if isinstance(manifest, dict) else None
        raise BackupError(
            _("%(file)s: schema %(found)r, expected %(schema)r")
            % {"file": path, "found": found, "schema": SCHEMA}
        )
    return manifest


def _check_members(path: Path, archive: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    listed: dict[str, Any] = manifest.get("members") or {}
    present = set(archive.namelist()) - {MANIFEST}
    for name in sorted(present | set(listed)):
        where = {"file": path, "member": name}
        if not safe_name(name):
            raise BackupError(_("%(file)s: member %(member)s: unsafe name") % where)
        if name not in listed:
            raise BackupError(_("%(file)s: member %(member)s is not in the manifest") % where)
        if name not in present:
            raise BackupError(_("%(file)s: member %(member)s is missing") % where)
        digest, size = hashlib.sha256(), 0
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        expected = listed[name]
        if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
            raise BackupError(
                _("%(file)s: member %(member)s: checksum does not match the manifest") % where
            )
    if DATABASE not in listed:
        raise BackupError(_("%(file)s: no %(member)s") % {"file": path, "member": DATABASE})


def safe_name(name: str) -> bool:
    """A relative path without `..`: it cannot land outside the folder it is restored into."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name

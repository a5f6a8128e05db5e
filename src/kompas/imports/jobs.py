"""Reading an uploaded file in the background, so the page can show progress.

A job's state lives in the database (`ImportJob`), so that every server process sees it: the
process that received the upload reads the file in a thread and writes its progress there. The
plan (the preview) is kept in memory by the process that made it; another process that is asked
for it reads the file again (reading is deterministic, and plans against the database as it is
then). Nothing is written to the weighed data by a job: that happens only when the user accepts
the preview (`services.apply`).

An upload lives in its own folder under `KOMPAS_HOME/uploads/`, removed when the job ends:
accepted, abandoned, refused (a failed job keeps only its message), or expired
(`KOMPAS_IMPORT_KEEP_HOURS` after its last change; `sweep` runs on every upload and list page,
and also removes folders no job refers to, e.g. of an upload cut off by a restart).
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Literal, cast

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from kompas.imports import services
from kompas.imports.models import ImportJob
from kompas.readers.base import SourceError

Status = Literal["reading", "ready", "failed"]
PROGRESS_EVERY = 0.25  # seconds between progress writes
STALLED = timedelta(minutes=2)  # a reading job without progress for this long was interrupted

_plans: dict[str, services.Plan] = {}
_lock = threading.Lock()


@dataclass
class Job:
    """One job as a page shows it."""

    id: str
    source: str
    path: Path
    user_id: int | None
    edition: str | None = None
    status: Status = "reading"
    done: int = 0
    total: int = 0
    error: str = ""
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def plan(self) -> services.Plan | None:
        """The preview of a job that is ready (read again here if another process made it).

        Read again, the file can be refused where it passed before (the data changed: e.g. an
        indicator now held by another publisher): the job then fails with that message.
        """
        if self.status != "ready":
            return None
        try:
            return plan_of(self)
        except SourceError as error:
            self.status, self.error = "failed", str(error)
            ImportJob.objects.filter(pk=self.id).update(status="failed", error=self.error)
            remove_upload(self.path)
            return None


def start(
    source: str, path: Path, user_id: int | None, edition: str | None = None, wait: bool = False
) -> Job:
    """Register the job and read its file in a thread; with `wait`, read it here and now."""
    job = Job(uuid.uuid4().hex, source, path, user_id, edition)
    ImportJob.objects.create(
        id=job.id, source=source, edition=edition or "", path=str(path), user_id=user_id
    )
    if wait:
        _read(job)
        return job
    job.thread = threading.Thread(
        target=_read_in_thread, args=(job,), name=f"import-{job.id[:8]}", daemon=True
    )
    job.thread.start()
    return job


def get(job_id: str) -> Job | None:
    row = ImportJob.objects.filter(pk=job_id).first()
    if row is None:
        return None
    if row.status == "reading" and timezone.now() - row.updated_at > STALLED:
        row.status, row.error = "failed", _("%(file)s: reading was interrupted; upload it again.")
        row.error %= {"file": Path(row.path).name}
        row.save(update_fields=["status", "error", "updated_at"])
        remove_upload(Path(row.path))
    return Job(
        row.id,
        row.source,
        Path(row.path),
        row.user_id,
        row.edition or None,
        cast(Status, row.status),
        row.done,
        row.total,
        row.error,
    )


def plan_of(job: Job) -> services.Plan:
    with _lock:
        found = _plans.get(job.id)
    if found is None:
        found = services.read(job.source, job.path, job.edition)
        with _lock:
            _plans[job.id] = found
    return found


def forget_plan(job_id: str) -> None:
    """Drop this process's preview of a job, so that it is computed afresh when next shown."""
    with _lock:
        _plans.pop(job_id, None)


def finish(job_id: str) -> None:
    """Forget a job and remove its uploaded file."""
    forget_plan(job_id)
    row = ImportJob.objects.filter(pk=job_id).first()
    if row is None:
        return
    row.delete()
    remove_upload(Path(row.path))


def uploads_folder() -> Path:
    return Path(settings.KOMPAS_HOME) / "uploads"


def remove_upload(path: Path) -> None:
    """Remove an uploaded file with its own folder (only ever a folder under the uploads)."""
    folder = path.parent
    if folder.parent.resolve() == uploads_folder().resolve():
        shutil.rmtree(folder, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sweep() -> int:
    """Remove the jobs and uploads older than KOMPAS_IMPORT_KEEP_HOURS; how many folders went."""
    keep = timedelta(hours=settings.KOMPAS_IMPORT_KEEP_HOURS)
    cutoff = timezone.now() - keep
    expired = list(ImportJob.objects.filter(updated_at__lt=cutoff))
    for row in expired:
        forget_plan(row.id)
        remove_upload(Path(row.path))
    ImportJob.objects.filter(pk__in=[row.pk for row in expired]).delete()
    removed = len(expired)
    folder = uploads_folder()
    if not folder.is_dir():
        return removed
    known = {Path(path).parent.name for path in ImportJob.objects.values_list("path", flat=True)}
    for child in folder.iterdir():
        if child.name in known:
            continue
        age = time.time() - child.stat().st_mtime
        if age > keep.total_seconds():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
            removed += 1
    return removed


def _read_in_thread(job: Job) -> None:
    try:
        _read(job)
    finally:
        connection.close()


def _read(job: Job) -> None:
    written = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal written
        job.done, job.total = done, total
        if time.monotonic() - written >= PROGRESS_EVERY:
            written = time.monotonic()
            ImportJob.objects.filter(pk=job.id).update(
                done=done, total=total, updated_at=timezone.now()
            )

    try:
        plan = services.read(job.source, job.path, job.edition, progress)
        with _lock:
            _plans[job.id] = plan
        job.status = "ready"
    except SourceError as error:
        job.error, job.status = str(error), "failed"
    except Exception as error:
        job.error, job.status = f"{job.path.name}: {error.__class__.__name__}: {error}", "failed"
    ImportJob.objects.filter(pk=job.id).update(
        status=job.status, error=job.error, done=job.done, total=job.total
    )
    if job.status == "failed":  # nothing to accept: only the message is kept
        remove_upload(job.path)

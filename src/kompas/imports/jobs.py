"""Reading an uploaded file in the background, so the page can show progress.

A job lives in this process's memory (`kompas serve` is one process with threads); it holds the
plan until the user accepts or abandons it. Nothing is written to the database by a job: that
happens only when the user accepts the preview (`services.apply`).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from django.db import connection

from kompas.imports import services
from kompas.readers.base import SourceError

Status = Literal["reading", "ready", "failed"]


@dataclass
class Job:
    id: str
    source: str
    path: Path
    user_id: int | None
    edition: str | None = None
    status: Status = "reading"
    done: int = 0
    total: int = 0
    plan: services.Plan | None = None
    error: str = ""
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


_jobs: dict[str, Job] = {}
_lock = threading.Lock()


def start(source: str, path: Path, user_id: int | None, edition: str | None = None) -> Job:
    job = Job(uuid.uuid4().hex, source, path, user_id, edition)
    with _lock:
        _jobs[job.id] = job
    job.thread = threading.Thread(
        target=_run, args=(job,), name=f"import-{job.id[:8]}", daemon=True
    )
    job.thread.start()
    return job


def get(job_id: str) -> Job | None:
    with _lock:
        return _jobs.get(job_id)


def finish(job_id: str) -> None:
    """Forget a job and remove its uploaded file."""
    with _lock:
        job = _jobs.pop(job_id, None)
    if job is not None:
        job.path.unlink(missing_ok=True)
        if job.path.parent.name == job.id:
            job.path.parent.rmdir()


def _run(job: Job) -> None:
    def progress(done: int, total: int) -> None:
        job.done, job.total = done, total

    try:
        job.plan = services.read(job.source, job.path, job.edition, progress)
        job.status = "ready"
    except SourceError as error:
        job.error, job.status = str(error), "failed"
    except Exception as error:
        job.error, job.status = f"{job.path.name}: {error.__class__.__name__}: {error}", "failed"
    finally:
        connection.close()

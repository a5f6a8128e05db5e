"""WSGI entry point: `application` for any WSGI server, and `run`, the server of `kompas serve`.

`run` serves `application` with gunicorn: one master process that forks `workers` worker
processes of `threads` threads each (gthread), all accepting on the same address. Static files
come through WhiteNoise inside `application`. The application is loaded in the master before the
fork (preload), so the workers share its memory until they write to it; each worker keeps its
own in-process caches.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.settings")
application = get_wsgi_application()


def default_workers() -> int:
    """One worker process per processor core this process may run on, plus one.

    Each worker has threads for the requests that wait (on the database, on the network); the
    work that holds Python's interpreter lock (templates, the engine's Python parts) runs one
    worker per core at a time, and the one extra covers a worker that is waiting. More processes
    (gunicorn's 2 × cores + 1 for one-request-at-a-time workers) would only add memory and caches
    to warm, not speed.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores + 1


def run(bind: str, workers: int, threads: int, ready: Callable[[], None]) -> None:
    """Serve `application` on `bind` ("host:port") until stopped (SIGTERM or Ctrl+C).

    Call it after the first-start work (migrations, seeding, the first account): the database
    connections of this process are closed here, before the workers are forked, so that no worker
    inherits one. `ready` runs in the master once it listens.
    """
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    options: dict[str, Any] = {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "proc_name": "kompas",
        # gunicorn's own log at the level of the application's (KOMPAS_LOG_LEVEL)
        "loglevel": logging.getLevelName(logging.getLogger().getEffectiveLevel()).lower(),
        "errorlog": "-",
        "control_socket_disable": True,  # no gunicorn.ctl shared by every server on the machine
        "when_ready": lambda _arbiter: ready(),
    }

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    connections.close_all()
    sys.stdout.flush()  # what the master printed must not be printed again by each worker
    sys.stderr.flush()
    Server().run()

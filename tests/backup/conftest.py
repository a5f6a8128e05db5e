"""Empty databases beside the test database, to restore backups into.

Each is a real database of its own, outside the test's transaction: a SQLite file, or a new
database on the PostgreSQL server the tests run on (under scripts/with-postgres). A backup is
restored into it by the real command, `kompas restore`, in a process of its own whose database
it is; the test then reads it through a connection of its own (`Target.alias`).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connections
from django.db.utils import load_backend

from tests.assessments.served import fresh_database, on_postgres

VENDORS = ["sqlite", "postgresql"] if on_postgres() else ["sqlite"]


@dataclass(frozen=True)
class Target:
    alias: str
    url: str
    home: Path

    def kompas(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """Run `kompas --lang en ARGS` on this database and data folder."""
        env = {**os.environ, "DATABASE_URL": self.url, "KOMPAS_HOME": str(self.home)}
        env.setdefault("KOMPAS_SECRET_KEY", "backup-tests")
        env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "kompas", "--lang", "en", *map(str, args)]
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)

    def restore(self, path: Path) -> str:
        done = self.kompas("restore", path)
        assert done.returncode == 0, done.stderr
        return done.stdout


EmptyDatabase = Callable[[str], Target]


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[EmptyDatabase]:
    """`make(vendor)`: a new, empty database ("sqlite" or "postgresql") and data folder."""
    aliases: list[str] = []
    with ExitStack() as stack:

        def make(vendor: str) -> Target:
            alias = f"restore_{secrets.token_hex(4)}"
            home = tmp_path / alias
            home.mkdir()
            settings = dict(connections["default"].settings_dict)
            if vendor == "sqlite":
                url = f"sqlite:///{home / 'kompas.sqlite3'}"
                settings.update(
                    ENGINE="django.db.backends.sqlite3",
                    NAME=str(home / "kompas.sqlite3"),
                    OPTIONS={"timeout": 20},
                    HOST="",
                    PORT="",
                    USER="",
                    PASSWORD="",
                )
            else:
                assert on_postgres(), "PostgreSQL needs scripts/with-postgres"
                url = stack.enter_context(fresh_database(home))
                settings.update(NAME=url.rsplit("/", 1)[1])
            # Registered as a connection, not a setting: the test framework allows connections
            # made during a test, and keeps this database out of the test's transaction.
            connections[alias] = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias)
            aliases.append(alias)
            return Target(alias, url, home)

        try:
            yield make
        finally:
            for alias in aliases:
                connections[alias].close()
                del connections[alias]

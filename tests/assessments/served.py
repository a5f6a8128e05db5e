"""A real `kompas serve` on a database of its own, and browsers that use it at the same moment.

The database is the one the tests run on: a fresh SQLite file, or under `scripts/with-postgres`
a fresh database on that PostgreSQL server (created here, dropped afterwards). Requests go over
loopback to gunicorn's worker processes, each with its own connection to the database, so saves
that race really race.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_SECONDS = 180  # migrations and the default data on a fresh database, on a busy machine
STOP_SECONDS = 45
PASSWORD = "concurrent-saves-2026"
ACCOUNTS = """
import sys
from kompas.shared.setup import database_ready
database_ready()
from django.contrib.auth.models import User
from kompas.accounts.roles import set_role
for name in sys.argv[2:]:
    set_role(User.objects.create_user(username=name, password=sys.argv[1]), "analyst")
"""


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """The URL of an empty database of the kind the tests run on; removed afterwards."""
    if not on_postgres():
        yield f"sqlite:///{folder / 'kompas.sqlite3'}"
        return
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = f"kompas_{secrets.token_hex(6)}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """`kompas serve` on `url`, with analyst accounts `names` (password PASSWORD)."""

    process: subprocess.Popen[bytes]
    url: str
    home: Path
    env: dict[str, str]

    def log(self) -> str:
        return (self.home / "server.log").read_text(encoding="utf-8", errors="replace")

    def query(self, code: str) -> object:
        """Run Python with Django ready on the served database; its printed JSON."""
        script = "from kompas.shared.setup import django_ready\ndjango_ready()\n" + code
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return json.loads(done.stdout)


@contextmanager
def serve(home: Path, names: list[str], workers: int = 3, threads: int = 4) -> Iterator[Served]:
    """Start `kompas serve` on a fresh database with these analysts; stop it afterwards."""
    with fresh_database(home) as url:
        env = {**os.environ, "KOMPAS_HOME": str(home), "DATABASE_URL": url}
        env["KOMPAS_SECRET_KEY"] = secrets.token_urlsafe(50)
        env.pop("KOMPAS_ADMIN_PASSWORD_FILE", None)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        subprocess.run(
            [sys.executable, "-c", ACCOUNTS, PASSWORD, *names],
            env=env,
            check=True,
            timeout=START_SECONDS,
        )
        port = free_port()
        command = [sys.executable, "-m", "kompas", "serve", "--port", str(port)]
        command += ["--workers", str(workers), "--threads", str(threads)]
        with (home / "server.log").open("wb") as log:
            process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        served = Served(process, f"http://127.0.0.1:{port}", home, env)
        try:
            _wait_until_it_answers(served)
            yield served
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_SECONDS)


def _wait_until_it_answers(served: Served) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise RuntimeError(f"kompas serve stopped:\n{served.log()}")
        try:
            with urllib.request.urlopen(f"{served.url}/accounts/login/", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"kompas serve did not answer within {START_SECONDS} s")


class Browser:
    """One logged-in browser (its own session): reads forms and posts them as htmx does."""

    def __init__(self, served: Served, name: str) -> None:
        self.base = served.url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.get("/accounts/login/")
        status, _html = self.post(
            "/accounts/login/", {"username": name, "password": PASSWORD, "next": "/"}
        )
        if status != 200 or not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError(f"{name} could not log in (status {status})")

    def _token(self) -> str:
        return str(next(c.value for c in self.jar if c.name == "csrftoken"))

    def get(self, path: str) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, headers={"HX-Request": "true"})
        return self._open(request)

    def post(self, path: str, form: dict[str, str | int]) -> tuple[int, str]:
        data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self._token()}).encode()
        headers = {"HX-Request": "true", "Referer": self.base + path}
        return self._open(urllib.request.Request(self.base + path, data=data, headers=headers))

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=120) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def version(self, path: str) -> int:
        """Open the form as a user would and read the version it carries."""
        status, html = self.get(path)
        match = re.search(r'name="version" value="(\d+)"', html)
        if status != 200 or match is None:
            raise RuntimeError(f"no form at {path} (status {status})")
        return int(match.group(1))


def at_once(actions: Sequence[Callable[[], tuple[int, str]]]) -> list[int]:
    """Run the actions in threads released at the same moment; their status codes, in order."""
    start = threading.Barrier(len(actions))
    results: list[int] = [0] * len(actions)

    def run(index: int) -> None:
        start.wait()
        results[index] = actions[index]()[0]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results

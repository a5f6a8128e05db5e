"""`kompas serve`: one command that starts gunicorn with several worker processes, after doing the
first-start work (database, default data, first administrator) once, in the master."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kompas.wsgi import default_workers

START_SECONDS = 120  # migrations and the default data on a fresh database, on a busy machine
STOP_SECONDS = 40  # gunicorn's graceful timeout (30 s) and a margin


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    home: Path

    def output(self) -> str:
        return (self.home / "stdout").read_text(encoding="utf-8")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`kompas serve --workers 2` on a free loopback port, on a fresh SQLite database."""
    env = {
        **os.environ,
        "KOMPAS_HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kompas.sqlite3'}",
    }
    env.pop("KOMPAS_ADMIN_PASSWORD_FILE", None)
    port = free_port()
    command = [sys.executable, "-m", "kompas", "serve", "--port", str(port), "--workers", "2"]
    with (tmp_path / "stdout").open("wb") as out, (tmp_path / "stderr").open("wb") as err:
        process = subprocess.Popen([*command, "--lang", "en"], env=env, stdout=out, stderr=err)
    try:
        yield Server(process, f"http://127.0.0.1:{port}", tmp_path)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=STOP_SECONDS)


def wait_until_it_answers(server: Server) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            errors = (server.home / "stderr").read_text(encoding="utf-8")
            pytest.fail(f"kompas serve stopped with code {server.process.returncode}: {errors}")
        try:
            if get(f"{server.url}/accounts/login/")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"kompas serve did not answer within {START_SECONDS} s")


def workers_of(server: Server, count: int) -> list[int]:
    """The worker processes, once `count` of them are running (they start one by one)."""
    deadline = time.monotonic() + 30
    found = children(server.process.pid)
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        found = children(server.process.pid)
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_it_serves_pages_and_static_files_from_two_workers_and_stops_cleanly(
    server: Server,
) -> None:
    wait_until_it_answers(server)
    status, page = get(f"{server.url}/accounts/login/")
    assert status == 200
    assert b"<form" in page
    status, css = get(f"{server.url}/static/kompas/kompas.css")
    assert status == 200
    assert css == (Path(__file__).parents[2] / "src/kompas/static/kompas/kompas.css").read_bytes()

    workers = workers_of(server, 2)
    assert len(workers) == 2
    for worker in workers:
        assert "serve" in Path(f"/proc/{worker}/cmdline").read_text()

    # The first-start work ran once, in the master, before the workers were forked from it.
    output = server.output()
    assert output.count("First account created: user 'beheerder' (administrator)") == 1
    assert output.count(f"Kompas is running at {server.url}/ (Ctrl+C stops)") == 1

    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=STOP_SECONDS) == 0
    assert not [w for w in workers if Path(f"/proc/{w}").exists()]
    assert server.output() == output  # no worker printed the password again on its way out


def test_its_default_is_one_worker_per_core_plus_one() -> None:
    assert default_workers() == len(os.sched_getaffinity(0)) + 1

"""Load on the overview page through the real server: `kompas serve` with its worker processes.

Builds a throw-away SQLite database in a temporary KOMPAS_HOME with the embedded default data
and synthetic regions up to `--regions` decided regions (database.py, shared with pages.py),
starts `kompas serve` on 127.0.0.1 on a free port, logs a viewer in, and lets `--clients`
concurrent clients (locust, headless, each sending its next request as soon as the previous one
is answered) ask for the overview page `/` for `--warmup` seconds (not counted) and then
`--seconds` seconds. It prints requests per second, the 50th and 95th percentile and the largest
latency (exact, from every request), and the number of errors (a failed connection or any
answer other than 200). Everything stays on the loopback interface and stops by itself; the
load generator shares the machine's cores with the server.

    .venv/bin/python benchmarks/load_overview.py [--clients 20] [--seconds 60] [--workers N]
        [--threads 8] [--regions 300] [--warmup 5]
"""

# locust patches the standard library for gevent when imported: before anything else.
from locust import FastHttpUser, constant, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import http.cookiejar
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import database

START_SECONDS = 180  # migrations, default data and the first administrator on a busy machine
STOP_SECONDS = 45  # gunicorn's graceful timeout (30 s) and a margin
REQUEST_TIMEOUT = 60.0


@dataclass
class Tally:
    """Every request's latency and every error, while `counting`."""

    counting: bool = False
    elapsed: float = 0.0
    times: list[float] = field(default_factory=list)
    errors: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    size: int = 0

    def request(
        self, response_time: float, response_length: int, exception: Exception | None, **_: Any
    ) -> None:
        if not self.counting:
            return
        self.times.append(response_time)
        self.size = max(self.size, response_length)
        if exception is not None:
            self.errors += 1
            kind = str(exception)[:80]
            self.kinds[kind] = self.kinds.get(kind, 0) + 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build(home: Path, regions: int) -> int:
    """The database: default data, synthetic regions, a viewer. Returns the decided regions."""
    os.environ["KOMPAS_HOME"] = str(home)
    os.environ["DATABASE_URL"] = f"sqlite:///{home / 'kompas.sqlite3'}"
    database.prepare()
    database.grow(regions)
    database.viewer()
    from django.db import connections

    count = database.decided()
    connections.close_all()
    return count


def start_server(
    home: Path, port: int, workers: int | None, threads: int
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kompas", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--threads", str(threads)]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = {**os.environ, "KOMPAS_HOME": str(home)}
    env["DATABASE_URL"] = f"sqlite:///{home / 'kompas.sqlite3'}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (home / "server.log").open("wb")
    return subprocess.Popen(command, env=env, stdout=log, stderr=log)


def wait_for(url: str, server: subprocess.Popen[bytes], home: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = (home / "server.log").read_text(encoding="utf-8", errors="replace")
            raise SystemExit(f"kompas serve stopped with code {server.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"kompas serve did not answer at {url} within {START_SECONDS} s")


def log_in(base: str) -> str:
    """Log the viewer in as a browser does; the session cookie every client then sends."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/accounts/login/"
    with opener.open(login, timeout=30) as response:
        assert response.status == 200, response.status
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = {
        "username": "bench",
        "password": "benchmark-password-2026",
        "csrfmiddlewaretoken": token,
        "next": "/",
    }
    data = urllib.parse.urlencode(form).encode()
    with opener.open(login, data=data, timeout=120) as response:
        assert response.status == 200, response.status
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if session is None:
        raise SystemExit("the viewer could not log in")
    return f"sessionid={session}; django_language=nl"


def worker_count(pid: int) -> str:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return str(len(children.read_text().split())) if children.exists() else "?"


def load(base: str, cookie: str, clients: int, warmup: float, seconds: float) -> Tally:
    """`clients` closed-loop clients on `/`: `warmup` seconds, then `seconds` counted."""

    class Viewer(FastHttpUser):
        host = base
        wait_time = constant(0)
        network_timeout = REQUEST_TIMEOUT
        connection_timeout = 10.0

        @task
        def overview(self) -> None:
            with self.client.get(
                "/", headers={"Cookie": cookie}, allow_redirects=False, catch_response=True
            ) as response:
                if response.status_code != 200:
                    response.failure(f"status {response.status_code}")

    tally = Tally()
    environment = Environment(user_classes=[Viewer], host=base)
    environment.events.request.add_listener(tally.request)  # type: ignore[no-untyped-call]
    runner = environment.create_local_runner()
    runner.start(clients, spawn_rate=clients)
    time.sleep(warmup)  # gevent's sleep (locust patched time): the clients run meanwhile
    tally.counting = True
    started = time.monotonic()
    time.sleep(seconds)
    tally.counting = False
    tally.elapsed = time.monotonic() - started
    runner.quit()
    return tally


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(tally: Tally) -> str:
    elapsed = tally.elapsed
    count = len(tally.times)
    if not count:
        return f"no request completed in {elapsed:.1f} s"
    ordered = sorted(tally.times)
    lines = [
        f"requests {count} in {elapsed:.1f} s · {count / elapsed:.1f} requests/s"
        f" · p50 {statistics.median(ordered):.0f} ms · p95 {percentile(ordered, 0.95):.0f} ms"
        f" · max {ordered[-1]:.0f} ms · errors {tally.errors}"
        f" (page {tally.size / 1000:.0f} kB)"
    ]
    lines += [f"  {n} × {kind}" for kind, n in sorted(tally.kinds.items())]
    return "\n".join(lines)


def load_arguments(description: str | None) -> argparse.ArgumentParser:
    """The options every load benchmark takes: clients, seconds, warm-up, server workers."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=60, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=5, help="seconds before measuring")
    parser.add_argument("--workers", type=int, default=None, help="kompas serve --workers")
    parser.add_argument("--threads", type=int, default=8, help="kompas serve --threads")
    return parser


def checked(parser: argparse.ArgumentParser) -> argparse.Namespace:
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 3600 or args.warmup < 0:
        parser.error("1 to 200 clients, for at most an hour")
    return args


def main() -> None:
    parser = load_arguments(__doc__)
    parser.add_argument("--regions", type=int, default=300, help="decided regions")
    args = checked(parser)

    home = Path(tempfile.mkdtemp(prefix="kompas-load-"))
    server = None
    try:
        built = time.monotonic()
        decided = build(home, args.regions)
        built = time.monotonic() - built
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(home, port, args.workers, args.threads)
        wait_for(f"{base}/accounts/login/", server, home)
        cookie = log_in(base)
        cores = len(os.sched_getaffinity(0))
        print(
            f"GET / (overview) · {decided} decided regions · SQLite (built in {built:.0f} s)\n"
            f"server: kompas serve, {worker_count(server.pid)} workers × {args.threads} threads,"
            f" on {cores} processor cores shared with the load generator\n"
            f"load: {args.clients} concurrent clients (locust, no wait between requests),"
            f" {args.warmup:g} s warm-up, {args.seconds:g} s measured",
            flush=True,
        )
        print(report(load(base, cookie, args.clients, args.warmup, args.seconds)))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=STOP_SECONDS)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

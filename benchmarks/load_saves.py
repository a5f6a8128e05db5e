"""Writes under load through the real server: analysts reading and saving judgements at once.

Builds a throw-away database with the embedded default data (SQLite in a temporary KOMPAS_HOME;
PostgreSQL when DATABASE_URL names one, e.g. under `scripts/with-postgres`), with one analyst
account per client and one shared analyst account, starts `kompas serve` on 127.0.0.1, and lets
`--clients` closed-loop clients (locust, headless) work for `--seconds` seconds after a warm-up.
Each client, in turn, reads a page (the overview or a region profile), opens and saves its own
judgement (each client its own region: different records), and opens and saves one of two
judgements of the shared account (every client the same records, as one analyst in many tabs:
here the version a client read is often stale, and the save must be refused with 409). Every
save changes the rationale, so every accepted save must be stored. Halfway, `kompas import`
reads and stores a CSV of indicator values from the command line, on the same database.

It prints the requests, the saves sent, accepted (200), refused as conflicts (409) and failed
(500 and other answers: there must be none), the saves the database stored (its audit events
of judgements: they must equal the accepted saves), the import's outcome and time, and the
median and 95th percentile per kind of request, with the machine's load average.

    .venv/bin/python benchmarks/load_saves.py [--clients 20] [--seconds 60] [--warmup 5]
    scripts/with-postgres .venv/bin/python benchmarks/load_saves.py
"""

# locust patches the standard library for gevent when imported: before anything else.
from locust import FastHttpUser, constant, task  # isort: skip
from locust.env import Environment  # isort: skip

import http.cookiejar
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from load_overview import STOP_SECONDS, checked, free_port, load_arguments, wait_for, worker_count

PASSWORD = "benchmark-password-2026"
SHARED = "shared"
SHARED_RECORDS = ["/judgements/DE2/criterion/funding/", "/judgements/DE1/criterion/funding/"]
READS = ["/", "/regions/DE2/", "/regions/JP/", "/regions/AT/"]
VERSION = re.compile(r'name="version" value="(\d+)"')
REQUEST_TIMEOUT = 120.0


@dataclass
class Tally:
    """Per kind of request, every latency and every status, while `counting`."""

    counting: bool = False
    stopping: bool = False
    in_flight: int = 0
    accepted: int = 0  # every save answered 200, warm-up included: what the database must hold
    elapsed: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, status: int, milliseconds: float) -> None:
        if not self.counting:
            return
        self.times.setdefault(kind, []).append(milliseconds)
        counts = self.statuses.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1

    def failure(self, text: str) -> None:
        if self.counting:
            self.failures[text[:100]] = self.failures.get(text[:100], 0) + 1


def database_url(home: Path) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{home / 'kompas.sqlite3'}"


def build(home: Path, clients: int) -> list[str]:
    """The database, the accounts; returns the region of each client's own record."""
    os.environ["KOMPAS_HOME"] = str(home)
    os.environ["DATABASE_URL"] = database_url(home)
    import database

    database.prepare()
    from django.contrib.auth.models import User
    from django.db import connections

    from kompas.accounts.roles import set_role
    from kompas.regions.models import Region

    for name in [SHARED, *(f"bench{i}" for i in range(clients))]:
        user = User.objects.create_user(username=name, password=PASSWORD)
        set_role(user, "analyst")
    codes = list(
        Region.objects.filter(is_candidate=False, is_reference=False)
        .exclude(scheme="group")
        .order_by("code")
        .values_list("code", flat=True)
    )
    connections.close_all()
    return [codes[i % len(codes)] for i in range(clients)]


def import_file(home: Path) -> Path:
    """A CSV of the analysts' own indicator values for every region: what the import stores."""
    from kompas.regions.models import Region

    lines = ["region,indicator,edition,year,value,std_error"]
    codes = Region.objects.exclude(scheme="group").values_list("code", flat=True)
    for code in (c for c in codes if re.fullmatch(r"[A-Z]{2}[A-Z0-9]{0,3}", c)):  # NUTS, ISO
        lines += [f"{code},own_score_{k},2024,2024,{k + 0.5},0.1" for k in range(10)]
    path = home / "own_scores.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_server(home: Path, port: int, workers: int | None, threads: int) -> Any:
    command = [sys.executable, "-m", "kompas", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--threads", str(threads)]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = {**os.environ, "KOMPAS_HOME": str(home), "DATABASE_URL": database_url(home)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (home / "server.log").open("wb")
    return subprocess.Popen(command, env=env, stdout=log, stderr=log)


def log_in(base: str, username: str) -> dict[str, str]:
    """Log in as a browser does; the headers every request of this session then sends."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/accounts/login/"
    with opener.open(login, timeout=60):
        pass
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    with opener.open(login, data=urllib.parse.urlencode(form).encode(), timeout=120):
        pass
    cookies = {c.name: c.value or "" for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"{username} could not log in")
    cookie = f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"
    return {"Cookie": cookie + "; django_language=nl", "X-CSRFToken": cookies["csrftoken"]}


def load(
    base: str, sessions: list[tuple[dict[str, str], dict[str, str], str]], args: Any, home: Path
) -> tuple[Tally, dict[str, Any]]:
    """The clients for warm-up plus `seconds`; the import starts halfway through the count."""
    tally = Tally()
    free = iter(sessions)
    counter = itertools.count()

    class Analyst(FastHttpUser):
        host = base
        wait_time = constant(0)
        network_timeout = REQUEST_TIMEOUT
        connection_timeout = 10.0

        def on_start(self) -> None:
            self.own, self.shared, self.region = next(free)
            self.step = 0

        def request(self, kind: str, method: str, path: str, **kwargs: Any) -> tuple[int, str]:
            started = time.monotonic()
            tally.in_flight += 1
            with self.client.request(
                method, path, name=kind, catch_response=True, allow_redirects=False, **kwargs
            ) as response:
                tally.in_flight -= 1
                status = response.status_code or 0
                tally.add(kind, status, (time.monotonic() - started) * 1000)
                if kind.startswith("save") and status == 200:
                    tally.accepted += 1
                if status in (200, 302, 409):
                    response.success()
                else:
                    tally.failure(f"{kind}: status {status} {response.text[:60]!r}")
                    response.failure(f"status {status}")
                return status, response.text or ""

        def save(self, kind: str, path: str, headers: dict[str, str]) -> None:
            status, html = self.request(
                "form", "GET", path, headers={**headers, "HX-Request": "true"}
            )
            found = VERSION.search(html)
            if status != 200 or found is None:
                return
            number = next(counter)
            form = {
                "category": ("weak", "moderate", "strong")[number % 3],
                "rationale": f"Load test save {number}.",
                "evidence": "",
                "version": found.group(1),
            }
            self.request(
                kind,
                "POST",
                path,
                data=urllib.parse.urlencode(form),
                headers={
                    **headers,
                    "HX-Request": "true",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )

        @task
        def work(self) -> None:
            if tally.stopping:  # let the requests in flight finish; send no new ones
                time.sleep(0.5)
                return
            self.step += 1
            read = READS[self.step % len(READS)]
            self.request(
                "read " + ("overview" if read == "/" else "profile"), "GET", read, headers=self.own
            )
            self.save("save own record", f"/judgements/{self.region}/criterion/funding/", self.own)
            shared = SHARED_RECORDS[self.step % len(SHARED_RECORDS)]
            self.save("save shared record", shared, self.shared)

    imported: dict[str, Any] = {}

    def run_import() -> None:
        env = {**os.environ, "KOMPAS_HOME": str(home), "DATABASE_URL": database_url(home)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        command = [sys.executable, "-m", "kompas", "--lang", "en", "import", "csv"]
        command += [str(home / "own_scores.csv"), "--user", "bench0"]
        started = time.monotonic()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        imported.update(
            code=done.returncode,
            seconds=time.monotonic() - started,
            error=done.stderr.strip()[-300:],
        )

    environment = Environment(user_classes=[Analyst], host=base)
    runner = environment.create_local_runner()
    runner.start(args.clients, spawn_rate=args.clients)
    time.sleep(args.warmup)  # gevent's sleep (locust patched time): the clients run meanwhile
    tally.counting = True
    started = time.monotonic()
    time.sleep(args.seconds / 2)
    importer = threading.Thread(target=run_import)  # a greenlet: locust patched threading
    importer.start()
    time.sleep(args.seconds / 2)
    tally.counting = False
    tally.stopping = True
    tally.elapsed = time.monotonic() - started
    deadline = time.monotonic() + REQUEST_TIMEOUT
    while tally.in_flight and time.monotonic() < deadline:
        time.sleep(0.1)
    runner.quit()
    importer.join(timeout=300)
    return tally, imported


def stored_saves(since: float) -> tuple[int, int]:
    """(judgement saves of the benchmark's accounts stored since `since`, imports stored)."""
    import datetime

    from django.db import connections

    from kompas.audit.models import AuditEvent

    connections.close_all()
    after = datetime.datetime.fromtimestamp(since, tz=datetime.UTC)
    events = AuditEvent.objects.filter(at__gte=after)
    judged = events.filter(action__in=["judgement set", "judgement changed"]).count()
    return judged, events.filter(action="import").count()


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(tally: Tally, stored: int, imports: int, imported: dict[str, Any]) -> str:
    saves = {k: v for k, v in tally.statuses.items() if k.startswith("save")}
    sent = sum(sum(s.values()) for s in saves.values())
    accepted = sum(s.get(200, 0) for s in saves.values())
    conflicts = sum(s.get(409, 0) for s in saves.values())
    every = [s for kind in tally.statuses.values() for s in kind.items()]
    server_errors = sum(n for status, n in every if status >= 500)
    other = sum(n for status, n in every if status not in (200, 302, 409) and status < 500)
    requests = sum(len(t) for t in tally.times.values())
    lines = [
        f"requests {requests} in {tally.elapsed:.1f} s ({requests / tally.elapsed:.1f}/s)",
        f"saves sent {sent} · accepted {accepted} · conflicts (409) {conflicts}"
        f" · 500s {server_errors} · other errors {other}",
        f"saves stored {stored} (audit events, warm-up included; accepted with warm-up"
        f" {tally.accepted}: {'equal' if stored == tally.accepted else 'NOT EQUAL'})",
        f"import halfway: exit {imported.get('code')} in {imported.get('seconds', 0):.1f} s,"
        f" stored {imports} import{'s' if imports != 1 else ''}"
        + (f" · {imported['error']}" if imported.get("code") else ""),
        "per kind: count · p50 · p95 · max (ms) · statuses",
    ]
    for kind in sorted(tally.times):
        ordered = sorted(tally.times[kind])
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(tally.statuses[kind].items()))
        lines.append(
            f"  {kind:<20} {len(ordered):>6} · {statistics.median(ordered):>6.0f}"
            f" · {percentile(ordered, 0.95):>6.0f} · {ordered[-1]:>6.0f} · {statuses}"
        )
    lines += [f"  {n} × {text}" for text, n in sorted(tally.failures.items())]
    return "\n".join(lines)


def main() -> None:
    args = checked(load_arguments(__doc__))

    home = Path(tempfile.mkdtemp(prefix="kompas-saves-"))
    server = None
    try:
        regions = build(home, args.clients)
        import_file(home)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(home, port, args.workers, args.threads)
        wait_for(f"{base}/accounts/login/", server, home)
        sessions = [
            (log_in(base, f"bench{i}"), log_in(base, SHARED), regions[i])
            for i in range(args.clients)
        ]
        vendor = "PostgreSQL" if database_url(home).startswith("postgres") else "SQLite"
        print(
            f"judgement saves under load · {vendor} · kompas serve, {worker_count(server.pid)}"
            f" workers × {args.threads} threads, {len(os.sched_getaffinity(0))} processor cores"
            f" shared with the load generator\n"
            f"load: {args.clients} clients (locust, no wait), {args.warmup:g} s warm-up,"
            f" {args.seconds:g} s measured; `kompas import` at {args.seconds / 2:g} s\n"
            f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            flush=True,
        )
        since = time.time() - 1
        tally, imported = load(base, sessions, args, home)
        print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        stored, imports = stored_saves(since)
        print(report(tally, stored, imports, imported))
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

"""Server time of the overview and a region profile at 50, 300, 1 000 and 3 000 decided regions.

For each size the database (SQLite in a temporary KOMPAS_HOME unless DATABASE_URL is set) grows
with synthetic regions (see database.py), and requests go through Django's test client: the
whole server side (middleware, session, queries, cache, engine, templates), not the network, the
WSGI server or the browser. Per page three conditions, alternating request by request:

- warm: nothing changed since the previous request (the usual case: what is weighed is cached
  per data version and process);
- after a save: one judgement of one region was saved just before the request (an analyst's
  save), so the request loads the database and weighs every region again; the overview's rows
  that the save left alone come from the rendered rows kept per process (`shared.fragments`);
- cold: the data version is raised and the kept rows are dropped just before the request (as
  after a compass edit, which changes every row): everything is loaded, weighed and rendered.

    .venv/bin/python benchmarks/pages.py [--sizes 50,300,1000,3000] [--requests 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import database


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(
    get: Callable[[], bytes], requests: int
) -> tuple[list[float], list[float], list[float], int]:
    """(warm, after a save, cold times; size of the page in bytes), the conditions interleaved."""
    from kompas.regions.overview import ROWS
    from kompas.shared.version import bump

    size = len(get())  # fills the cache
    warm: list[float] = []
    saved: list[float] = []
    cold: list[float] = []
    for _ in range(requests):
        database.change_one_judgement()
        saved.append(timed(get))
        warm.append(timed(get))
        bump()
        ROWS.clear()
        cold.append(timed(get))
    return warm, saved, cold, size


def timed(get: Callable[[], bytes]) -> float:
    start = time.perf_counter()
    get()
    return time.perf_counter() - start


def line(name: str, times: list[float], regions: int) -> str:
    ms = [1000 * t for t in times]
    median = statistics.median(ms)
    return (
        f"{name:<30} median {median:8.1f} ms  p95 {percentile(ms, 0.95):8.1f} ms"
        f"  {1000 * median / regions:6.1f} µs/region"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,300,1000,3000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", default="DE2", help="the region whose profile is timed")
    args = parser.parse_args()

    database.prepare()
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(database.viewer())  # type: ignore[arg-type]

    def page(url: str) -> Callable[[], bytes]:
        def get() -> bytes:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response.content

        return get

    print(f"database {connection.vendor}; {args.requests} requests per condition")
    for size in (int(s) for s in args.sizes.split(",")):
        database.grow(size)
        regions = database.decided()
        print(f"\n{regions} decided regions")
        for name, url in (
            ("overview", "/"),
            (f"profile {args.profile}", f"/regions/{args.profile}/"),
        ):
            warm, saved, cold, html = measure(page(url), args.requests)
            print(line(f"{name}, warm", warm, regions) + f"   HTML {html / 1024:.0f} KiB")
            print(line(f"{name}, after a save", saved, regions))
            print(line(f"{name}, cold", cold, regions))


if __name__ == "__main__":
    main()

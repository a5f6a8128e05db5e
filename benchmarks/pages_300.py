"""Server time of the overview and of a region profile with 300 regions in the database.

Builds a throw-away database (KOMPAS_HOME in a temporary folder, SQLite unless DATABASE_URL is
set), seeds the embedded default data, adds synthetic regions with judgements and indicator
values up to 300 decided regions in the latest round, and times repeated requests through
Django's test client (the whole server-side request: middleware, queries, engine, templates).

    .venv/bin/python benchmarks/pages_300.py [--regions 300] [--requests 40]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("KOMPAS_HOME", tempfile.mkdtemp(prefix="kompas-bench-"))
os.environ.setdefault("KOMPAS_ALLOWED_HOSTS", "testserver")

from kompas.shared.setup import database_ready


def add_regions(total: int, seed: int) -> None:
    from kompas.assessments.models import GateStatus, Judgement
    from kompas.compasses.models import CompassVersion
    from kompas.regions.models import Indicator, IndicatorValue, Region, Source
    from kompas.rounds.models import Decision, DecisionRound

    rng = random.Random(seed)
    compass = CompassVersion.current().compass
    round_ = DecisionRound.objects.order_by("-period_end").first()
    assert round_ is not None
    source = Source.objects.create(
        key="bench", kind="dataset", title="synthetic", publisher="benchmark"
    )
    wgi = Indicator.objects.get(key="wgi_rl")
    existing = Decision.objects.filter(round=round_).values("region").distinct().count()
    levels = [level.id for level in compass.levels]
    for i in range(total - existing):
        region = Region.objects.create(
            code=f"ZZ{i:03d}", scheme="nuts", name_nl=f"Regio {i}", name_en=f"Region {i}"
        )
        IndicatorValue.objects.create(
            region=region, indicator=wgi, edition="2024", value=rng.uniform(-2, 2), source=source
        )
        for criterion in compass.criteria:
            if criterion.scale is not None and rng.random() < 0.7:
                category = rng.choice(criterion.scale.categories).id
                Judgement.objects.create(
                    region=region,
                    criterion=criterion.id,
                    category=category,
                    rationale="synthetic",
                    author_name="benchmark",
                )
        for precondition in compass.preconditions:
            GateStatus.objects.create(
                region=region,
                precondition=precondition.id,
                status="pass",
                rationale="synthetic",
                author_name="benchmark",
            )
        for track in ("innovation", "trade_invest"):
            Decision.objects.create(
                round=round_,
                region=region,
                track=track,
                level=rng.choice(levels),
                label=region.name_nl,
                table_section="europe",
                position=100 + i,
            )


def timed(get: Callable[[], int], count: int) -> list[float]:
    get()  # warm-up
    times = []
    for _ in range(count):
        start = time.perf_counter()
        status = get()
        times.append(time.perf_counter() - start)
        assert status == 200, status
    return times


def report(name: str, times: list[float]) -> None:
    ms = sorted(1000 * t for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"{name:<32} median {statistics.median(ms):8.1f} ms   p95 {p95:8.1f} ms   (n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()

    database_ready()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from kompas.accounts.roles import set_role
    from kompas.regions.models import Region

    add_regions(args.regions, args.seed)
    user = User.objects.create_user("bench", password="benchmark-password-2026")
    set_role(user, "viewer")
    client = Client()
    client.force_login(user)
    decided = Region.objects.filter(decision__isnull=False).distinct().count()
    print(
        f"{decided} decided regions in the round, {Region.objects.count()} regions in all, "
        f"database {connection.vendor}"
    )
    report("GET / (overview)", timed(lambda: client.get("/").status_code, args.requests))
    report(
        "GET /regions/DE2/ (profile)",
        timed(lambda: client.get("/regions/DE2/").status_code, args.requests),
    )
    report(
        "GET /regions/ZZ150/ (profile)",
        timed(lambda: client.get("/regions/ZZ150/").status_code, args.requests),
    )


if __name__ == "__main__":
    main()

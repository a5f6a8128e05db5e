"""A throw-away Kompas database with many decided regions, for the page and load benchmarks.

`prepare()` points KOMPAS_HOME at a temporary folder (unless set) before Django starts;
`grow(total, seed)` then adds synthetic regions (with indicator values, about 70 % of the
judgements, passed preconditions and a decision per track) until the adopted round decides
`total` regions. Bulk inserts, so 3 000 regions take seconds, not minutes.
"""

from __future__ import annotations

import os
import random
import tempfile


def prepare() -> str:
    """The data folder for this run (a new temporary one unless KOMPAS_HOME is set)."""
    os.environ.setdefault("KOMPAS_HOME", tempfile.mkdtemp(prefix="kompas-bench-"))
    os.environ.setdefault("KOMPAS_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    from kompas.shared.setup import database_ready

    database_ready()
    return os.environ["KOMPAS_HOME"]


def decided() -> int:
    from kompas.rounds.models import Decision
    from kompas.shared.state import weighing

    stored = weighing().stored
    return Decision.objects.filter(round=stored).values("region").distinct().count()


def grow(total: int, seed: int = 2023) -> None:
    """Add synthetic regions until the weighed round decides `total` regions."""
    from django.db import transaction

    from kompas.assessments.models import GateStatus, Judgement
    from kompas.regions.models import Indicator, IndicatorValue, Region, Source
    from kompas.rounds.models import Decision
    from kompas.shared.state import weighing
    from kompas.shared.version import bump

    weighed = weighing()
    stored, compass = weighed.stored, weighed.compass
    assert stored is not None
    start = Region.objects.filter(code__startswith="ZZ").count()
    missing = total - decided()
    if missing <= 0:
        return
    rng = random.Random(seed + start)
    levels = [level.id for level in compass.levels]
    with transaction.atomic():
        bump()
        source, _ = Source.objects.get_or_create(
            key="bench", defaults={"kind": "dataset", "title": "synthetic", "publisher": "bench"}
        )
        wgi = Indicator.objects.get(key="wgi_rl")
        regions = Region.objects.bulk_create(
            Region(code=f"ZZ{i:04d}", scheme="nuts", name_nl=f"Regio {i}", name_en=f"Region {i}")
            for i in range(start, start + missing)
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                region=r, indicator=wgi, edition="2024", value=rng.uniform(-2, 2), source=source
            )
            for r in regions
        )
        Judgement.objects.bulk_create(
            Judgement(
                region=r,
                criterion=c.id,
                category=rng.choice(c.scale.categories).id,
                rationale="synthetic",
                author_name="benchmark",
            )
            for r in regions
            for c in compass.criteria
            if c.scale is not None and rng.random() < 0.7
        )
        GateStatus.objects.bulk_create(
            GateStatus(
                region=r, precondition=p.id, status="pass", rationale="synthetic", author_name="b"
            )
            for r in regions
            for p in compass.preconditions
        )
        Decision.objects.bulk_create(
            Decision(
                round=stored,
                region=r,
                track=track,
                level=rng.choice(levels),
                label=r.name_nl,
                table_section="europe",
                position=1000 + start + i,
            )
            for i, r in enumerate(regions)
            for track in ("innovation", "trade_invest")
        )


def viewer(username: str = "bench") -> object:
    """A viewer account for the benchmark's requests (created once)."""
    from django.contrib.auth.models import User

    from kompas.accounts.roles import set_role

    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password("benchmark-password-2026")
        user.save()
        set_role(user, "viewer")
    return user


def change_one_judgement() -> None:
    """Save one judgement of the first synthetic region with another category of its scale (as
    an analyst's save does: the data version is raised; only that region's advice can change)."""
    from kompas.assessments.models import Judgement
    from kompas.shared.state import weighing

    judgement = Judgement.objects.filter(region__code__startswith="ZZ").order_by("id").first()
    assert judgement is not None, "grow() first"
    scale = weighing().compass.criterion(judgement.criterion).scale
    assert scale is not None
    judgement.category = next(c.id for c in scale.categories if c.id != judgement.category)
    judgement.save()

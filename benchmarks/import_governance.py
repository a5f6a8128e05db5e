"""Import time and memory of the full governance workbooks (WGI, Freedom House), read and written.

Reads each publisher's file from ../shared/data (or KOMPAS_SHARED_DATA). Every measurement runs
in a child process of its own, on a fresh SQLite database in a temporary KOMPAS_HOME: migrated
and seeded with the embedded default data (timed, as "fresh database"), then emptied of the
values of the file's indicators (the seed holds some of them, which an import would leave
unchanged), so that the import writes every value the file has for a region Kompas knows. In it
the import runs as `kompas import` runs it, by `imports.services`:

- *read + plan*: `services.read`: read and check the whole file, resolve the codes, and plan
  against the database (the preview);
- *write*: `services.apply`: store the values in one transaction, with their provenance, the
  advice of the latest round computed before and after (for the change report) and the audit
  record.

The values written are counted in the database afterwards. Repeats run the sources in turn
(round-robin), each in a new child; medians are reported. Memory, in separate children (tracemalloc
slows Python down): the peak of Python allocations (tracemalloc, numpy included) during read +
plan and during the write, and the child's maximum resident size (ru_maxrss) after the fresh
database, after read + plan and after the write.

Left out: PostgreSQL (DATABASE_URL is ignored here), a second import of the same file (which
writes nothing), values for regions Kompas does not know (counted, never written), and the
command line's printing of the preview and the report.

    .venv/bin/python benchmarks/import_governance.py [--repeat 5] [--source wgi ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

SHARED = Path(os.environ.get("KOMPAS_SHARED_DATA", Path(__file__).parents[2] / "shared" / "data"))
FILES = {
    "wgi": SHARED / "governance_wgi" / "wgidataset.xlsx",
    "freedom_house": SHARED / "governance_freedom_house" / "All_data_FIW_2013-2024.xlsx",
}


def resident() -> float:
    """MiB: this process's maximum resident size so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(source: str, path: Path, indicators: list[str], memory: bool) -> dict[str, Any]:
    """One import into a fresh database (KOMPAS_HOME is set by the parent): the measurements."""
    start = time.perf_counter()
    from kompas.shared.setup import database_ready

    database_ready()
    from django.db import transaction

    from kompas.imports import services
    from kompas.regions.models import IndicatorValue
    from kompas.shared.version import bump

    with transaction.atomic():
        removed, _ = IndicatorValue.objects.filter(indicator__key__in=indicators).delete()
        bump()
    out: dict[str, Any] = {"fresh": time.perf_counter() - start, "removed": removed}
    out["rss_fresh"] = resident()
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    plan = services.read(source, path)
    out["read"] = time.perf_counter() - start
    out["rss_read"] = resident()
    if memory:
        out["peak_read"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.reset_peak()
    start = time.perf_counter()
    run = services.apply(plan)
    out["write"] = time.perf_counter() - start
    out["rss_write"] = resident()
    if memory:
        out["peak_write"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    out["values"] = len(plan.batch.values)
    out["added"], out["changed"] = len(plan.added), len(plan.changed)
    out["outside"] = len(plan.outside)
    out["known"] = len(plan.added) + len(plan.changed) + plan.unchanged
    out["written"] = IndicatorValue.objects.filter(run=run).count() if run is not None else 0
    return out


def spawn(source: str, indicators: list[str], memory: bool) -> dict[str, Any]:
    """Run `child` in a new process, on a new KOMPAS_HOME."""
    with tempfile.TemporaryDirectory(prefix="kompas-bench-") as home:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["KOMPAS_HOME"] = home
        command = [sys.executable, __file__, "--child", source, "--indicators", *indicators]
        if memory:
            command.append("--memory")
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode:
            sys.exit(f"{source}: the child failed:\n{done.stderr}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def indicator_keys(source: str, path: Path) -> list[str]:
    """The indicators of the file, by its reader (no database needed)."""
    from kompas.readers.registry import reader

    return sorted({value.indicator for value in reader(source).read(path).values})


def seconds(runs: list[float]) -> str:
    return (
        f"median {statistics.median(runs):6.3f} s (min {min(runs):.3f}, max {max(runs):.3f};"
        f" n = {len(runs)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--source", action="append", choices=list(FILES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--indicators", nargs="*", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, FILES[args.child], args.indicators, args.memory)))
        return

    if "DATABASE_URL" in os.environ:
        print("DATABASE_URL is set and ignored: every run uses a fresh SQLite database")
    sources = []
    for source in args.source or list(FILES):
        if FILES[source].exists():
            sources.append(source)
        else:
            print(f"{source:<14} {FILES[source]} is absent")
    keys = {source: indicator_keys(source, FILES[source]) for source in sources}
    runs: dict[str, list[dict[str, Any]]] = {source: [] for source in sources}
    for _ in range(args.repeat):
        for source in sources:
            runs[source].append(spawn(source, keys[source], memory=False))
    for source in sources:
        timed = runs[source]
        memory = spawn(source, keys[source], memory=True)
        first = timed[0]
        size = FILES[source].stat().st_size / 2**20
        print(
            f"{source}: {FILES[source].name}, {size:.1f} MB, indicators {', '.join(keys[source])}:"
            f" {first['values']} values in the file, {first['known']} of them for regions Kompas"
            f" knows ({first['outside']} region codes of the file are not in Kompas)"
        )
        print(
            f"  fresh database (migrate + seed, then {first['removed']} seeded values of these"
            f" indicators removed): {seconds([r['fresh'] for r in timed])}"
        )
        print(f"  read + plan: {seconds([r['read'] for r in timed])}")
        written = {r["written"] for r in timed}
        print(
            f"  write:       {seconds([r['write'] for r in timed])};"
            f" values written {'/'.join(str(w) for w in sorted(written))}"
            f" (planned: {first['added']} new, {first['changed']} changed)"
        )
        print(
            f"  memory: peak Python allocations {memory['peak_read']:.1f} MiB in read + plan,"
            f" {memory['peak_write']:.1f} MiB in the write; maximum resident size of the"
            f" process {statistics.median([r['rss_fresh'] for r in timed]):.0f} MiB after the"
            f" fresh database, {statistics.median([r['rss_read'] for r in timed]):.0f} MiB after"
            f" read + plan, {statistics.median([r['rss_write'] for r in timed]):.0f} MiB after"
            " the write (medians)"
        )


if __name__ == "__main__":
    main()

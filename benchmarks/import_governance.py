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

With `--hostile`, instead: how fast and in how much memory the readers refuse damaged and
hostile files (a zip bomb, a workbook with one cell of 250 MB of text, XXE, a billion
laughs, a flipped bit, GeoJSON nested 100 000 deep), each in a child process of its own, with the
default limits; the one-cell bomb also without the unpacked-size limit, to show what the
limit saves. No database is involved.

    .venv/bin/python benchmarks/import_governance.py --hostile
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
import zipfile
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


def high_water() -> float:
    """MiB: this program's peak resident size (VmHWM: since its exec, unlike ru_maxrss, which
    Linux carries over from the parent through exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resident()


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


def hostile_files(folder: Path) -> dict[str, tuple[str, Path]]:
    """name -> (source, file): the damaged and hostile files of the reader tests."""
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.imports.wgi_files import every_indicator, write_wgi
    from tests.readers import hostile_files as hostile

    valid = write_wgi(folder / "valid.xlsx", every_indicator("CHN", "China", 2024, 1.0))
    with zipfile.ZipFile(valid) as archive:  # one cell of 250 MB: fine XML, one huge text node
        sheet = archive.read(hostile.SHEET)
    head, tail = sheet.split(b"<t>China</t>", 1)
    strings = folder / "cell-bomb.xlsx"
    with (
        zipfile.ZipFile(valid) as before,
        zipfile.ZipFile(strings, "w", zipfile.ZIP_DEFLATED) as after,
    ):
        for item in before.infolist():
            if item.filename != hostile.SHEET:
                after.writestr(item, before.read(item.filename))
        with after.open(hostile.SHEET, "w") as part:
            part.write(head + b"<t>")
            for _ in range(250):
                part.write(b"x" * 2**20)
            part.write(b"</t>" + tail)
    return {
        "zip bomb, 250 MB of zeros": ("wgi", hostile.zip_bomb(valid, folder / "bomb.xlsx", 250)),
        "one cell of 250 MB": ("wgi", strings),
        "XXE (file:///etc/passwd)": ("wgi", hostile.xxe(valid, folder / "xxe.xlsx")),
        "billion laughs": ("wgi", hostile.billion_laughs(valid, folder / "laughs.xlsx")),
        "one flipped bit": ("wgi", hostile.bit_flipped(valid, folder / "flipped.xlsx", 1500)),
        "GeoJSON nested 100 000 deep": (
            "gisco_nuts",
            hostile.deeply_nested_geojson(folder / "NUTS_RG_60M_2021_4326_LEVL_2.geojson", 100_000),
        ),
    }


def hostile_child(source: str, path: Path, unlimited: bool) -> dict[str, Any]:
    """Read one file as the import does; how long until it was refused, and the memory."""
    from kompas.readers.base import SourceError
    from kompas.readers.registry import reader
    from kompas.readers.safety import Limits, limits

    chosen = Limits(unzipped_bytes=2**40) if unlimited else Limits()
    start = time.perf_counter()
    try:
        with limits(chosen):
            reader(source).read(path)
        outcome = "read (not refused)"
    except SourceError as error:
        outcome = str(error)
    return {"seconds": time.perf_counter() - start, "rss": high_water(), "outcome": outcome}


def hostile_report() -> None:
    with tempfile.TemporaryDirectory(prefix="kompas-hostile-") as folder:
        files = hostile_files(Path(folder))
        print(f"{'file':<30} {'size':>9} {'refused in':>11} {'max RSS':>9}  error")
        runs = [(name, source, path, False) for name, (source, path) in files.items()]
        source, path = files["one cell of 250 MB"]
        runs.append(("  the same, no unpacked limit", source, path, True))
        for name, source, path, unlimited in runs:
            command = [sys.executable, __file__, "--hostile-child", source, str(path)]
            if unlimited:
                command.append("--unlimited")
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode:
                print(f"{name:<30} the child failed: {done.stderr.strip().splitlines()[-1]}")
                continue
            found = json.loads(done.stdout.strip().splitlines()[-1])
            size = path.stat().st_size / 2**10
            print(
                f"{name:<30} {size:>6.0f} KB {found['seconds']:>9.3f} s"
                f" {found['rss']:>5.0f} MiB  {found['outcome'][:110]}"
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
    parser.add_argument("--hostile", action="store_true", help="refusing hostile files")
    parser.add_argument("--hostile-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--unlimited", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.hostile_child:
        source, path = args.hostile_child
        print(json.dumps(hostile_child(source, Path(path), args.unlimited)))
        return
    if args.hostile:
        hostile_report()
        return
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

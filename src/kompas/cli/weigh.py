"""The commands that weigh: `assess`, `explain`, `check` and `robustness`."""

from __future__ import annotations

import json
from pathlib import Path

import click
from django.utils.translation import gettext as _

from kompas.cli.base import Context, pass_context, speaks, tracks_of
from kompas.dataset import region_inputs
from kompas.dataset.check import check as check_dataset
from kompas.dataset.lookup import RegionNotFoundError, find_region
from kompas.dataset.model import TRACKS
from kompas.reports.explanation import explanation_json, render_explanation, same_explanation
from kompas.reports.findings import findings_json, render_findings
from kompas.reports.focus_table import render_table, to_csv, to_json
from kompas.shared.focus import focus_table

FOUND = 1  # the exit status of `check` when it finds inconsistencies
CANNOT_CHECK = 2  # and when it cannot check (as a usage error)


@click.command()
@click.option(
    "--track",
    type=click.Choice(["all", *TRACKS]),
    default="all",
    show_default=True,
    help="Which track(s) to show.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table for people; json (schema kompas.assess/1) and csv for machines.",
)
@click.option(
    "--compass",
    "compass_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this compass file instead of the data folder's compass.toml.",
)
@click.option("--round", "round_id", help="Decision round (default: the latest adopted one).")
@click.option("--all-regions", is_flag=True, help="Also weigh regions without a decision.")
@speaks(reads_data=True)
@pass_context
def assess(
    obj: Context,
    track: str,
    fmt: str,
    compass_file: Path | None,
    round_id: str | None,
    all_regions: bool,
) -> None:
    """Print the focus table: decision beside advice, per region and track."""
    weighed = obj.weigh(compass_file, round_id)
    compass, dataset, round_ = weighed.compass, weighed.dataset, weighed.round
    rows = focus_table(
        compass, dataset, round_, tracks_of(compass, track), include_undecided=all_regions
    )
    if fmt == "json":
        click.echo(json.dumps(to_json(compass, round_, rows), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(rows), nl=False)
    else:
        click.echo(render_table(compass, round_, rows, obj.lang))


@click.command()
@click.argument("region")
@click.option(
    "--track",
    type=click.Choice(["all", *TRACKS]),
    default="all",
    show_default=True,
    help="Which track(s) to explain.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json (schema kompas.explain/1) for machines.",
)
@click.option(
    "--compass",
    "compass_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this compass file instead of the data folder's compass.toml.",
)
@click.option(
    "--round",
    "round_id",
    help="Decision round whose decision is shown (default: the latest adopted one).",
)
@speaks(reads_data=True)
@pass_context
def explain(
    obj: Context, region: str, track: str, fmt: str, compass_file: Path | None, round_id: str | None
) -> None:
    """Explain the advice for one region (code or name, Dutch or English)."""
    weighed = obj.weigh(compass_file, round_id)
    compass, dataset, round_ = weighed.compass, weighed.dataset, weighed.round
    try:
        found = find_region(dataset, region)
    except RegionNotFoundError as error:
        message = _("Unknown region: '%(query)s'.") % {"query": error.query}
        if error.suggestions:
            names = ", ".join(f"{r.name(obj.lang)} ({r.code})" for r in error.suggestions)
            message += " " + _("Did you mean: %(names)s?") % {"names": names}
        raise click.ClickException(message) from None
    if found.is_group:
        members = [dataset.regions[code] for code in found.members]
        names = ", ".join(f"{r.name(obj.lang)} ({r.code})" for r in members)
        values = {"code": found.code, "names": names}
        raise click.ClickException(
            _("%(code)s is a group; explain one of its members: %(names)s.") % values
            if members
            else _("%(code)s is a group without members; there is nothing to explain.") % values
        )
    row = focus_table(compass, dataset, round_, tracks_of(compass, track), codes=[found.code])[0]
    inputs = region_inputs(dataset, compass, [found.code])[0]
    if fmt == "json":
        payload = [explanation_json(compass, found, cell, inputs) for cell in row.cells]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    parts: list[str] = []
    given: dict[str, str] = {}  # explanation -> the track that gave it
    for cell in row.cells:
        key = same_explanation(explanation_json(compass, found, cell, inputs))
        parts.append(
            render_explanation(
                compass, dataset, found, inputs, cell, round_.id, obj.lang, given.get(key)
            )
        )
        given.setdefault(key, cell.track)
    click.echo(("\n\n" + "=" * 80 + "\n\n").join(parts))


class CannotCheck(click.ClickException):
    """`check` could not read what to check: exit status 2, apart from 1 (inconsistencies)."""

    exit_code = CANNOT_CHECK


@click.command()
@click.option("--round", "round_id", help="Decision round (default: the latest adopted one).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json (a list of findings with kind and region) for machines.",
)
@speaks(reads_data=True)
@pass_context
def check(obj: Context, round_id: str | None, fmt: str) -> None:
    """List inconsistencies in the recorded data.

    Exits with status 1 when it finds any (like a linter), 0 when it finds none, and 2 when it
    cannot check (bad data, an unknown round, a wrong option).
    """
    try:
        weighed = obj.weigh(None, round_id)
    except click.ClickException as error:
        raise CannotCheck(error.message) from None
    compass, dataset, round_ = weighed.compass, weighed.dataset, weighed.round
    findings = check_dataset(dataset, round_, compass)
    if fmt == "json":
        click.echo(json.dumps(findings_json(findings), ensure_ascii=False, indent=2))
    else:
        click.echo(render_findings(compass, dataset, findings, obj.lang))
    if findings:
        raise click.exceptions.Exit(FOUND)


@click.command()
@click.option(
    "--track",
    type=click.Choice(["all", *TRACKS]),
    default="all",
    show_default=True,
    help="Which track(s) to analyse.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Monte Carlo samples per track.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Random seed; the same seed replays exactly.",
)
@click.option(
    "--concentration",
    type=float,
    default=None,
    help="Weights ~ Dirichlet(K × compass weights); larger K, less spread; inf: none "
    "(default 100).",
)
@click.option(
    "--order",
    default=None,
    help="Only an order of importance, most important first: aspects:ID,ID,... or "
    "criteria:ID,ID,...",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people; json (schema kompas.robustness/1) for machines.",
)
@click.option("--round", "round_id", help="Decision round (default: the latest adopted one).")
@click.option(
    "--compass",
    "compass_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this compass file instead of the data folder's compass.toml.",
)
@speaks(reads_data=True)
@pass_context
def robustness(
    obj: Context,
    track: str,
    samples: int,
    seed: int,
    concentration: float | None,
    order: str | None,
    fmt: str,
    round_id: str | None,
    compass_file: Path | None,
) -> None:
    """How robust the advice is under uncertain weights and judgements (SMAA)."""
    from kompas.engine.robustness import WeightModel, smaa
    from kompas.reports.robustness import render_robustness, robustness_json

    weighed = obj.weigh(compass_file, round_id)
    compass, dataset, round_ = weighed.compass, weighed.dataset, weighed.round
    tracks = tracks_of(compass, track)
    if concentration is not None and order is not None:
        raise click.UsageError(_("give --concentration or --order, not both"))
    rows = focus_table(compass, dataset, round_, tracks, explanations=False)
    inputs = region_inputs(dataset, compass, [row.region.code for row in rows])
    try:
        if order is not None:
            level, _sep, ids = order.partition(":")
            if level not in ("aspects", "criteria") or not ids:
                message = _("expected aspects:ID,ID,... or criteria:ID,ID,..., got %(value)r") % {
                    "value": order
                }
                raise click.BadParameter(message, param_hint="'--order'")
            model = WeightModel.ranked(
                "aspects" if level == "aspects" else "criteria", ids.split(",")
            )
        else:
            model = WeightModel.around(*(() if concentration is None else (concentration,)))
        results = {
            name: smaa(compass, inputs, name, model, samples=samples, seed=seed) for name in tracks
        }
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if fmt == "json":
        payload = robustness_json(compass, round_, rows, results)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render_robustness(compass, round_, rows, results, obj.lang))

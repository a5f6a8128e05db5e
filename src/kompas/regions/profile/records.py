"""The records of a region as the profile shows them: criteria, gates, readings, citations."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompas.assessments.models import GateStatus, Judgement
from kompas.dataset import region_inputs
from kompas.dataset.model import Citation, Dataset
from kompas.engine import Compass, Reading
from kompas.engine.compass import Criterion, Precondition
from kompas.engine.panel import Panel, panel_of
from kompas.regions import models
from kompas.shared.formats import STATUS_LABELS, lang, number
from kompas.shared.state import Weighing


def evidence_lines(text: str) -> list[tuple[str, str | None]]:
    """Each non-empty line, with its address when the line is an http(s) URL."""
    check = URLValidator(schemes=["http", "https"])
    lines: list[tuple[str, str | None]] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        try:
            check(line)
            lines.append((line, line))
        except ValidationError:
            lines.append((line, None))
    return lines


@dataclass(frozen=True)
class Cited:
    title: str
    publisher: str = ""
    section: str = ""
    url: str = ""


def cited(dataset: Dataset, citation: Citation | None) -> Cited | None:
    if citation is None or not citation.source:
        return None
    source = dataset.sources.get(citation.source)
    if source is None:
        return Cited(citation.source, section=citation.section)
    return Cited(source.title, source.publisher, citation.section, source.url)


def stored_cited(source: models.Source | None, section: str) -> Cited | None:
    if source is None:
        return None
    return Cited(source.title, source.publisher, section, source.url)


@dataclass
class JudgementEntry:
    """One analyst's judgement as the profile shows it."""

    record: Judgement
    category: str
    evidence: list[tuple[str, str | None]]
    source: Cited | None
    mine: bool = False


@dataclass
class PanelView:
    """What several analysts' judgements on one criterion make, in words."""

    panel: Panel
    method: str
    value: str
    category: str
    lowest: str
    highest: str

    @property
    def spread(self) -> int:
        return self.panel.spread

    @property
    def discuss(self) -> bool:
        return self.panel.discuss

    @property
    def analysts(self) -> int:
        return len(self.panel.judgements)


@dataclass
class CriterionItem:
    criterion: Criterion
    entries: list[JudgementEntry] = field(default_factory=list)
    panel: PanelView | None = None
    reading: Reading | None = None
    reading_text: str = ""
    reading_source: Cited | None = None
    message: str = ""
    adds: bool = False  # the user has no judgement here and saving adds theirs beside others'

    @property
    def judged(self) -> bool:
        return self.criterion.kind == "judgement"

    @property
    def judgement(self) -> JudgementEntry | None:
        """The only judgement, when one analyst judged the criterion."""
        return self.entries[0] if len(self.entries) == 1 else None


METHOD_LABELS = {"median": gettext_lazy("median"), "mean": gettext_lazy("mean")}


def category_name(criterion: Criterion, category: str) -> str:
    assert criterion.scale is not None
    try:
        return criterion.scale.category(category).name(lang())
    except KeyError:
        return category


def range_name(criterion: Criterion, low: str, high: str) -> str:
    """A category's name, or "lowest … highest" for a range."""
    if high and high != low:
        return f"{category_name(criterion, low)} … {category_name(criterion, high)}"
    return category_name(criterion, low)


def judgement_entry(criterion: Criterion, record: Judgement, user_id: int | None) -> JudgementEntry:
    return JudgementEntry(
        record,
        range_name(criterion, record.category, record.category_high),
        evidence_lines(record.evidence),
        stored_cited(record.source, record.section),
        mine=user_id is not None and record.author_id == user_id,
    )


def panel_view(compass: Compass, criterion: Criterion, records: list[Judgement]) -> PanelView:
    panel = panel_of(compass, criterion, {r.author_name: r.judged for r in records})
    return PanelView(
        panel,
        str(METHOD_LABELS[compass.aggregation.judgements]),
        number(panel.low) if panel.known else f"{number(panel.low)}–{number(panel.high)}",
        range_name(criterion, panel.nearest, panel.nearest_high),
        category_name(criterion, panel.lowest),
        category_name(criterion, panel.highest),
    )


def _adds(records: list[Judgement], user_id: int | None) -> bool:
    """Whether this user's save would add a judgement beside others' (see `editable_judgement`)."""
    if not records or any(r.author_id == user_id for r in records if user_id is not None):
        return False
    only = records[0]
    return not (len(records) == 1 and only.author_id is None and only.source_id is not None)


def reading_text(compass: Compass, dataset: Dataset, reading: Reading) -> str:
    language = lang()
    indicator = dataset.indicators[reading.value.indicator]
    text = f"{indicator.name(language)} {reading.value.edition}: {number(reading.value.value)}"
    if reading.reference is not None:
        reference = dataset.regions[reading.reference_region].name(language)
        text += " " + _("relative to %(region)s: %(value)s") % {
            "region": reference,
            "value": number(reading.reference.value),
        }
        if reading.reference_proxy:
            owner = dataset.regions[reading.reference.region].name(language)
            text += " " + _("(figure of %(region)s)") % {"region": owner}
    if reading.proxy:
        holder = dataset.regions[reading.value.region]
        text += " · " + _("national proxy: the figure of %(region)s (%(code)s)") % {
            "region": holder.name(language),
            "code": holder.code,
        }
    return text


def criterion_items(
    weighed: Weighing,
    region: models.Region,
    only: str | None = None,
    message: str = "",
    user_id: int | None = None,
) -> list[CriterionItem]:
    """Every criterion (or just `only`) with its judgements, or the reading of its indicator.

    `user_id` marks that user's own judgements.
    """
    compass, dataset = weighed.compass, weighed.dataset
    stored = Judgement.objects.filter(region=region).select_related("source").order_by("pk")
    judgements: dict[str, list[Judgement]] = {}
    for record in stored:
        judgements.setdefault(record.criterion, []).append(record)
    readings = region_inputs(dataset, compass, [region.code])[0].readings
    items = []
    for criterion in [compass.criterion(only)] if only else compass.criteria:
        item = CriterionItem(criterion, message=message)
        records = judgements.get(criterion.id, [])
        if criterion.scale is not None and records:
            item.entries = [judgement_entry(criterion, r, user_id) for r in records]
            item.adds = _adds(records, user_id)
            if len(records) > 1:
                item.panel = panel_view(compass, criterion, records)
        reading = readings.get(criterion.id)
        if reading is not None:
            item.reading = reading
            item.reading_text = reading_text(compass, dataset, reading)
            source = dataset.sources.get(reading.value.source)
            if source is not None:
                item.reading_source = Cited(
                    source.title, source.publisher, source.edition, source.url
                )
        items.append(item)
    return items


def criterion_item(
    weighed: Weighing,
    region: models.Region,
    criterion_id: str,
    message: str = "",
    user_id: int | None = None,
) -> CriterionItem:
    return criterion_items(weighed, region, criterion_id, message, user_id)[0]


@dataclass
class GateItem:
    precondition: Precondition
    gate: GateStatus | None = None
    status: str = "unknown"
    evidence: list[tuple[str, str | None]] = field(default_factory=list)
    source: Cited | None = None
    message: str = ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def rule(self) -> str:
        return self.precondition.rule(lang())


def gate_item(region: models.Region, precondition: Precondition, message: str = "") -> GateItem:
    gate = (
        GateStatus.objects.filter(region=region, precondition=precondition.id)
        .select_related("source")
        .first()
    )
    item = GateItem(precondition, gate, message=message)
    if gate is not None:
        item.status = gate.status
        item.evidence = evidence_lines(gate.evidence)
        item.source = stored_cited(gate.source, gate.section)
    return item

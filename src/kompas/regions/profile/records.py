"""The records of a region as the profile shows them: criteria, gates, readings, citations."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import F
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kompas.assessments.models import GateStatus, Judgement
from kompas.dataset import region_inputs
from kompas.dataset.model import Citation, Dataset, Round
from kompas.engine import Compass, Reading
from kompas.engine.compass import Criterion, Precondition
from kompas.regions import models
from kompas.regions.state import State, lang
from kompas.rounds.models import DecisionRound
from kompas.store.load import round_record

STATUS_LABELS = {
    "pass": gettext_lazy("Met"),
    "fail": gettext_lazy("Not met"),
    "unknown": gettext_lazy("Unknown"),
}


def number(value: float, digits: int = 2) -> str:
    return number_format(round(value, digits), digits)


def percent(share: float) -> str:
    return f"{number_format(round(share * 100, 1), 1)} %"


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


def region_or_404(code: str) -> models.Region:
    try:
        return models.Region.objects.select_related("parent").get(code=code)
    except models.Region.DoesNotExist:
        raise Http404(_("No region with code %(code)s.") % {"code": code}) from None


def latest_round(compass: Compass) -> tuple[DecisionRound | None, Round]:
    """The current round (the latest by period end), or an empty one when there is none."""
    stored = DecisionRound.objects.order_by(F("period_end").desc(nulls_last=True), "-key").first()
    if stored is None:
        return None, Round("", "", "", compass.id, Citation(""))
    return stored, round_record(stored)


@dataclass
class CriterionItem:
    criterion: Criterion
    judgement: Judgement | None = None
    category: str = ""
    evidence: list[tuple[str, str | None]] = field(default_factory=list)
    source: Cited | None = None
    reading: Reading | None = None
    reading_text: str = ""
    reading_source: Cited | None = None
    message: str = ""

    @property
    def judged(self) -> bool:
        return self.criterion.kind == "judgement"


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
    state: State, region: models.Region, only: str | None = None, message: str = ""
) -> list[CriterionItem]:
    """Every criterion (or just `only`) with its judgement, or the reading of its indicator."""
    compass, dataset, language = state.compass, state.dataset, lang()
    stored = Judgement.objects.filter(region=region).select_related("source")
    judgements = {j.criterion: j for j in stored}
    readings = region_inputs(dataset, compass, [region.code])[0].readings
    items = []
    for criterion in [compass.criterion(only)] if only else compass.criteria:
        item = CriterionItem(criterion, message=message)
        judgement = judgements.get(criterion.id)
        if criterion.scale is not None and judgement is not None:
            item.judgement = judgement
            try:
                item.category = criterion.scale.category(judgement.category).name(language)
            except KeyError:
                item.category = judgement.category
            item.evidence = evidence_lines(judgement.evidence)
            item.source = stored_cited(judgement.source, judgement.section)
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
    state: State, region: models.Region, criterion_id: str, message: str = ""
) -> CriterionItem:
    return criterion_items(state, region, criterion_id, message)[0]


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

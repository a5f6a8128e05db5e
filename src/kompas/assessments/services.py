"""Saving judgements and gate statuses: validated against the current compass, audited, and
guarded against concurrent edits.

Each record carries a `version`. A save names the version the user started from, and is checked
against it in the transaction that writes: of two people saving (or clearing) the same record at
once exactly one succeeds, on SQLite and PostgreSQL alike. The other gets `ConflictError`,
carrying the record as it is now. Version 0 means "there was no record when I started"; creating
one that someone else created in the meantime is a conflict too.

A save first queues behind every other writer (`_queue`), then reads, checks and writes: on
SQLite the IMMEDIATE transaction holds the database's write lock from its start; on PostgreSQL
(read committed) the save locks the data-version row that every write renews, then the rows it
checks, so nothing it read changes before it commits, and the locks are always taken in the same
order (no deadlock). A check made on a read that another save has made stale cannot happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kompas.assessments.models import GateStatus, Judgement
from kompas.audit.log import record
from kompas.engine.compass import Compass, Criterion, Precondition
from kompas.regions.models import Region
from kompas.shared.models import DataVersion
from kompas.shared.state import current_state
from kompas.shared.version import bump

User = AbstractBaseUser | AnonymousUser
Outcome = Literal["created", "changed", "cleared", "unchanged"]
GATE_STATUSES = ("pass", "fail", "unknown")
JUDGEMENT_FIELDS = [
    "criterion",
    "category",
    "category_high",
    "rationale",
    "evidence",
    "author_name",
    "version",
]
GATE_FIELDS = ["precondition", "status", "rationale", "evidence", "author_name", "version"]


class ConflictError(Exception):
    """Someone else saved (or removed) the record since the user loaded it.

    `current` is that record as it is now; `retry_version` the version a save must name now
    (it differs from `current`'s when someone else made the record theirs: saving again then
    adds the user's own judgement beside it).
    """

    def __init__(
        self, current: Judgement | GateStatus | None, retry_version: int | None = None
    ) -> None:
        super().__init__("changed in the meantime")
        self.current = current
        self.retry_version = (
            retry_version if retry_version is not None else (current.version if current else 0)
        )


class UnknownItemError(LookupError):
    """The criterion or precondition is not in the current compass (or cannot be judged)."""


class InvalidInputError(ValueError):
    """A value the current compass does not allow, or a missing rationale."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Saved:
    outcome: Outcome
    record: Judgement | GateStatus | None


def judged_criterion(compass: Compass, criterion_id: str) -> Criterion:
    """The criterion of the current compass that takes a judgement, or UnknownItemError."""
    try:
        criterion = compass.criterion(criterion_id)
    except KeyError:
        raise UnknownItemError(f"unknown criterion {criterion_id!r}") from None
    if criterion.kind != "judgement" or criterion.scale is None:
        raise UnknownItemError(f"criterion {criterion_id!r} is read from indicators, not judged")
    return criterion


def precondition_of(compass: Compass, precondition_id: str) -> Precondition:
    try:
        return compass.precondition(precondition_id)
    except KeyError:
        raise UnknownItemError(f"unknown precondition {precondition_id!r}") from None


def snapshot(item: Judgement | GateStatus) -> dict[str, Any]:
    fields = JUDGEMENT_FIELDS if isinstance(item, Judgement) else GATE_FIELDS
    return {name: getattr(item, name) for name in fields}


def _account(user: User) -> Account | None:
    return user if isinstance(user, Account) and user.is_authenticated else None


def _author_name(user: User) -> str:
    if not user.is_authenticated:
        return "kompas"
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())


def evidence_of(item: Judgement | GateStatus) -> str:
    """The record's evidence; for a record from a source document, that source as a reference.

    The form starts from this, so saving a sourced record unchanged keeps it as it is, and
    changing it keeps the reference in the evidence (the source itself no longer applies).
    """
    if item.evidence or item.source is None:
        return item.evidence
    text = ", ".join(x for x in (item.source.title, item.section) if x)
    return text + (f"\n{item.source.url}" if item.source.url else "")


def _same(
    item: Judgement | GateStatus, value: str, rationale: str, evidence: str, high: str = ""
) -> bool:
    current = item.category if isinstance(item, Judgement) else item.status
    current_high = item.category_high if isinstance(item, Judgement) else ""
    known = {item.evidence, evidence_of(item).strip()}
    same = (current, current_high, item.rationale) == (value, high, rationale)
    return same and evidence in known


def _text(text: str) -> str:
    """Trimmed, with the browser's CRLF line ends as plain newlines."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _check_rationale(rationale: str) -> str:
    rationale = _text(rationale)
    if not rationale:
        raise InvalidInputError("rationale", "a rationale is required")
    return rationale


def editable_judgement(region: Region, criterion_id: str, user: User) -> Judgement | None:
    """The judgement this user edits: their own; else, while it is the only one, a judgement
    read from a source document (revising it makes it theirs); else none (a save adds theirs).

    Analysts judge independently: each keeps one judgement per criterion and region, and
    nobody edits another analyst's.
    """
    found = Judgement.objects.filter(region=region, criterion=criterion_id).select_related("source")
    account = _account(user)
    if account is not None:
        own = found.filter(author=account).first()
        if own is not None:
            return own
    records = list(found.order_by("pk")[:2])
    if len(records) == 1 and records[0].author_id is None and records[0].source_id is not None:
        return records[0]
    return None


def analyst_name(region: Region, criterion_id: str, user: User, keep: int | None = None) -> str:
    """The name a user's judgement is recorded under: their name, with the user name added
    when another analyst with the same name judged this criterion already."""
    name = _author_name(user)
    taken = Judgement.objects.filter(region=region, criterion=criterion_id, author_name=name)
    account = _account(user)
    if keep is not None:
        taken = taken.exclude(pk=keep)
    if account is not None:
        taken = taken.exclude(author=account)
    if taken.exists():
        return f"{name} ({user.get_username()})"
    return name


def _conflict(
    region: Region, criterion_id: str, user: User, now: Judgement | GateStatus | None
) -> ConflictError:
    """The conflict for a judgement, with the version a save names now: that of the record the
    user edits now (none when someone else made the record they started from theirs)."""
    target = editable_judgement(region, criterion_id, user)
    return ConflictError(now, target.version if target is not None else 0)


def _checked_high(criterion: Criterion, category: str | None, high: str) -> str:
    """The highest category of a range ("" for one category), or InvalidInputError."""
    assert criterion.scale is not None
    if not high or category is None or high == category:
        return ""
    ids = [c.id for c in criterion.scale.categories]
    if high not in ids:
        raise InvalidInputError(
            "category_high", f"{high!r} is not a category of scale {criterion.scale.id!r}"
        )
    if ids.index(high) < ids.index(category):
        raise InvalidInputError(
            "category_high", f"{high!r} lies below {category!r}: a range runs from low to high"
        )
    return high


def set_judgement(
    region: Region,
    criterion_id: str,
    category: str | None,
    rationale: str,
    evidence: str,
    version: int,
    user: User,
    category_high: str = "",
) -> Saved:
    """Set, change or (with `category=None`) clear the user's judgement, in one audited
    transaction; the judgement is the one `editable_judgement` gives (another analyst's is never
    touched). `category_high` makes it a range from `category` up to that category, for an
    analyst unsure between them.

    Raises UnknownItemError for a criterion the current compass does not judge, InvalidInputError
    for a category outside its scale or an empty rationale, and ConflictError when the judgement
    is no longer at `version` (0: there was none).
    """
    criterion = judged_criterion(current_state().compass, criterion_id)
    assert criterion.scale is not None
    if category is not None and category not in {c.id for c in criterion.scale.categories}:
        raise InvalidInputError(
            "category", f"{category!r} is not a category of scale {criterion.scale.id!r}"
        )
    high = _checked_high(criterion, category, category_high)
    rationale = _check_rationale(rationale)
    evidence = _text(evidence)
    label = f"{region.code} · {criterion_id}"
    found = Judgement.objects.filter(region=region, criterion=criterion_id)
    with transaction.atomic():
        _queue(found)
        current = editable_judgement(region, criterion_id, user)
        if current is None:
            if version != 0:
                raise ConflictError(found.order_by("-updated_at").first(), retry_version=0)
            if category is None:
                return Saved("unchanged", None)
            name = analyst_name(region, criterion_id, user)
            created = _create_guarded(
                found.filter(author_name=name),
                region=region,
                criterion=criterion_id,
                category=category,
                category_high=high,
                rationale=rationale,
                evidence=evidence,
                **_authored(user, name),
            )
            after = snapshot(created)
            record(user, "judgement set", created, after=after, region=region, label=label)
            return Saved("created", created)
        before = snapshot(current)
        if category is None:
            if current.version != version:  # read under the lock: still so at commit
                raise _conflict(region, criterion_id, user, current)
            current.delete()
            after = {"criterion": criterion_id, "category": None, "rationale": rationale}
            after |= {"evidence": evidence, "author_name": current.author_name}
            record(
                user,
                "judgement cleared",
                current,
                before=before,
                after=after,
                region=region,
                label=label,
            )
            return Saved("cleared", None)
        if _same(current, category, rationale, evidence, high):
            return Saved("unchanged", current)
        try:
            saved = _update_guarded(
                found,
                current,
                version,
                category=category,
                category_high=high,
                rationale=rationale,
                evidence=evidence,
                **_authored(user, analyst_name(region, criterion_id, user, keep=current.pk)),
            )
        except ConflictError as conflict:
            raise _conflict(region, criterion_id, user, conflict.current) from None
        after = snapshot(saved)
        record(
            user,
            "judgement changed",
            saved,
            before=before,
            after=after,
            region=region,
            label=label,
        )
        return Saved("changed", saved)


def set_gate(
    region: Region,
    precondition_id: str,
    status: str,
    rationale: str,
    evidence: str,
    version: int,
    user: User,
) -> Saved:
    """Set or change the status of one precondition (pass, fail or unknown), audited.

    An unknown status is kept as a record (with its rationale: what was asked, and of whom), so
    the gate stays unknown for the advice but the work done is not lost.
    """
    precondition_of(current_state().compass, precondition_id)
    if status not in GATE_STATUSES:
        raise InvalidInputError("status", f"{status!r} is not one of {', '.join(GATE_STATUSES)}")
    rationale = _check_rationale(rationale)
    evidence = _text(evidence)
    label = f"{region.code} · {precondition_id}"
    found = GateStatus.objects.filter(region=region, precondition=precondition_id)
    with transaction.atomic():
        _queue(found)
        current = found.first()
        if current is None:
            if version != 0:
                raise ConflictError(None)
            created = _create_guarded(
                found,
                region=region,
                precondition=precondition_id,
                status=status,
                rationale=rationale,
                evidence=evidence,
                **_authored(user),
            )
            after = snapshot(created)
            record(user, "gate set", created, after=after, region=region, label=label)
            return Saved("created", created)
        if _same(current, status, rationale, evidence):
            return Saved("unchanged", current)
        before = snapshot(current)
        saved = _update_guarded(
            found,
            current,
            version,
            status=status,
            rationale=rationale,
            evidence=evidence,
            **_authored(user),
        )
        after = snapshot(saved)
        record(user, "gate changed", saved, before=before, after=after, region=region, label=label)
        return Saved("changed", saved)


Assessment = TypeVar("Assessment", Judgement, GateStatus)


def _authored(user: Any, name: str | None = None) -> dict[str, Any]:
    """Who and when, for a record a user saves."""
    return {
        "author": _account(user),
        "author_name": name or _author_name(user),
        "date": timezone.localdate().isoformat(),
    }


def _queue(found: QuerySet[Assessment]) -> None:
    """Wait for every other writer, then lock the records this save reads and checks.

    The data-version row first: every write renews it (kompas.shared.version), so every writer
    queues there in the same order. A no-op on SQLite, whose IMMEDIATE transaction already
    holds the database's write lock.
    """
    list(DataVersion.objects.select_for_update().filter(pk=1).values_list("pk", flat=True))
    list(found.select_for_update().values_list("pk", flat=True))


def _create_guarded(found: QuerySet[Assessment], **fields: Any) -> Assessment:
    """Create the record; when someone else created it meanwhile, a conflict (not a 500)."""
    try:
        with transaction.atomic():
            return found.model.objects.create(**fields)
    except IntegrityError:
        raise ConflictError(found.first()) from None


def _update_guarded(
    found: QuerySet[Assessment], current: Assessment, version: int, **fields: Any
) -> Assessment:
    """Update only if the record is still at the version the user started from; else a conflict.

    One UPDATE ... WHERE version = v: atomic on SQLite and PostgreSQL. The user's own words
    replace the source document's, so the citation goes.
    """
    record = found.filter(pk=current.pk)
    bump()  # a bulk update sends no signal
    updated = record.filter(version=version).update(
        **fields, source=None, section="", updated_at=timezone.now(), version=F("version") + 1
    )
    if not updated:
        raise ConflictError(record.first())
    return record.get()

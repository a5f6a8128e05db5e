"""Judgements on compass criteria and statuses of preconditions (gates), per region."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kompas.regions.models import Region, Source


class Assessed(models.Model):
    """Shared fields: who said it, when, why, on what evidence.

    `version` guards against concurrent edits: a save names the version it started from.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE)
    rationale = models.TextField()
    evidence = models.TextField(blank=True, help_text="links or references, one per line")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_name = models.CharField(max_length=200)
    date = models.CharField(max_length=20, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    section = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Judgement(Assessed):
    """One analyst's judgement of one criterion for one region.

    Several analysts may judge the same criterion independently; the analyst is told apart by
    `author_name` (the account's name, or the author of a record from the data files), and the
    compass's aggregation makes their judgements one value. An analyst unsure between
    categories gives a range: `category` (lowest) to `category_high` (highest).
    """

    criterion = models.CharField(max_length=60)
    category = models.CharField(max_length=60)
    category_high = models.CharField(
        max_length=60,
        blank=True,
        help_text="the highest category when the analyst is unsure (then `category` is the lowest)",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "criterion", "author_name"], name="one_judgement_per_analyst"
            )
        ]

    @property
    def judged(self) -> str | tuple[str, str]:
        """The category, or (lowest, highest) when the analyst gave a range."""
        high = self.category_high
        return (self.category, high) if high and high != self.category else self.category


class GateStatus(Assessed):
    STATUSES = [("pass", "pass"), ("fail", "fail"), ("unknown", "unknown")]

    precondition = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=STATUSES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "precondition"], name="one_status_per_gate")
        ]

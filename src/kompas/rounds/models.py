"""Decision rounds: the recorded decisions per region and track, frozen for replay."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kompas.compasses.models import CompassVersion
from kompas.regions.models import Region, Source


class DecisionRound(models.Model):
    STATUSES = [("draft", "draft"), ("adopted", "adopted")]

    key = models.SlugField(max_length=80, unique=True)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    period_start = models.IntegerField(null=True, blank=True)
    period_end = models.IntegerField(null=True, blank=True)
    compass_version = models.ForeignKey(CompassVersion, on_delete=models.PROTECT)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    section = models.CharField(max_length=300, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True, help_text="everything needed to replay")
    status = models.CharField(
        max_length=10,
        choices=STATUSES,
        default="draft",
        help_text="a draft is weighed only when someone picks it; adopted rounds are the default",
    )

    class Meta:
        ordering = ["-period_end", "key"]

    def __str__(self) -> str:
        return self.key

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def adopted(self) -> bool:
        return self.status == "adopted"


class Decision(models.Model):
    round = models.ForeignKey(DecisionRound, on_delete=models.CASCADE, related_name="decisions")
    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    track = models.CharField(max_length=40)
    level = models.CharField(max_length=40)
    reasoning = models.TextField(blank=True)
    label = models.CharField(max_length=200)
    table_section = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "track"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region", "track"], name="one_decision_per_track"
            )
        ]


class Footnote(models.Model):
    round = models.ForeignKey(DecisionRound, on_delete=models.CASCADE, related_name="footnotes")
    number = models.PositiveIntegerField()
    text = models.TextField()
    track = models.CharField(max_length=40)
    table_section = models.CharField(max_length=40, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["number"]

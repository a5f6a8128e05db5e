"""Compass versions: every change of weights, scales, thresholds or preconditions is a new one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _

from kompas.engine import Compass, parse_compass

SEEDED = "seed"  # the note of the version read from the data folder at first start


class CompassVersion(models.Model):
    key = models.SlugField(max_length=80)
    number = models.PositiveIntegerField()
    config = models.JSONField(help_text="the compass file's contents")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["key", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.number}"

    @property
    def reason(self) -> str:
        """Why this version was made, in the active language for the first, seeded one."""
        if self.note == SEEDED:
            return str(_("Read from the data folder when Kompas first started"))
        return self.note

    @property
    def compass(self) -> Compass:
        return parse_compass(self.config, f"{self.key} v{self.number}")

    @classmethod
    def current(cls) -> CompassVersion:
        version = cls.objects.order_by("-created_at", "-number").first()
        if version is None:
            raise cls.DoesNotExist("no compass version yet")
        return version

    def successor(self, config: dict[str, Any], note: str, user: Any) -> CompassVersion:
        """Validate `config` and save it as the next version (the old one stays readable)."""
        parse_compass(config, f"{self.key} v{self.number + 1}")
        latest = CompassVersion.objects.filter(key=self.key).order_by("-number").first()
        number = (latest.number if latest else self.number) + 1
        return CompassVersion.objects.create(
            key=self.key, number=number, config=config, note=note, created_by=user
        )

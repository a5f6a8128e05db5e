"""The data version: numbers that every change of weighed data raises in its own transaction."""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """Row 1: every change; row 2: changes of the regions app (see `kompas.shared.version`).
    Caches of what is weighed are valid for one token of row 1."""

    number = models.PositiveBigIntegerField(default=1, help_text="how many changes so far")
    token = models.BigIntegerField(default=0, help_text="random, new with every change")

    def __str__(self) -> str:
        return f"data version {self.number}"

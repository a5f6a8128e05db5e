"""One import of one publisher's file: what it was, who imported it when, and what it changed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    source = models.CharField(max_length=40, help_text="the reader's key, e.g. wgi")
    publisher = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    edition = models.CharField(max_length=40)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_by_name = models.CharField(max_length=150)
    report = models.JSONField(
        default=dict, help_text="counts, moved values, advice changes, skipped rows"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.edition} ({self.file_name})"

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


class ImportJob(models.Model):
    """An uploaded file being read, or read and waiting for the user to accept its preview.

    Kept in the database so that every server process (and machine) sees the same job: the
    process that reads the file writes its progress here, any process can show it.
    """

    STATUSES = [("reading", "reading"), ("ready", "ready"), ("failed", "failed")]

    id = models.CharField(primary_key=True, max_length=32)
    source = models.CharField(max_length=40)
    edition = models.CharField(max_length=40, blank=True)
    path = models.CharField(max_length=500, help_text="the uploaded file, under KOMPAS_HOME")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=STATUSES, default="reading")
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.source} {self.id[:8]} ({self.status})"

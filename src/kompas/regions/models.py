"""Regions and what is known about them: sources, themes, statements, relations, indicators."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """A document or dataset that facts cite."""

    key = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    date = models.CharField(max_length=20, blank=True)
    edition = models.CharField(max_length=40, blank=True)
    file = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=500, blank=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.key


class Region(models.Model):
    SCHEMES = [
        ("nuts", "NUTS"),
        ("iso3166-1", "ISO 3166-1"),
        ("iso3166-2", "ISO 3166-2"),
        ("group", _("group")),
    ]

    code = models.CharField(max_length=20, unique=True)
    scheme = models.CharField(max_length=12, choices=SCHEMES)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    members = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="groups")
    aliases = models.JSONField(default=list, blank=True)
    is_reference = models.BooleanField(default=False)
    is_candidate = models.BooleanField(default=False, help_text=_("added in Kompas as a candidate"))
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT)
    section = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_nl} ({self.code})"

    def name(self, lang: str = "nl") -> str:
        return self.name_en if lang == "en" else self.name_nl


class Cited(models.Model):
    """A fact with its source and the section of the source where it stands."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    section = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class RegionTheme(Cited):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=40, blank=True)
    wording = models.CharField(max_length=300)
    avoid = models.BooleanField(default=False)


class Statement(Cited):
    """What the narrative text says about a region's intended level on a track."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="statements")
    track = models.CharField(max_length=40)
    level = models.CharField(max_length=40)
    quote = models.TextField()


class Relation(Cited):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="relations")
    phase_nl = models.CharField(max_length=200)
    phase_en = models.CharField(max_length=200)
    sectors = models.JSONField(default=list)
    quote = models.TextField()


class Indicator(models.Model):
    key = models.SlugField(max_length=60, unique=True)
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True)
    scale_min = models.FloatField(null=True, blank=True)
    scale_max = models.FloatField(null=True, blank=True)
    higher_is_better = models.BooleanField(default=True)
    has_std_error = models.BooleanField(default=False)
    description_nl = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.key


class IndicatorValue(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    edition = models.CharField(max_length=40)
    year = models.IntegerField(null=True, blank=True)
    value = models.FloatField()
    std_error = models.FloatField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    run = models.ForeignKey(
        "imports.ImportRun",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="the import that stored this value (none: the embedded default data)",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "edition"], name="one_value_per_edition"
            )
        ]


class Boundary(models.Model):
    """An imported boundary for the map (kompas import gisco_nuts | world_countries).

    One per Kompas code; the map prefers it to the shipped map file. A new import of the same code
    replaces the shape and records the source and the run that did it.
    """

    SCHEMES = [("nuts", "NUTS"), ("iso3166-1", "ISO 3166-1")]

    code = models.CharField(max_length=20, unique=True)
    scheme = models.CharField(max_length=12, choices=SCHEMES)
    level = models.PositiveSmallIntegerField(help_text="0 for a country, else the NUTS level")
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    parent_code = models.CharField(max_length=20, blank=True)
    geometry = models.JSONField(help_text="GeoJSON Polygon or MultiPolygon, longitude/latitude")
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    run = models.ForeignKey(
        "imports.ImportRun",
        on_delete=models.PROTECT,
        help_text="the import that stored this shape",
    )

    class Meta:
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.source})"

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kompas.readers.registry import READERS, reader


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"))
    file = forms.FileField(label=_("File"), help_text=_("The publisher's file, as published."))
    edition = forms.CharField(
        label=_("Edition"),
        required=False,
        max_length=40,
        help_text=_("Only for files that do not state their own edition."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for key in READERS:
            known = reader(key)
            choices.append((key, f"{known.publisher}: {known.title} ({', '.join(known.suffixes)})"))
        self.fields["source"].choices = choices  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.KOMPAS_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("%(name)s: the file is %(size).1f MB; at most %(limit)d MB")
                % {
                    "name": upload.name,
                    "size": upload.size / 2**20,
                    "limit": settings.KOMPAS_MAX_UPLOAD_MB,
                }
            )
        return upload

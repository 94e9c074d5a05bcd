"""The wording template form: one field per part of the document, the version it was loaded at."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from duban.core.forms import Textarea
from duban.documents.models import WORDING_FIELDS, DocumentTemplate
from duban.documents.services import validate_wording
from duban.documents.wording import Wording


class TemplateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, kind: str, wording: Wording, **kwargs: Any) -> None:
        initial = {name: getattr(wording, name) for name in WORDING_FIELDS}
        initial["version"] = wording.version
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in WORDING_FIELDS:
            model_field = DocumentTemplate._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            field = model_field.formfield()
            assert field is not None
            if name in ("opening", "closing"):
                field.widget = Textarea(attrs={"rows": 4})
            self.fields[name] = field
        self.order_fields(WORDING_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            validate_wording(self.kind, {n: data.get(n) or "" for n in WORDING_FIELDS})
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, messages)
        return data

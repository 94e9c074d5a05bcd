"""Forms of the warning board and letters; every message names its field."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from duban.core.asof import today
from duban.core.forms import DateInput, Textarea
from duban.core.scoping import restrict
from duban.orgs.choices import UnitKind
from duban.orgs.models import Unit
from duban.projects.models import Category
from duban.supervision.choices import Colour, LightKind
from duban.supervision.evidence import MAX_BYTES


class UnitSelect(forms.Select):
    """The unit filter's drop-down, rendered in one pass: a province has 2,000 units, and
    Django's template per option (with a model instance behind each) took most of a second
    of every board request. The same <select>, options and selection; its choices are the
    plain (id, name) pairs `BoardFilterForm` gives it."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        # Every value and label is escaped here (the stdlib escape, a tenth of the cost of a
        # format_html per option), so the joined options are safe as a whole.
        options = SafeString(  # nosec B703 B308  # every key and label escaped below
            "".join(
                f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
                f"{escape(str(label))}</option>"
                for key, label in self.choices
            )
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


COLOUR_FILTER = [("warn", _("红灯和黄灯")), *Colour.choices, ("all", _("全部"))]


class BoardFilterForm(forms.Form):
    """Filters of the warning board; unknown values fall back to the defaults (D3)."""

    group = forms.ChoiceField(
        label=_("考评组"), choices=[("", "—"), *UnitKind.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("责任单位"), queryset=Unit.objects.none(), required=False, widget=UnitSelect
    )
    category = forms.ModelChoiceField(
        label=_("类别"), queryset=Category.objects.all(), required=False
    )
    colour = forms.ChoiceField(label=_("灯色"), choices=COLOUR_FILTER, required=False)
    kind = forms.ChoiceField(
        label=_("对象"), choices=[("", "—"), *LightKind.choices], required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = restrict(Unit.objects.all(), user, "unit.view")
        field = self.fields["unit"]
        field.queryset = units  # type: ignore[attr-defined]
        # Names as `str(unit)` gives them, read as pairs rather than model instances.
        field.widget.choices = [("", field.empty_label), *units.values_list("pk", "name")]  # type: ignore[attr-defined]


class IssueLetterForm(forms.Form):
    deadline = forms.DateField(label=_("回函期限"), widget=DateInput())

    def clean_deadline(self) -> dt.date:
        deadline: dt.date = self.cleaned_data["deadline"]
        if deadline <= today():
            raise forms.ValidationError(_("回函期限应晚于今天"))
        return deadline


class ReplyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reply_text = forms.CharField(
        label=_("回函内容"), max_length=2000, widget=Textarea(attrs={"rows": 5})
    )
    evidence = forms.FileField(
        label=_("佐证材料（PDF/PNG/JPEG，不超过10MB）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload is not None and (upload.size or 0) > MAX_BYTES:
            raise forms.ValidationError(_("佐证材料不能超过10MB"))
        return upload


class CancelLetterForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200)

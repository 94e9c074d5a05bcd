"""Form fields every app shares: money typed the way people type it, and several evidence
files from one input. (Form fields, not widgets of one app, so no app imports another's
forms for them.)"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.core.evidence import ACCEPT_ATTR
from duban.core.numbers import parse_number


class MoneyField(forms.DecimalField):
    """万元 amount; accepts full-width digits, thousands separators and Chinese numerals."""

    # django-stubs types DecimalField as a subclass of IntegerField and ignores the same
    # override in its own stub; the runtime returns a Decimal, as declared here.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str) and value.strip():
            parsed = parse_number(value)
            if parsed is None:
                raise forms.ValidationError(_("请输入数字金额（万元）"), code="invalid")
            value = str(parsed)
        return super().to_python(value)


class DateInput(forms.DateInput):
    """A date picker whose value the browser keeps, in every language.

    `<input type="date">` accepts only ISO dates (2021-08-23); Django renders a date in the
    active language's first input format (2021/08/23 in Chinese), which the browser discards,
    so saving an untouched form erased the date. This widget always renders ISO; the field
    still reads every format a person may type.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class Textarea(forms.Textarea):
    """A multi-line text box whose line endings are stored as typed, in every browser.

    Browsers submit a textarea's lines joined by CRLF, whatever was loaded into it; stored as
    is, saving an untouched form rewrote every multi-line text. The value is read back with
    LF line endings, so an untouched save leaves the record as it was."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the content checks happen in `duban.core.evidence`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTR, "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []

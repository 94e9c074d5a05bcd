"""The form renderer of every page: Django's own, with the common widgets written directly.

Django renders each widget through a template (`django/forms/widgets/text.html` including
`input.html` including `attrs.html`, and one template per `<option>`), and renders every
field's error list through a template even when it is empty. A unit's month grid has seven
widgets and six error lists per project, the ledger's filter form a unit list with one option
per unit: at province scale these templates were most of the page's time (issue 22). This
renderer writes the same HTML for plain inputs, text areas, selects and empty error lists in
Python, escaping and localising exactly as the templates do, and hands every other template
(radio lists, file inputs with a current file, non-empty error lists, forms as a whole) to
Django's renderer unchanged. `duban/portal/tests/test_rendering.py` compares the two renderers
byte for byte over the product's forms.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs

_WIDGETS = "django/forms/widgets/"
# Templates that are exactly `{% include "django/forms/widgets/input.html" %}` plus a newline.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "text",
        "hidden",
        "number",
        "email",
        "url",
        "password",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
)
_EMPTY_ERRORS = frozenset(
    ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")
)


def _text(value: Any) -> str:
    """`{{ value }}` in an autoescaping template: local time, localised, escaped."""
    if type(value) is str:  # the common case (a plain, unsafe str), as Django escapes it
        return html.escape(value)
    return conditional_escape(force_str(localize(template_localtime(value))))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe, then escapes."""
    if type(value) is str or type(value) is int:  # plain values: Django's escape, directly
        return html.escape(str(value))
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>\n"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'
    )


def _option(option: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"
    )


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer (the same template engine for everything not written here)."""

    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        fast = self._fast(template_name, context)
        if fast is not None:
            # Built by _fast with Django's escaping of every value (byte for byte, tested).
            return SafeString(fast.strip())  # nosec B703 B308  # as Django's renderer strips output
        return super().render(template_name, context, request)

    def _fast(self, template_name: str, context: Mapping[str, Any]) -> str | None:
        if template_name in _EMPTY_ERRORS:
            return "" if not context.get("errors") else None
        widget = context.get("widget")
        if not isinstance(widget, Mapping):
            return None
        write: Callable[[Mapping[str, Any]], str | None] | None = _WRITERS.get(template_name)
        return write(widget) if write is not None else None


def _select(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/select.html, when every option is a plain `<option>`."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != f"{_WIDGETS}select_option.html":
                return None
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _clearable_file(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/clearable_file_input.html without a current file."""
    return None if widget.get("is_initial") else "\n" + _input(widget)


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{name: lambda w: _input(w) + "\n" for name in _INPUTS},
    f"{_WIDGETS}input.html": _input,
    f"{_WIDGETS}textarea.html": _textarea,
    f"{_WIDGETS}select.html": _select,
    f"{_WIDGETS}select_option.html": _option,
    f"{_WIDGETS}clearable_file_input.html": _clearable_file,
}

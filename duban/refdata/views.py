"""Reference-data pages: an index of the kinds the signed-in role may change, a list per kind,
and a create and an edit page per kind. Views parse, fetch and call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from duban.accounts.typing import authenticated_user
from duban.core.editing import EditPage, edit_page, not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.refdata import services
from duban.refdata.kinds import KINDS, Kind, cell


def _kind(request: HttpRequest, key: str) -> Kind:
    kind = KINDS.get(key)
    if kind is None:
        raise Http404
    if not can(request.user, kind.action):
        raise PermissionDenied(kind.action)
    return kind


def index(request: HttpRequest) -> HttpResponse:
    kinds = [k for k in KINDS.values() if can(request.user, k.action)]
    if not kinds:
        raise PermissionDenied("refdata.change")
    rows = [(k, k.model._default_manager.count()) for k in kinds]
    return render(request, "refdata/index.html", {"rows": rows})


def records(request: HttpRequest, kind: str) -> HttpResponse:
    found = _kind(request, kind)
    labels = [found.label_of(c) for c in found.columns]
    rows = [
        (obj, [(label, cell(obj, c)) for label, c in zip(labels, found.columns, strict=True)])
        for obj in found.queryset()
    ]
    context = {
        "kind": found,
        "labels": labels,
        "rows": rows,
        "edit_name": f"refdata:{found.key}_edit",
    }
    return render(request, "refdata/list.html", context)


def create(request: HttpRequest, kind: str) -> HttpResponse:
    found = _kind(request, kind)
    form = found.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_record(found, actor=authenticated_user(request), values=form.values())
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("refdata:records", kind=found.key)
    return render(request, "refdata/edit.html", {"kind": found, "form": form, "obj": None})


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@not_an_edit_page("the shared body of the per-kind edit pages below, each registered")
def _edit(request: HttpRequest, found: Kind, pk: int) -> HttpResponse:
    if not can(request.user, found.action):
        raise PermissionDenied(found.action)
    obj = get_object_or_404(found.model._default_manager.all(), pk=pk)
    form = found.form(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            # The form has already written its values onto `obj`; the service needs the
            # stored record to compute what changed.
            services.update_record(
                found,
                get_object_or_404(found.model._default_manager.all(), pk=pk),
                actor=authenticated_user(request),
                expected_version=form.cleaned_data["version"] or 0,
                changes=form.changes(),
            )
        except StaleVersionError as exc:
            messages.error(request, str(exc))
            context = {"kind": found, "form": form, "obj": obj}
            return render(request, "refdata/edit.html", context, status=409)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("refdata:records", kind=found.key)
    return render(request, "refdata/edit.html", {"kind": found, "form": form, "obj": obj})


def _first(key: str) -> Any:
    """How the browser walk opens a kind's edit page: its first record in the demo."""

    def open_first() -> tuple[dict[str, Any], QuerySet[Any]]:
        qs = KINDS[key].model._default_manager.order_by("pk")
        first = qs.first()
        assert first is not None, f"the demo has {key}"
        return {"pk": first.pk}, qs.filter(pk=first.pk)

    return open_first


@edit_page(EditPage("refdata:units_edit", "fgj", _first("units")))
def units_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["units"], pk)


@edit_page(EditPage("refdata:leaders_edit", "fgj", _first("leaders")))
def leaders_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["leaders"], pk)


@edit_page(EditPage("refdata:programmes_edit", "fgj", _first("programmes")))
def programmes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["programmes"], pk)


@edit_page(EditPage("refdata:categories_edit", "fgj", _first("categories")))
def categories_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["categories"], pk)


@edit_page(EditPage("refdata:node-templates_edit", "fgj", _first("node-templates")))
def node_templates_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["node-templates"], pk)


@edit_page(EditPage("refdata:template-nodes_edit", "fgj", _first("template-nodes")))
def template_nodes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["template-nodes"], pk)


@edit_page(EditPage("refdata:metrics_edit", "fgj", _first("metrics")))
def metrics_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["metrics"], pk)


@edit_page(EditPage("refdata:light-rules_edit", "fgj", _first("light-rules")))
def light_rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["light-rules"], pk)


@edit_page(EditPage("refdata:curves_edit", "fgj", _first("curves")))
def curves_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["curves"], pk)


@edit_page(EditPage("refdata:actuals_edit", "fgj", _first("actuals")))
def actuals_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, KINDS["actuals"], pk)


EDIT_VIEWS = {
    "units": units_edit,
    "leaders": leaders_edit,
    "programmes": programmes_edit,
    "categories": categories_edit,
    "node-templates": node_templates_edit,
    "template-nodes": template_nodes_edit,
    "metrics": metrics_edit,
    "light-rules": light_rules_edit,
    "curves": curves_edit,
    "actuals": actuals_edit,
}

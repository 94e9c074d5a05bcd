"""The wording templates page (发改局): every kind's current wording, and its edit form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from duban.accounts.typing import authenticated_user
from duban.core.editing import EditPage, edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.documents import queries, services
from duban.documents.choices import DocumentKind
from duban.documents.forms import TemplateForm
from duban.documents.models import WORDING_FIELDS, DocumentTemplate
from duban.documents.wording import PLACEHOLDERS


def _need(request: HttpRequest, action: str) -> None:
    if not can(request.user, action):
        raise PermissionDenied(action)


def index(request: HttpRequest) -> HttpResponse:
    _need(request, "document_template.view")
    rows = [
        {"kind": kind, "label": label, "wording": wording, "row": row}
        for kind, label, wording, row in queries.all_wordings()
    ]
    return render(
        request,
        "documents/index.html",
        {"rows": rows, "can_edit": can(request.user, "document_template.change")},
    )


def _a_template() -> tuple[dict[str, Any], QuerySet[DocumentTemplate]]:
    row = DocumentTemplate.objects.order_by("pk").first()
    assert row is not None, "the demo saves the bulletin's wording (the seed plan's 主送)"
    return {"kind": row.kind}, DocumentTemplate.objects.filter(pk=row.pk)


@edit_page(EditPage("documents:edit", "fgj", _a_template))
def edit(request: HttpRequest, kind: str) -> HttpResponse:
    """Edit one kind's wording; a save based on an older version is refused, never merged."""
    _need(request, "document_template.change")
    if kind not in DocumentKind.values:
        raise Http404
    wording = queries.wording_for(kind)
    form = TemplateForm(request.POST or None, kind=kind, wording=wording)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_template(
                kind,
                actor=authenticated_user(request),
                expected_version=data["version"],
                values={name: data.get(name) or "" for name in WORDING_FIELDS},
            )
        except StaleVersionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, _("公文模板已保存"))
            return redirect(reverse("documents:index"))
    return render(
        request,
        "documents/edit.html",
        {
            "form": form,
            "kind": DocumentKind(kind),
            "wording": wording,
            "placeholders": sorted(PLACEHOLDERS.get(kind, {}).items()),
        },
    )

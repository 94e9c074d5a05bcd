"""People pages: a unit's contacts (added from the unit page, edited on their own page), the
pairings with their 帮扶 logs and the enterprise lists. Views stay thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.core.editing import EditPage, edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.scoping import get_scoped_or_404
from duban.orgs.models import Unit
from duban.people import queries, services
from duban.people.forms import ContactForm, VisitForm
from duban.people.models import Contact


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def pairings_page(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "unit.view"):
        raise Http404
    return render(
        request,
        "people/pairings.html",
        {
            "pairings": queries.pairings(request.user),  # type: ignore[arg-type]
            "flags": queries.flags(request.user),  # type: ignore[arg-type]
            "visit_form": VisitForm() if can(request.user, "people.edit") else None,
        },
    )


@require_POST
def contact_add(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = get_scoped_or_404(Unit.objects.all(), request.user, "unit.view", pk=unit_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.save_contact(
                actor=authenticated_user(request), unit=unit, role=data["role"],
                name=data["name"], post=data["post"], phone=data["phone"],
            )  # fmt: skip
            messages.success(request, _("已保存"))
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("请完整填写职责、姓名和职务"))
    return redirect("orgs:unit", code=unit.code)


def _gudongs_contacts() -> tuple[dict[str, Any], QuerySet[Contact]]:
    contacts = Contact.objects.filter(unit__code="gudong").order_by("id")
    first = contacts.first()
    return {"pk": first.pk if first else 0}, contacts[:1]


@edit_page(EditPage("people:contact", "gudong", _gudongs_contacts))
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_scoped_or_404(
        Contact.objects.select_related("unit"), request.user, "unit.view", pk=pk
    )
    initial = {
        "version": contact.version,
        "role": contact.role,
        "name": contact.name,
        "post": contact.post,
    }
    form = ContactForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_contact(
                    actor=authenticated_user(request), unit=contact.unit, role=data["role"],
                    name=data["name"], post=data["post"], phone=data["phone"], contact=contact,
                    expected_version=data["version"],
                )  # fmt: skip
            except PermissionDenied as exc:
                raise Http404 from exc
            except StaleVersionError as exc:
                messages.error(request, str(exc))
                status = 409
            except ValidationError as exc:
                _errors(request, exc)
                status = 400
            else:
                messages.success(request, _("已保存"))
                return redirect("orgs:unit", code=contact.unit.code)
        else:
            status = 400
    return render(request, "people/contact.html", {"contact": contact, "form": form}, status=status)


@require_POST
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_scoped_or_404(queries.pairings(request.user), request.user, "unit.view", pk=pk)  # type: ignore[arg-type]
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            services.log_visit(pairing, actor=authenticated_user(request), **form.cleaned_data)
            messages.success(request, _("已登记帮扶记录"))
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, _("请填写日期、方式和帮扶内容"))
    return redirect("people:pairings")

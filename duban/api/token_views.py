"""The system administrator's page of API tokens: issue (shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.api import services
from duban.api.forms import IssueTokenForm
from duban.api.models import ApiToken
from duban.core.roles import can


def _need_manage(request: HttpRequest) -> None:
    if not can(request.user, "user.manage"):
        raise PermissionDenied("user.manage")


def tokens(request: HttpRequest) -> HttpResponse:
    _need_manage(request)
    issued = None
    form = IssueTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.issue_token(
                actor=authenticated_user(request),
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = IssueTokenForm()
    rows = ApiToken.objects.select_related("user", "user__unit").order_by("-created_at", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "api/tokens.html", {"form": form, "page": page, "issued": issued})


@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _need_manage(request)
    row = get_object_or_404(ApiToken, pk=pk)
    services.revoke_token(row, actor=authenticated_user(request))
    messages.success(request, _("令牌 %(prefix)s… 已吊销") % {"prefix": row.prefix})
    return redirect("apitokens:index")

"""发改局's reminders page: the log of deliveries (sent, failed, why), the channels per unit or
role, and the rules (data) with their edit page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.accounts.typing import authenticated_user
from duban.core.editing import EditPage, edit_page, not_an_edit_page
from duban.core.models import StaleVersionError
from duban.core.roles import can
from duban.core.validation import error_text
from duban.reminders import queries, services
from duban.reminders.choices import Audience, DeliveryStatus
from duban.reminders.forms import ChannelForm, RuleForm
from duban.reminders.kinds import KINDS
from duban.reminders.models import Channel, Rule


def _need(request: HttpRequest) -> None:
    if not can(request.user, services.MANAGE):
        raise PermissionDenied(services.MANAGE)


def index(request: HttpRequest) -> HttpResponse:
    _need(request)
    status = request.GET.get("status", "")
    if status not in DeliveryStatus.values:
        status = ""
    page = Paginator(queries.deliveries(status), 50).get_page(request.GET.get("page"))
    audience = dict(Audience.choices)
    rules = [
        (
            rule,
            KINDS[rule.kind].label if rule.kind in KINDS else rule.kind,
            "、".join(str(audience.get(a, a)) for a in rule.audience),
        )
        for rule in queries.rules()
    ]
    counts = queries.counts()
    return render(
        request,
        "reminders/index.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in DeliveryStatus.choices],
            "channels": queries.channels(),
            "rules": rules,
            "form": ChannelForm(),
        },
    )


@require_POST
def channel_add(request: HttpRequest) -> HttpResponse:
    _need(request)
    form = ChannelForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_channel(
                actor=authenticated_user(request),
                kind=data["kind"],
                target=data["target"],
                secret=data["secret"],
                unit=data["unit"],
                role=data["role"],
                name=data["name"],
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("渠道已添加"))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("reminders:index")


@require_POST
@not_an_edit_page("启用或停用渠道：一个开关，不是编辑表单")
def channel_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request)
    channel = get_object_or_404(Channel, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services.set_channel_active(
            channel,
            actor=authenticated_user(request),
            active=not channel.is_active,
            expected_version=version,
        )
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    return redirect("reminders:index")


def _a_rule() -> tuple[dict[str, Any], QuerySet[Rule]]:
    rule = Rule.objects.order_by("pk").first()
    assert rule is not None, "the default rules exist"
    return {"pk": rule.pk}, Rule.objects.filter(pk=rule.pk)


@edit_page(EditPage("reminders:rule", "fgj", _a_rule))
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _need(request)
    rule = get_object_or_404(Rule, pk=pk)
    initial = {
        "version": rule.version,
        "name": rule.name,
        "offset_days": rule.offset_days,
        "audience": rule.audience,
        "quiet_start": rule.quiet_start,
        "quiet_end": rule.quiet_end,
        "is_active": rule.is_active,
    }
    form = RuleForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_rule(
                rule, actor=authenticated_user(request), data=data, expected_version=version
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            status = 400
        except StaleVersionError as exc:
            messages.error(request, str(exc))
            status = 409
        else:
            messages.success(request, _("提醒规则已保存"))
            return redirect("reminders:index")
    elif request.method == "POST":
        status = 400
    label = KINDS[rule.kind].label if rule.kind in KINDS else rule.kind
    return render(
        request,
        "reminders/rule.html",
        {"form": form, "rule": rule, "label": label},
        status=status,
    )

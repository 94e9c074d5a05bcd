"""Login (password, then TOTP for privileged roles), logout, password change, and the account
pages of the system admin and the security admin. Views stay thin; services write."""

from __future__ import annotations

import pyotp
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from duban.accounts import approvals, notices, queries, services
from duban.accounts.choices import ChangeKind
from duban.accounts.forms import (
    AccountEditForm,
    AccountForm,
    GrantForm,
    LoginForm,
    OtpForm,
    PasswordChangeForm,
)
from duban.accounts.models import ChangeRequest, User
from duban.accounts.queries import account_requests
from duban.accounts.typing import authenticated_user
from duban.core.crypto import is_unreadable
from duban.core.roles import can

FAILED_LOGIN = gettext_lazy("用户名或密码不正确，或账户已被锁定。")


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:home")


def _announce_notices(request: HttpRequest, user: User) -> None:
    """Unread notices (changes made to one's account) are announced at every sign-in."""
    count = notices.unread_count(user)
    if count:
        messages.warning(
            request,
            _("您有 %(n)d 条未读通知：管理员对您的账户做了变更，请查看“通知”。") % {"n": count},
        )


@login_not_required
@never_cache
@csrf_protect
def login_view(request: HttpRequest) -> HttpResponse:
    """One page and one message for unknown user, wrong password and locked account (A2)."""
    form = LoginForm(request.POST or None)
    failed = False
    if request.method == "POST" and form.is_valid():
        attempt = services.attempt_password(
            request, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if attempt.user is not None:
            request.session["duban_next"] = _safe_next(request)
            if services.needs_otp(attempt.user):
                services.begin_otp(request, attempt.user)
                return redirect("accounts:otp")
            services.complete_login(request, attempt.user)
            _announce_notices(request, attempt.user)
            return HttpResponseRedirect(request.session.pop("duban_next", reverse("portal:home")))
        failed = True
    elif request.method == "POST":
        failed = True
    return render(
        request,
        "accounts/login.html",
        {"form": form, "failed": failed, "next": request.GET.get("next", "")},
        status=200,
    )


@login_not_required
@never_cache
@csrf_protect
def otp_view(request: HttpRequest) -> HttpResponse:
    """Second step for privileged roles: enrol an authenticator if none, then check a code."""
    user = services.pending_otp_user(request)
    if user is None:
        return redirect("accounts:login")
    unreadable = is_unreadable(user.otp_secret)
    enrolling = not user.otp_secret
    secret = ""
    if enrolling:
        secret = request.session.get(services.OTP_ENROL_SECRET) or pyotp.random_base32()
        request.session[services.OTP_ENROL_SECRET] = secret
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        ok = (
            services.confirm_enrolment(user, secret=secret, code=code)
            if enrolling
            else services.verify_otp(user, code)
        )
        if ok:
            target = request.session.get("duban_next") or reverse("portal:home")
            services.complete_login(request, user)
            _announce_notices(request, user)
            return HttpResponseRedirect(target)
        user.refresh_from_db()
        if services.is_locked(user):
            request.session.flush()
            return redirect("accounts:login")
        if unreadable:
            form.add_error(
                "code",
                _(
                    "动态口令密钥无法读取（系统密钥已更换）。请联系安全管理员重置动态口令，"
                    "然后重新绑定。"
                ),
            )
        else:
            form.add_error("code", _("动态口令不正确或已使用过，请等待下一个口令"))
    return render(
        request,
        "accounts/otp.html",
        {
            "form": form,
            "enrolling": enrolling,
            "secret": secret,
            "uri": services.provisioning_uri(user, secret) if enrolling else "",
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    services.logout_user(request)
    return redirect("accounts:login")


@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(user, actor=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改"))
        return redirect("portal:home")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "forced": user.must_change_password},
    )


def _manager(request: HttpRequest) -> None:
    if not can(request.user, "user.view"):
        raise PermissionDenied


def users(request: HttpRequest) -> HttpResponse:
    """The account list for the system admin and the security admin; phones masked (H2)."""
    _manager(request)
    rows = Paginator(queries.accounts(request.GET.get("q", "")), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/users.html",
        {
            "page": rows,
            "create_form": AccountForm() if can(request.user, "user.manage") else None,
            "can_manage": can(request.user, "user.manage"),
            "can_grant": can(request.user, "grant.manage"),
            "q": request.GET.get("q", ""),
        },
    )


@require_POST
def user_create(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "user.manage"):
        raise PermissionDenied
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            user, password = services.create_user(
                actor=authenticated_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("accounts:users")
        messages.success(
            request,
            _(
                "已创建账户 %(u)s，初始密码：%(p)s"
                "（仅显示一次，首次登录须修改；角色由安全管理员授予）"
            )
            % {"u": user.username, "p": password},
        )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else field
            messages.error(request, f"{label}：{'；'.join(str(e) for e in errors)}")
    return redirect("accounts:users")


# Buttons of the account page that carry no form fields, and the change each asks for.
_SINGLE_ACTIONS = {
    "enable": ChangeKind.ENABLE,
    "disable": ChangeKind.DISABLE,
    "reset_password": ChangeKind.PASSWORD_RESET,
    "reset_otp": ChangeKind.OTP_RESET,
}
_MANAGE_ACTIONS = {"enable", "disable", "reset_password"}


def _report(request: HttpRequest, outcome: approvals.Outcome) -> None:
    """Tell the administrator what became of the change."""
    if outcome.pending:
        messages.info(
            request,
            _("已提交申请，须另一名同一职责的管理员批准后生效；账户本人已收到通知。"),
        )
    elif outcome.password:
        messages.success(
            request, _("临时密码：%(p)s（仅显示一次，请当面交给本人）") % {"p": outcome.password}
        )
    else:
        messages.success(request, _("已保存"))


@never_cache
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    actor = authenticated_user(request)
    user = get_object_or_404(User, pk=pk)
    manage = can(request.user, "user.manage")
    grant = can(request.user, "grant.manage")
    edit_form = AccountEditForm(
        request.POST if manage and request.POST.get("form") == "account" else None,
        initial={"first_name": user.first_name},
    )
    grant_form = GrantForm(
        request.POST if grant and request.POST.get("form") == "grant" else None,
        initial={"role": user.role, "unit": user.unit_id},
    )
    if request.method == "POST":
        form = request.POST.get("form")
        try:
            outcome = None
            if form == "account" and manage and edit_form.is_valid():
                changes = {
                    k: v
                    for k, v in edit_form.cleaned_data.items()
                    if getattr(user, k) != v and not (k in ("phone", "email") and not v)
                }
                outcome = approvals.submit(
                    actor=actor, target=user, kind=ChangeKind.UPDATE, payload={"changes": changes}
                )
            elif form == "grant" and grant and grant_form.is_valid():
                unit = grant_form.cleaned_data["unit"]
                outcome = approvals.submit(
                    actor=actor,
                    target=user,
                    kind=ChangeKind.GRANT,
                    payload={
                        "role": grant_form.cleaned_data["role"],
                        "unit": unit.pk if unit else None,
                    },
                )
            elif form in _SINGLE_ACTIONS and (manage if form in _MANAGE_ACTIONS else grant):
                outcome = approvals.submit(actor=actor, target=user, kind=_SINGLE_ACTIONS[form])
            elif form not in ("account", "grant"):
                raise PermissionDenied
            if outcome is not None:
                _report(request, outcome)
                return redirect("accounts:user", pk=pk)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    return render(
        request,
        "accounts/user.html",
        {
            "account": user,
            "edit_form": edit_form if manage else None,
            "grant_form": grant_form if grant else None,
            "can_manage": manage,
            "can_grant": grant,
            "can_reveal": can(request.user, "user.phone_reveal"),
            "pending": account_requests(user),
        },
    )


@require_POST
def reveal_phone(request: HttpRequest, pk: int) -> HttpResponse:
    if not can(request.user, "user.phone_reveal"):
        raise PermissionDenied
    user = get_object_or_404(User, pk=pk)
    phone = services.reveal_phone(user, actor=authenticated_user(request))
    messages.info(request, _("%(u)s 的手机号：%(p)s（本次查看已记录）") % {"u": user, "p": phone})
    return redirect("accounts:user", pk=pk)


def approval_list(request: HttpRequest) -> HttpResponse:
    """Pending changes this administrator may decide, and the changes they asked for."""
    _manager(request)
    actor = authenticated_user(request)
    return render(
        request,
        "accounts/approvals.html",
        {"decidable": approvals.decidable_by(actor), "mine": approvals.requested_by(actor)},
    )


@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    actor = authenticated_user(request)
    change = get_object_or_404(
        ChangeRequest.objects.select_related("target", "requested_by"), pk=pk
    )
    action = request.POST.get("action")
    try:
        if action == "approve":
            outcome = approvals.approve(change, actor=actor)
            _report(request, outcome)
        elif action == "reject":
            approvals.reject(change, actor=actor, note=request.POST.get("note", ""))
            messages.success(request, _("已驳回"))
        elif action == "cancel":
            approvals.cancel(change, actor=actor)
            messages.success(request, _("已撤回"))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("accounts:approvals")


@never_cache
def notice_list(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notices (changes made to their account)."""
    actor = authenticated_user(request)
    if request.method == "POST":
        notices.mark_read(actor=actor)
        return redirect("accounts:notices")
    return render(request, "accounts/notices.html", {"notices": actor.notices.all()[:100]})

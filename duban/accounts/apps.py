from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self) -> None:
        # The Django admin must not offer a second login that skips lockout and TOTP (A2, A4):
        # its login page sends people to ours.
        from django.contrib import admin
        from django.contrib.auth.decorators import login_not_required
        from django.contrib.auth.views import redirect_to_login
        from django.http import HttpRequest, HttpResponse
        from django.urls import reverse

        @login_not_required
        def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
            return redirect_to_login(
                request.GET.get("next", reverse("admin:index")), reverse("accounts:login")
            )

        admin.site.login = admin_login  # type: ignore[method-assign]

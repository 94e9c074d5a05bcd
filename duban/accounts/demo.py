"""Demo accounts, one or more per role. Passwords are random per load (no default
credentials, B5) unless DUBAN_DEMO_PASSWORD is set, and are printed by `load_demo`."""

from __future__ import annotations

import os
import secrets
from typing import Any

import pyotp
from django.utils import timezone

from duban.accounts.models import User
from duban.core.roles import PRIVILEGED_ROLES, Role

DEMO_USERS = [
    ("fgj", "周明华", Role.SUPERVISOR, "fgj"),
    ("swj", "李春燕", Role.REVIEWER, "swj"),
    ("gxj", "赵立群", Role.REVIEWER, "gxj"),
    ("gudong", "陈晓燕", Role.REPORTER, "gudong"),
    ("guxi", "林国强", Role.REPORTER, "guxi"),
    ("rjy", "黄文斌", Role.REPORTER, "ruanjianyuan"),
    # Units whose projects raise the demo's 协调事项 (duban/problems/demo.py) file them themselves.
    ("nanjie", "郑丽娟", Role.REPORTER, "nanjie"),
    ("hongshan", "吴建平", Role.REPORTER, "hongshan"),
    ("gxq", "刘一鸣", Role.REPORTER, "gaoxinqu"),
    ("lingdao", "陈伟明", Role.LEADER, None),
    ("sysadmin", "系统管理员", Role.SYSADMIN, None),
    ("secadmin", "安全管理员", Role.SECADMIN, None),
    ("auditadmin", "审计管理员", Role.AUDITADMIN, None),
]


def demo_password() -> str:
    return os.environ.get("DUBAN_DEMO_PASSWORD") or "Db-" + secrets.token_urlsafe(9)


def load(ctx: Any) -> None:
    units = ctx.objects["units"]
    password = demo_password()
    leaders = {leader.name: leader for leader in ctx.objects["leaders"]}
    for username, name, role, unit_code in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": name,
                "role": role,
                "unit": units.get(unit_code) if unit_code else None,
                "leader": leaders.get(name) if role == Role.LEADER else None,
                "must_change_password": False,
                "password_changed_at": timezone.now(),
            },
        )
        if created:
            user.set_password(password)
            label = str(user.get_role_display())
            if role in PRIVILEGED_ROLES:
                # Privileged roles log in with TOTP (A4); the demo enrols them with a random
                # secret whose current code `duban totp-code USERNAME` shows (not in production).
                user.otp_secret = pyotp.random_base32()
                label += f"（动态口令：duban totp-code {username}）"
            user.save(update_fields=["password", "otp_secret"])
            ctx.accounts.append((username, password, label))

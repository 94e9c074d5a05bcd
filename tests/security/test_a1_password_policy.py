"""A1: the password policy holds on every path that sets a password; usernames are unique
regardless of case."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from duban.accounts import services
from duban.accounts.forms import PasswordChangeForm
from duban.accounts.models import User
from duban.core.roles import Role
from tests.support.factories import PASSWORD, Personas, make_user

# The weak-password corpus of SECURITY.md A1, for a user called zhangsan.
WEAK = [
    "12345678",
    "password",
    "abc123456",
    "zhangsan1",  # username + 1
    "Zhangsan@1",  # username inside, even with classes
    "zhangsan19900101",  # pinyin + birthday
    "Wangwei@19850612",  # pinyin + birthday, four classes
    "Ab1!",  # short
    "abcdefghijklmn",  # one character class
    "ABCDEFGHIJKLMN",
    "98765432109876",
    "Password2021!",  # a common word dressed up
    "Qwerty@123456",
    "aaaaaaaaaaA1!",  # repeats
]
STRONG = ["Zx!duban-Test-2021", "Hq7#meeting-plan", "绿色Kp9_项目推进"]


@pytest.mark.django_db
@pytest.mark.parametrize("password", WEAK)
def test_a1_every_weak_password_of_the_corpus_is_refused(password: str) -> None:
    user = User(username="zhangsan", role=Role.REPORTER)
    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
@pytest.mark.parametrize("password", STRONG)
def test_a1_a_strong_password_passes(password: str) -> None:
    validate_password(password, User(username="zhangsan"))


class PasswordPathsTests(Personas):
    def test_a1_the_self_service_form_refuses_a_weak_password(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": "gudong1", "new_password2": "gudong1"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "新密码")
        self.reporter.refresh_from_db()
        self.assertTrue(self.reporter.check_password(PASSWORD))

    def test_a1_the_self_service_form_accepts_a_strong_password(self) -> None:
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Hq7#meeting-plan",
                "new_password2": "Hq7#meeting-plan",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.reporter.refresh_from_db()
        self.assertTrue(self.reporter.check_password("Hq7#meeting-plan"))

    def test_a1_the_password_change_form_refuses_a_weak_password(self) -> None:
        # The product's own form (the Django admin's forms are gone with the admin).
        change = PasswordChangeForm(
            self.reporter,
            data={
                "old_password": PASSWORD,
                "new_password1": "12345678",
                "new_password2": "12345678",
            },
        )
        self.assertFalse(change.is_valid())
        self.assertIn("new_password1", change.errors)

    def test_a1_the_account_service_refuses_a_weak_password(self) -> None:
        with self.assertRaises(ValidationError):
            services.create_user(
                actor=self.sysadmin, username="lisi", password="lisi19900101", first_name="李四"
            )
        self.assertFalse(User.objects.filter(username="lisi").exists())

    def test_a1_the_bootstrap_command_refuses_a_weak_password(self) -> None:
        with self.assertRaises(CommandError):
            call_command("create_admin", "root2", role="sysadmin", password="password")
        self.assertFalse(User.objects.filter(username="root2").exists())

    def test_a1_generated_passwords_pass_the_policy(self) -> None:
        for _ in range(20):
            validate_password(services.generate_password(), self.reporter)

    def test_a1_usernames_are_unique_whatever_their_case(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_user(Role.REPORTER, self.street, username="GuDong")
        with self.assertRaises(ValidationError):
            services.create_user(actor=self.sysadmin, username="GUDONG", first_name="重名")

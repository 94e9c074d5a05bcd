"""Secrets at rest (H1): the TOTP secret column holds only ciphertext, keys rotate, and a wrong
key or a leftover plaintext value fails loudly in Chinese instead of passing as a secret."""

from __future__ import annotations

import importlib
from io import StringIO
from types import SimpleNamespace

import pyotp
import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from duban.accounts.models import User
from duban.accounts.services import confirm_enrolment, verify_otp
from duban.core.crypto import PREFIX, decrypt, is_unreadable
from tests.support.factories import Personas

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored_secret(user: User) -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT otp_secret FROM accounts_user WHERE id = %s", [user.pk])
        return cur.fetchone()[0]


def write_raw(user: User, value: str) -> None:
    with connection.cursor() as cur:
        cur.execute("UPDATE accounts_user SET otp_secret = %s WHERE id = %s", [value, user.pk])


class EncryptedSecretTests(Personas):
    def enrol(self) -> str:
        secret = pyotp.random_base32()
        assert confirm_enrolment(self.supervisor, secret=secret, code=pyotp.TOTP(secret).now())
        return secret

    def test_the_column_holds_ciphertext_and_the_code_still_verifies(self) -> None:
        secret = self.enrol()
        raw = stored_secret(self.supervisor)
        assert raw.startswith(PREFIX) and secret not in raw
        fresh = User.objects.get(pk=self.supervisor.pk)
        assert fresh.otp_secret == secret
        # The enrolment used the current step; the next step's code is accepted once.
        totp = pyotp.TOTP(secret)
        next_code = totp.at((fresh.otp_last_step + 1) * totp.interval)
        assert verify_otp(fresh, next_code)

    def test_the_same_secret_encrypts_differently_each_time(self) -> None:
        secret = self.enrol()
        first = stored_secret(self.supervisor)
        User.objects.filter(pk=self.supervisor.pk).update(otp_secret=secret)
        assert stored_secret(self.supervisor) != first

    def test_a_reset_stores_the_empty_string_not_a_token(self) -> None:
        self.enrol()
        User.objects.filter(pk=self.supervisor.pk).update(otp_secret="")
        assert stored_secret(self.supervisor) == ""
        assert User.objects.get(pk=self.supervisor.pk).otp_secret == ""

    def test_keys_rotate_and_the_old_key_can_then_be_dropped(self) -> None:
        with override_settings(DUBAN_FIELD_KEYS=[OLD]):
            secret = self.enrol()
        with override_settings(DUBAN_FIELD_KEYS=[NEW, OLD]):
            out = StringIO()
            call_command("rotate_field_keys", stdout=out)
            assert "已重新加密" in out.getvalue()
        with override_settings(DUBAN_FIELD_KEYS=[NEW]):
            assert User.objects.get(pk=self.supervisor.pk).otp_secret == secret

    def test_a_wrong_key_gives_an_unreadable_secret_not_a_wrong_one_nor_an_error(self) -> None:
        with override_settings(DUBAN_FIELD_KEYS=[OLD]):
            secret = self.enrol()
        stored = stored_secret(self.supervisor)
        with override_settings(DUBAN_FIELD_KEYS=[NEW]):
            user = User.objects.get(pk=self.supervisor.pk)
            assert is_unreadable(user.otp_secret) and user.otp_secret
            assert user.otp_secret != secret
            user.save()  # saved back unchanged, never re-encrypted as something else
        assert stored_secret(self.supervisor) == stored
        with pytest.raises(ImproperlyConfigured, match="密钥不一致"):
            decrypt(stored)

    def test_an_invalid_key_setting_is_named(self) -> None:
        with (
            override_settings(DUBAN_FIELD_KEYS=["not-a-key"]),
            pytest.raises(ImproperlyConfigured, match="DUBAN_FIELD_KEY"),
        ):
            self.enrol()

    def test_the_migration_encrypts_plaintext_left_from_before(self) -> None:
        secret = pyotp.random_base32()
        write_raw(self.supervisor, secret)
        with pytest.raises(ImproperlyConfigured, match="不是密文"):
            User.objects.get(pk=self.supervisor.pk)
        migration = importlib.import_module("duban.accounts.migrations.0003_encrypt_otp_secret")

        editor = SimpleNamespace(connection=connection)  # what the migration uses of one
        migration.encrypt_existing(None, editor)
        assert stored_secret(self.supervisor).startswith(PREFIX)
        assert User.objects.get(pk=self.supervisor.pk).otp_secret == secret
        migration.decrypt_existing(None, editor)
        assert stored_secret(self.supervisor) == secret

"""Passwords are stored as Argon2id with OWASP's parameters; a hash stored before (PBKDF2) still
signs in and is rewritten as Argon2id at that sign-in, so no account is locked out by the
change and none keeps the old hash once used."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.test import TestCase, override_settings

from duban import settings as production
from duban.accounts.hashers import Argon2idPasswordHasher
from duban.core.roles import Role
from tests.support.factories import make_unit, make_user

PASSWORD = "Gulou-2021-duban!"


# The suite signs its personas in with a fast hasher (conftest.py); these tests use the real ones.
@override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS)
class PasswordStorageTests(TestCase):
    def test_a_new_password_is_stored_as_argon2id_with_owasps_parameters(self) -> None:
        user = make_user(Role.REPORTER, make_unit(code="gd", name="鼓东街道"), username="gd")
        user.set_password(PASSWORD)
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert isinstance(identify_hasher(user.password), Argon2idPasswordHasher)
        assert user.check_password(PASSWORD) and not user.check_password(PASSWORD + "x")

    def test_an_old_pbkdf2_hash_signs_in_and_is_rewritten_as_argon2id(self) -> None:
        user = make_user(Role.REPORTER, make_unit(code="gd", name="鼓东街道"), username="gd")
        old = PBKDF2PasswordHasher()
        type(user).objects.filter(pk=user.pk).update(password=old.encode(PASSWORD, old.salt()))
        assert authenticate(username="gd", password=PASSWORD + "x") is None
        user.refresh_from_db()
        assert user.password.startswith("pbkdf2_sha256$")  # a wrong password changes nothing
        assert authenticate(username="gd", password=PASSWORD) is not None
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$")

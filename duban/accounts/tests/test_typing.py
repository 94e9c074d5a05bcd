"""authenticated_user: the typed view of request.user behind LoginRequiredMiddleware."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from duban.accounts.typing import authenticated_user
from tests.support.factories import Personas


class AuthenticatedUserTests(Personas):
    def test_the_signed_in_account_is_returned_through_the_lazy_request_user(self) -> None:
        request = RequestFactory().get("/")
        # AuthenticationMiddleware puts a lazy proxy on the request, not the User itself.
        request.user = SimpleLazyObject(lambda: self.reporter)
        user = authenticated_user(request)
        assert user == self.reporter
        assert user.unit_id == self.street.pk

    def test_an_anonymous_request_is_refused(self) -> None:
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        with pytest.raises(PermissionDenied):
            authenticated_user(request)

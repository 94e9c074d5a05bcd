"""One error shape for the whole API, in the language of Accept-Language (docs/api.md):

    {"error": {"code": "not_found", "message": "未找到。", "fields": {}}}

`code` is stable and English (for programs); `message` is for people, in Chinese or English;
`fields` maps a request field to its messages when the input was refused.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from duban.core.models import StaleVersionError


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for v in detail.values() for m in _flatten(v)]
    if isinstance(detail, list):
        return [m for v in detail for m in _flatten(v)]
    return [str(detail)]


def _codes(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return "invalid"


def body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, reshaped; Django's own refusals join the same shape."""
    if isinstance(exc, StaleVersionError):
        return Response(body("conflict", str(exc)), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        messages = [str(m) for m in exc.messages]
        return Response(
            body(
                "invalid",
                "；".join(messages) or _("请求内容不正确"),
                {"non_field_errors": messages},
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = (
            {str(k): _flatten(v) for k, v in detail.items()}
            if isinstance(detail, dict)
            else {"non_field_errors": _flatten(detail)}
        )
        response.data = body("invalid", _("请求内容不正确"), fields)
    else:
        response.data = body(_codes(exc), " ".join(_flatten(exc.detail)))
    return response

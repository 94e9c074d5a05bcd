"""Downloading evidence: only to a user who may see the file's owner (E5)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from duban.audit.services import record
from duban.core import evidence, uploads
from duban.core.scoping import restrict
from duban.files.models import Attachment


def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Stream a file as an attachment. A file is visible exactly where its owner is: the
    owner's model names the action, its scoping rule decides; anything else answers 404, like
    a file that does not exist."""
    item = Attachment.objects.select_related("owner_type").filter(pk=pk).first()
    if item is None:
        raise Http404
    model = item.owner_type.model_class()
    action = getattr(model, "attachment_view_action", None)
    if model is None or action is None:
        raise Http404
    owner = restrict(model._default_manager.filter(pk=item.owner_id), request.user, action)
    if not owner.exists():
        raise Http404
    try:
        handle = evidence.path_of(item.stored_name).open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    record(
        "evidence.downloaded",
        actor=request.user,
        obj=item,
        detail={"sha256": item.sha256, "size": item.size},
    )
    return uploads.download_response(
        handle, filename=item.original_name, content_type=item.content_type
    )

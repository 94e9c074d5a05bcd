"""Attaching evidence to a record: validate every upload first, then store all or none.

The owner's app decides who may attach (it calls `attach` from its own service, after its own
permission check); this module guarantees the rest: content checks (duban.core.evidence),
random storage names, one audit row per file in the caller's transaction, and no file left on
disk when the transaction fails.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from duban.audit.services import record
from duban.core import evidence
from duban.core.actors import Principal, SystemActor
from duban.files.models import Attachment


@contextmanager
def staged_files() -> Iterator[list[str]]:
    """Files written inside this block are removed again if the block fails, so a rejected
    or rolled-back change leaves nothing on disk."""
    names: list[str] = []
    try:
        yield names
    except BaseException:
        evidence.discard(names)
        raise


def count_for(owner: models.Model) -> int:
    """How many files an owner already has (the per-owner limit counts them)."""
    if owner.pk is None:
        return 0
    return Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    ).count()


def attach(
    owner: models.Model,
    uploads: Sequence[Any],
    *,
    actor: Principal | SystemActor,
    label: str = "",
    stage: list[str] | None = None,
) -> list[Attachment]:
    """Validate every upload (with the owner's files counted toward the limit), then store
    them all and write one `evidence.uploaded` row each; a refusal writes nothing.

    `stage` collects the stored names for an enclosing `staged_files()` block, so a failure
    later in the caller's transaction removes these files too.
    """
    if not uploads:
        return []
    checked = evidence.check_uploads(list(uploads), already=count_for(owner), label=label)
    owner_type = ContentType.objects.get_for_model(owner)
    with staged_files() as names, transaction.atomic():
        written = evidence.write_files(checked)
        names.extend(name for _, name in written)
        if stage is not None:
            stage.extend(names)
        files = []
        for item, stored in written:
            row = Attachment.objects.create(
                owner_type=owner_type,
                owner_id=owner.pk,
                original_name=item.original_name,
                stored_name=stored,
                kind=item.kind,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                uploaded_by_id=None if isinstance(actor, SystemActor) else actor.pk,
            )
            record(
                "evidence.uploaded",
                actor=actor,
                obj=row,
                detail={
                    "name": item.original_name,
                    "sha256": item.sha256,
                    "size": item.size,
                    "owner": f"{owner._meta.label_lower}:{owner.pk}",
                },
            )
            files.append(row)
    return files

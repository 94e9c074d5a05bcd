"""Every write to people: contacts, pairings, visits, enterprise flags; one transaction and one
audit row each (the trail masks the `phone` key on write)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.accounts.models import User
from duban.audit.services import record
from duban.core.asof import today
from duban.core.roles import Role
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.orgs.models import Leader, Unit
from duban.people.models import Contact, EnterpriseFlag, Pairing, Visit
from duban.problems.models import Enterprise
from duban.projects.models import Project

PHONE_DIGITS = 20


def _for_unit(actor: Actor, unit_id: int) -> None:
    """A unit records its own people; 发改局 records any unit's."""
    require(actor, "people.edit")
    if isinstance(actor, User) and actor.role != Role.SUPERVISOR and actor.unit_id != unit_id:
        raise PermissionDenied("people.edit")


def _clean_phone(phone: str) -> str:
    phone = "".join(ch for ch in phone if ch.isdigit() or ch == "-")
    if len(phone) > PHONE_DIGITS:
        raise ValidationError({"phone": _("手机号：位数过多")})
    return phone


def save_contact(
    *,
    actor: Actor,
    unit: Unit,
    role: str,
    name: str,
    post: str,
    phone: str = "",
    contact: Contact | None = None,
    expected_version: int | None = None,
) -> Contact:
    """Add a contact, or edit one with a version check. A blank phone on an edit keeps the
    stored number (the page never shows it whole, so it cannot send it back)."""
    _for_unit(actor, unit.pk)
    with transaction.atomic():
        if contact is None:
            contact = Contact(
                unit=unit, role=role, name=name.strip(), post=post.strip(),
                phone=_clean_phone(phone),
            )  # fmt: skip
            contact.full_clean()
            contact.save()
            record("contact.saved", actor=actor, obj=contact, after=snapshot(contact))
            return contact
        if contact.unit_id != unit.pk:
            raise PermissionDenied("people.edit")
        fields = ["role", "name", "post", "phone"]
        before = snapshot(contact, fields)
        contact.role, contact.name, contact.post = role, name.strip(), post.strip()
        if phone.strip():
            contact.phone = _clean_phone(phone)
        after = snapshot(contact, fields)
        if before == after:
            return contact
        save_versioned(
            contact,
            expected_version=contact.version if expected_version is None else expected_version,
            fields=fields,
        )
        record(
            "contact.saved",
            actor=actor,
            obj=contact,
            before=before,
            after=after,
            detail={"changed": sorted(changed_fields(before, after))},
        )
    return contact


def remove_contact(contact: Contact, *, actor: Actor) -> None:
    _for_unit(actor, contact.unit_id)
    if contact.pairings.exists():
        raise ValidationError(_("该联系人有挂钩帮扶记录，不能删除"))
    with transaction.atomic():
        record("contact.removed", actor=actor, obj=contact, before=snapshot(contact))
        contact.delete()


def pair(
    *,
    actor: Actor,
    leader: Leader | None = None,
    contact: Contact | None = None,
    enterprise: Enterprise | None = None,
    project: Project | None = None,
    since: dt.date | None = None,
) -> Pairing:
    """挂钩: a district leader (发改局 records it) or a unit's own leader (the unit records it)
    paired with an enterprise or a project of that unit."""
    if (leader is None) == (contact is None):
        raise ValidationError(_("挂钩须且只能对应一位区领导或一位单位领导"))
    if (enterprise is None) == (project is None):
        raise ValidationError(_("挂钩须且只能对应一家企业或一个项目"))
    unit_id = enterprise.unit_id if enterprise is not None else project.unit_id  # type: ignore[union-attr]
    if contact is not None:
        _for_unit(actor, contact.unit_id)
    else:
        require(actor, "people.edit")
        if isinstance(actor, User) and actor.role != Role.SUPERVISOR:
            raise PermissionDenied("people.edit")
    with transaction.atomic():
        pairing = Pairing.objects.create(
            leader=leader,
            contact=contact,
            enterprise=enterprise,
            project=project,
            unit_id=unit_id,
            since=since or today(),
        )
        record("pairing.created", actor=actor, obj=pairing, after=snapshot(pairing))
    return pairing


def log_visit(
    pairing: Pairing, *, actor: Actor, on: dt.date, kind: str, content: str, outcome: str = ""
) -> Visit:
    """One 帮扶 visit in the pairing's log, recorded by its unit or 发改局."""
    _for_unit(actor, pairing.unit_id)
    if not content.strip():
        raise ValidationError({"content": _("帮扶内容：请填写")})
    with transaction.atomic():
        visit = Visit.objects.create(
            pairing=pairing,
            on=on,
            kind=kind,
            content=content.strip(),
            outcome=outcome.strip(),
            created_by=person(actor),
        )
        record(
            "pairing.visit_logged",
            actor=actor,
            obj=pairing,
            detail={"on": on.isoformat(), "kind": kind, "visit": visit.pk},
        )
    return visit


def flag_enterprise(
    enterprise: Enterprise,
    *,
    actor: Actor,
    difficult: bool,
    through_train: bool,
    note: str = "",
) -> EnterpriseFlag:
    """Mark an enterprise 困难企业 and/or 重点企业直通车 (发改局 keeps both lists)."""
    require(actor, "people.edit")
    if isinstance(actor, User) and actor.role != Role.SUPERVISOR:
        raise PermissionDenied("people.edit")
    with transaction.atomic():
        flag, _created = EnterpriseFlag.objects.get_or_create(enterprise=enterprise)
        before = snapshot(flag, ["difficult", "through_train", "note"])
        flag.difficult, flag.through_train, flag.note = difficult, through_train, note.strip()
        save_versioned(
            flag, expected_version=flag.version, fields=["difficult", "through_train", "note"]
        )
        record(
            "enterprise.flagged",
            actor=actor,
            obj=enterprise,
            before=before,
            after=snapshot(flag, ["difficult", "through_train", "note"]),
        )
    return flag

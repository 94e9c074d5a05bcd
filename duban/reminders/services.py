"""Every write of the reminders: channels and rules (发改局, or a command), the planning of
the day's reminders into deliveries, and their sending with retries.

Planning is idempotent: a delivery's unique key (rule, occasion, unit, recipient) is claimed
with an insert that a second run cannot repeat, so the same reminder never reaches the same
recipient twice, however often `duban remind --send` runs. Sending claims each due delivery
with a conditional update (two workers never send one message twice), retries a failure with
exponential backoff up to DUBAN_REMINDER_MAX_ATTEMPTS, and logs why it failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, require
from duban.accounts.models import Notice, User
from duban.audit.services import record
from duban.core.roles import Role
from duban.core.services import changed_fields, save_versioned, snapshot
from duban.orgs.models import Unit
from duban.reminders import defaults
from duban.reminders.choices import INBOX, Audience, ChannelKind, DeliveryStatus
from duban.reminders.kinds import KINDS, Occasion
from duban.reminders.messages import Message
from duban.reminders.models import Channel, Delivery, Rule
from duban.reminders.senders import SendError, send

MANAGE = "reminder.manage"


# --- channels and rules -------------------------------------------------------------------


def _check_target(kind: str, target: str) -> str:
    target = target.strip()
    try:
        if kind == ChannelKind.EMAIL:
            EmailValidator()(target)
        else:
            URLValidator(schemes=["https", "http"])(target)
    except ValidationError as exc:
        raise ValidationError(
            _("%(label)s的地址不正确：%(value)s")
            % {"label": ChannelKind(kind).label, "value": target[:40]}
        ) from exc
    return target


def add_channel(
    *,
    actor: Actor,
    kind: str,
    target: str,
    secret: str = "",
    unit: Unit | None = None,
    role: str = "",
    name: str = "",
) -> Channel:
    """A channel for a unit (its group robot, its liaison's mailbox) or for every holder of a
    role (e.g. 发改局's own group). Address and secret are stored encrypted."""
    require(actor, MANAGE)
    if kind not in ChannelKind.values:
        raise ValidationError(_("未知渠道类型：%(kind)s") % {"kind": kind})
    if (unit is None) == (not role):
        raise ValidationError(_("渠道须属于一个单位或一个角色（二选一）"))
    if role and role not in Role.values:
        raise ValidationError(_("未知角色：%(role)s") % {"role": role})
    channel = Channel(
        kind=kind,
        target=_check_target(kind, target),
        secret=secret.strip(),
        unit=unit,
        role=role,
        name=name.strip()[:64],
    )
    with transaction.atomic():
        channel.save()
        record(
            "reminder.channel_added",
            actor=actor,
            obj=channel,
            after={"kind": kind, "owner": str(unit or role), "target": channel.masked_target},
        )
    return channel


def set_channel_active(
    channel: Channel, *, actor: Actor, active: bool, expected_version: int
) -> Channel:
    require(actor, MANAGE)
    with transaction.atomic():
        before = {"is_active": channel.is_active}
        channel.is_active = active
        save_versioned(channel, expected_version=expected_version, fields=["is_active"])
        record(
            "reminder.channel_changed",
            actor=actor,
            obj=channel,
            before=before,
            after={"is_active": active},
        )
    return channel


RULE_FIELDS = ("name", "offset_days", "audience", "quiet_start", "quiet_end", "is_active")


def update_rule(rule: Rule, *, actor: Actor, data: dict[str, Any], expected_version: int) -> Rule:
    """发改局 changes a rule's timing, audience or quiet hours (a version check: F2)."""
    require(actor, MANAGE)
    unknown = set(data) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(
            _("不可修改的字段：%(value)s") % {"value": "、".join(sorted(unknown))}
        )
    if "audience" in data and not set(data["audience"]) <= set(Audience.values):
        raise ValidationError(_("未知的提醒对象"))
    with transaction.atomic():
        before = snapshot(rule, list(RULE_FIELDS))
        for name, value in data.items():
            setattr(rule, name, value)
        save_versioned(rule, expected_version=expected_version, fields=list(data))
        diff = changed_fields(before, snapshot(rule, list(RULE_FIELDS)))
        if diff:
            record(
                "reminder.rule_changed",
                actor=actor,
                obj=rule,
                before={k: v[0] for k, v in diff.items()},
                after={k: v[1] for k, v in diff.items()},
            )
    return rule


def ensure_default_rules() -> int:
    """Create the default rules that are missing (a new installation has them from its
    migration; this restores them after a flush, e.g. for the demo). Returns how many."""
    made = 0
    for row in defaults.RULES:
        _, created = Rule.objects.get_or_create(
            kind=row["kind"],
            offset_days=row["offset_days"],
            defaults={
                "name": row["name"],
                "audience": row["audience"],
                "quiet_start": defaults.QUIET_START,
                "quiet_end": defaults.QUIET_END,
            },
        )
        made += created
    return made


# --- planning -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """One reminder due: a rule's occasion for one recipient."""

    rule: Rule
    occasion: Occasion
    channel: Channel | None
    user: User | None

    @property
    def channel_kind(self) -> str:
        return self.channel.kind if self.channel else INBOX

    @property
    def recipient(self) -> str:
        if self.channel is not None:
            return f"{self.channel.kind}:{self.channel.pk} {self.channel.masked_target}"[:200]
        assert self.user is not None
        return self.user.username

    @property
    def dedup_key(self) -> str:
        who = f"ch{self.channel.pk}" if self.channel else f"u{self.user.pk if self.user else 0}"
        return f"{self.rule.pk}|{self.occasion.key}|{self.occasion.unit.pk}|{who}"[:200]

    def as_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule.kind,
            "unit": self.occasion.unit.code,
            "recipient": self.recipient,
            "subject": self.occasion.subject,
            "channel": self.channel_kind,
        }


def _recipients(rule: Rule, occasion: Occasion) -> list[tuple[Channel | None, User | None]]:
    channels = Channel.objects.filter(is_active=True).select_related("unit")
    users = get_user_model().objects.filter(is_active=True)
    found_channels: dict[int, Channel] = {}
    found_users: dict[int, User] = {}
    for audience in rule.audience:
        if audience == Audience.UNIT:
            chosen_channels = channels.filter(unit=occasion.unit)
            chosen_users = users.filter(unit=occasion.unit, role=Role.REPORTER)
        elif audience == Audience.REVIEWER:
            chosen_channels = channels.filter(unit_id__in=occasion.reviewer_unit_ids) | (
                channels.filter(role=Role.REVIEWER)
            )
            chosen_users = users.filter(unit_id__in=occasion.reviewer_unit_ids, role=Role.REVIEWER)
        elif audience == Audience.LEADER:
            chosen_channels = channels.filter(role=Role.LEADER)
            chosen_users = users.filter(leader_id__in=occasion.leader_ids, role=Role.LEADER)
        elif audience == Audience.SUPERVISOR:
            chosen_channels = channels.filter(role=Role.SUPERVISOR)
            chosen_users = users.filter(role=Role.SUPERVISOR)
        else:
            continue
        found_channels.update({c.pk: c for c in chosen_channels})
        found_users.update({u.pk: u for u in chosen_users})
    out: list[tuple[Channel | None, User | None]] = [
        (c, None) for _, c in sorted(found_channels.items())
    ]
    out += [(None, u) for _, u in sorted(found_users.items())]
    return out


def plan(on: dt.date, *, include_delivered: bool = False) -> list[Planned]:
    """The reminders due on `on` by every active rule, not yet delivered (unless asked)."""
    out: list[Planned] = []
    for rule in Rule.objects.filter(is_active=True).order_by("kind", "offset_days", "pk"):
        kind = KINDS.get(rule.kind)
        if kind is None:
            continue
        for occasion in kind.occasions(on, rule.offset_days):
            for channel, user in _recipients(rule, occasion):
                out.append(Planned(rule=rule, occasion=occasion, channel=channel, user=user))
    if include_delivered:
        return out
    known = set(
        Delivery.objects.filter(dedup_key__in=[p.dedup_key for p in out]).values_list(
            "dedup_key", flat=True
        )
    )
    return [p for p in out if p.dedup_key not in known]


def _quiet_until(rule: Rule, moment: dt.datetime) -> dt.datetime:
    """The end of the rule's quiet hours after `moment` (or `moment` when not quiet)."""
    local = timezone.localtime(moment)
    if rule.quiet_end is None or not rule.is_quiet(local.time()):
        return moment
    end = local.replace(
        hour=rule.quiet_end.hour, minute=rule.quiet_end.minute, second=0, microsecond=0
    )
    return end if end > local else end + dt.timedelta(days=1)


def enqueue(planned: list[Planned], *, on: dt.date, moment: dt.datetime) -> list[Delivery]:
    """Turn planned reminders into deliveries; one already made is skipped (unique key)."""
    made = []
    for item in planned:
        occasion = item.occasion
        delivery = Delivery(
            rule=item.rule,
            dedup_key=item.dedup_key,
            occasion=occasion.key[:120],
            on=on,
            unit=occasion.unit,
            channel=item.channel,
            user=item.user,
            channel_kind=item.channel_kind,
            recipient=item.recipient,
            subject=occasion.subject[:200],
            body="\n".join(occasion.lines),
            link=occasion.link[:300],
            next_attempt_at=_quiet_until(item.rule, moment),
        )
        try:
            with transaction.atomic():
                delivery.save()
        except IntegrityError:
            continue  # planned by another run a moment ago
        made.append(delivery)
    return made


# --- sending ------------------------------------------------------------------------------


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 … minutes after the n-th failure, at most a day."""
    minutes = settings.DUBAN_REMINDER_BACKOFF_MINUTES * 2 ** max(attempts - 1, 0)
    return dt.timedelta(minutes=min(minutes, 24 * 60))


def _message(delivery: Delivery) -> Message:
    base = settings.DUBAN_BASE_URL.rstrip("/")
    unit = delivery.unit.name if delivery.unit else ""
    lines = tuple(line for line in delivery.body.splitlines() if line)
    return Message(subject=delivery.subject, unit=unit, lines=lines, link=base + delivery.link)


def _send_one(delivery: Delivery) -> None:
    message = _message(delivery)
    if delivery.channel_kind == INBOX:
        if delivery.user is None:
            raise SendError("收件账户已删除")
        Notice.objects.create(
            user=delivery.user,
            created_at=timezone.now(),
            title=delivery.subject[:120],
            body=message.text(),
        )
        return
    channel = delivery.channel
    if channel is None or not channel.is_active:
        raise SendError("渠道已删除或停用")
    send(channel.kind, str(channel.target), str(channel.secret), message)


def deliver_due(*, actor: Actor, moment: dt.datetime) -> list[Delivery]:
    """Send every delivery whose time has come; each one claimed first, so that two runs
    never send it twice. Returns the deliveries attempted."""
    due = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=moment
    ).order_by("next_attempt_at", "pk")
    attempted = []
    for pk in list(due.values_list("pk", flat=True)):
        claimed = Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.SENDING
        )
        if not claimed:
            continue
        delivery = Delivery.objects.select_related("channel", "unit", "user", "rule").get(pk=pk)
        delivery.attempts += 1
        try:
            with transaction.atomic():
                _send_one(delivery)
                delivery.status = DeliveryStatus.SENT
                delivery.sent_at = timezone.now()
                delivery.last_error = ""
                delivery.save(update_fields=["status", "sent_at", "attempts", "last_error"])
                record(
                    "reminder.sent",
                    actor=actor,
                    obj=delivery,
                    detail={"channel": delivery.channel_kind, "attempts": delivery.attempts},
                )
        except SendError as exc:
            give_up = delivery.attempts >= settings.DUBAN_REMINDER_MAX_ATTEMPTS
            delivery.status = DeliveryStatus.FAILED if give_up else DeliveryStatus.PENDING
            delivery.last_error = str(exc)[:300]
            delivery.next_attempt_at = moment + backoff(delivery.attempts)
            with transaction.atomic():
                delivery.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
                if give_up:
                    record(
                        "reminder.failed",
                        actor=actor,
                        obj=delivery,
                        outcome="failure",
                        detail={"channel": delivery.channel_kind, "error": delivery.last_error},
                    )
        attempted.append(delivery)
    return attempted


def remind(
    *, actor: Actor, on: dt.date, at: dt.time, send_now: bool
) -> tuple[list[Planned], list[Delivery]]:
    """The day's run: plan the reminders due on `on`; with `send_now`, enqueue and send them
    (and retry earlier failures whose time has come)."""
    planned = plan(on)
    if not send_now:
        return planned, []
    moment = timezone.make_aware(dt.datetime.combine(on, at))
    enqueue(planned, on=on, moment=moment)
    return planned, deliver_due(actor=actor, moment=moment)

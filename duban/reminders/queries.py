"""Named reads of the reminders page."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from duban.reminders.models import Channel, Delivery, Rule


def channels() -> QuerySet[Channel]:
    return Channel.objects.select_related("unit").order_by("unit__kind", "unit__sort_order", "role")


def rules() -> QuerySet[Rule]:
    return Rule.objects.order_by("kind", "offset_days", "pk")


def deliveries(status: str = "") -> QuerySet[Delivery]:
    qs = Delivery.objects.select_related("unit", "rule", "channel", "user")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def counts() -> dict[str, int]:
    rows = Delivery.objects.values("status").annotate(n=Count("id")).order_by()
    return {row["status"]: row["n"] for row in rows}

"""Every write of the assessment: methods (new versions only), adjustments, score runs,
publication and bulletins. Each takes the acting user, runs in one transaction and writes its
audit row in it."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from duban.accounts.actors import Actor, person, require
from duban.assessment import items as item_registry
from duban.assessment.choices import BulletinKind, Pace, RunStatus, TargetBasis
from duban.assessment.engine import GroupResult, compute_group
from duban.assessment.models import (
    Adjustment,
    AssessmentMethod,
    Bulletin,
    ItemScore,
    MethodItem,
    ScoreRun,
    UnitScore,
)
from duban.assessment.signals import scores_published
from duban.audit.services import record
from duban.core.asof import Month
from duban.core.asof import now as business_now
from duban.orgs.choices import UnitKind


def _require(actor: Actor, action: str) -> None:
    """A person needs the action; a system job (demo loader, a command the operator runs) is
    trusted by whoever started it."""
    require(actor, action)


# --- methods ------------------------------------------------------------------------------------


def create_method_version(
    *,
    actor: Actor,
    year: int,
    group: str,
    name: str,
    items: list[dict[str, Any]],
    target_basis: str = TargetBasis.ORIGINAL,
    pace: str = Pace.TRAJECTORY,
    quarterly_top_n: int = 3,
    quarterly_bottom_n: int = 2,
    statement_item: str = "",
    change_note: str = "",
) -> AssessmentMethod:
    """Write a new version of a group's method; earlier versions stay as they were, because
    published scores cite them."""
    _require(actor, "method.change")
    errors: dict[str, str] = {}
    if group not in UnitKind.values:
        errors["group"] = f"未知考评组：{group}"
    if target_basis not in TargetBasis.values:
        errors["target_basis"] = f"未知目标口径：{target_basis}"
    if pace not in Pace.values:
        errors["pace"] = f"未知完成率口径：{pace}"
    if not items:
        errors["items"] = "考评办法至少需要一个考评项"
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        kind = item.get("kind", "")
        if kind not in item_registry.REGISTRY:
            errors[f"items[{n}].kind"] = f"第{n}项：未知考评项“{kind}”"
        if kind in seen:
            errors[f"items[{n}].kind"] = f"第{n}项：考评项“{kind}”重复"
        seen.add(kind)
        weight = item.get("weight")
        if not isinstance(weight, Decimal) or weight < 0:
            errors[f"items[{n}].weight"] = f"第{n}项：分值须为不小于0的数字"
    if statement_item and statement_item not in seen:
        errors["statement_item"] = "表态发言依据任务必须是本办法中的考评项"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # A concurrent editor hitting the same number fails on the unique constraint.
        latest = AssessmentMethod.objects.filter(year=year, group=group).aggregate(
            v=Max("version")
        )["v"]
        method = AssessmentMethod.objects.create(
            year=year,
            group=group,
            version=(latest or 0) + 1,
            name=name,
            target_basis=target_basis,
            pace=pace,
            quarterly_top_n=quarterly_top_n,
            quarterly_bottom_n=quarterly_bottom_n,
            statement_item=statement_item,
            change_note=change_note,
            created_by=person(actor),
        )
        MethodItem.objects.bulk_create(
            [
                MethodItem(
                    method=method,
                    kind=item["kind"],
                    label=item.get("label") or item_registry.REGISTRY[item["kind"]].label,
                    weight=item["weight"],
                    capped=bool(item.get("capped", True)),
                    params=item.get("params") or {},
                    sort_order=n,
                )
                for n, item in enumerate(items, start=1)
            ]
        )
        record(
            "method.version_created",
            actor=actor,
            obj=method,
            after={
                "version": method.version,
                "items": [
                    {"kind": i["kind"], "weight": str(i["weight"]), "capped": i.get("capped", True)}
                    for i in items
                ],
                "target_basis": target_basis,
                "pace": pace,
                "statement_item": statement_item,
            },
            detail={"note": change_note},
        )
    return method


def current_method(year: int, group: str) -> AssessmentMethod | None:
    return (
        AssessmentMethod.objects.filter(year=year, group=group)
        .order_by("-version")
        .prefetch_related("items")
        .first()
    )


# --- adjustments --------------------------------------------------------------------------------


def add_adjustment(
    *, actor: Actor, unit: Any, month: Month, points: Decimal, reason: str
) -> Adjustment:
    _require(actor, "method.change")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("加减分必须写明事由")})
    if points == 0:
        raise ValidationError({"points": _("分值不能为0")})
    with transaction.atomic():
        adj = Adjustment.objects.create(
            unit=unit,
            year=month.year,
            month=month.month,
            points=points,
            reason=reason,
            actor=person(actor),
        )
        record("score.adjustment_added", actor=actor, obj=adj, after={"points": str(points)})
    return adj


# --- score runs ---------------------------------------------------------------------------------


def _store(run: ScoreRun, result: GroupResult) -> None:
    """Write a run's rows with two executemany INSERTs of the strings the engine formatted and
    hashed (the hash covers exactly what is written).

    At province scale (2,000 units × 6 items) the ORM's per-object preparation costs several
    times the scoring itself.
    """
    us = UnitScore._meta.db_table
    its = ItemScore._meta.db_table
    json_param = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {us} (run_id, unit_id, total, rank, position, task_met)"  # noqa: S608  # nosec B608
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [(run.pk, *row) for row in result.unit_rows],
        )
        ids = dict(UnitScore.objects.filter(run=run).values_list("unit_id", "id"))
        cur.executemany(
            f"INSERT INTO {its} (unit_score_id, kind, label, weight, capped, mode,"  # noqa: S608  # nosec B608
            " numerator, denominator, rate, points, sources, sort_order)"
            f" VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, {json_param}, %s)",
            [(ids[row[0]], *row[1:]) for row in result.item_rows],
        )


def compute_month(
    month: Month, *, actor: Actor, groups: list[str] | None = None, reason: str = ""
) -> list[tuple[ScoreRun, str]]:
    """Compute a month for every group with a method; idempotent.

    Returns (run, outcome) per group, outcome one of "created", "updated", "unchanged",
    "revision". A draft is replaced in place; a published run is never touched: if the new
    result differs from it, a draft revision n+1 that supersedes it is written.
    """
    _require(actor, "score.view_draft")
    out: list[tuple[ScoreRun, str]] = []
    shared: dict[Any, Any] = {}
    for group in groups or list(UnitKind.values):
        method = current_method(month.year, group)
        if method is None:
            continue
        result = compute_group(method, month, shared)
        with transaction.atomic():
            latest = (
                ScoreRun.objects.select_for_update()
                .filter(year=month.year, month=month.month, group=group)
                .order_by("-revision")
                .first()
            )
            if latest is not None and latest.content_sha256 == result.content_sha256:
                out.append((latest, "unchanged"))
                continue
            now = business_now()
            if latest is not None and latest.status == RunStatus.DRAFT:
                latest.scores.all().delete()
                latest.method = method
                latest.content_sha256 = result.content_sha256
                latest.computed_at = now
                latest.computed_by = person(actor)
                latest.save()
                run, outcome = latest, "updated"
            else:
                run = ScoreRun.objects.create(
                    year=month.year,
                    month=month.month,
                    group=group,
                    method=method,
                    revision=0 if latest is None else latest.revision + 1,
                    supersedes=latest,
                    revision_reason=reason if latest is not None else "",
                    content_sha256=result.content_sha256,
                    computed_at=now,
                    computed_by=person(actor),
                )
                outcome = "created" if latest is None else "revision"
            _store(run, result)
            record(
                "score.computed",
                actor=actor,
                obj=run,
                after={"sha256": run.content_sha256, "revision": run.revision},
                detail={"outcome": outcome, "units": len(result.rows), "method": method.pk},
            )
        out.append((run, outcome))
    return out


def publish_month(month: Month, *, actor: Actor) -> list[ScoreRun]:
    """Publish every group's draft of the month; published runs are frozen from then on."""
    _require(actor, "score.publish")
    with transaction.atomic():
        drafts = list(
            ScoreRun.objects.select_for_update().filter(
                year=month.year, month=month.month, status=RunStatus.DRAFT
            )
        )
        if not drafts:
            raise ValidationError(
                {"month": _("%(label)s没有待发布的考评结果，请先计算") % {"label": month.display}}
            )
        now = business_now()
        for run in drafts:
            updated = ScoreRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT).update(
                status=RunStatus.PUBLISHED, published_at=now, published_by=person(actor)
            )
            if updated != 1:
                raise ValidationError({"month": _("考评结果已被他人发布，请刷新")})
            run.refresh_from_db()
            record(
                "score.published",
                actor=actor,
                obj=run,
                before={"status": RunStatus.DRAFT.value},
                after={
                    "status": RunStatus.PUBLISHED.value,
                    "sha256": run.content_sha256,
                    "revision": run.revision,
                    "supersedes": run.supersedes_id,
                },
            )
        transaction.on_commit(lambda: scores_published.send(sender=ScoreRun, month=month))
    return drafts


# --- bulletins ----------------------------------------------------------------------------------


def publish_bulletin(
    *, actor: Actor, kind: str, year: int, period: int, number: str, content: dict[str, Any]
) -> Bulletin:
    """Freeze a bulletin's content with its number (文号); one per kind and period."""
    _require(actor, "bulletin.publish")
    if kind not in BulletinKind.values:
        raise ValidationError({"kind": _("未知通报类型")})
    if not number.strip():
        raise ValidationError({"number": _("通报须有文号")})
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    with transaction.atomic():
        if Bulletin.objects.filter(kind=kind, year=year, period=period).exists():
            raise ValidationError({"period": _("该期通报已发布，不能重复发布")})
        bulletin = Bulletin.objects.create(
            kind=kind,
            year=year,
            period=period,
            number=number.strip(),
            content=json.loads(text),
            content_sha256=hashlib.sha256(text.encode()).hexdigest(),
            published_by=person(actor),
            published_at=business_now(),
        )
        record(
            "bulletin.published",
            actor=actor,
            obj=bulletin,
            after={"number": bulletin.number, "sha256": bulletin.content_sha256},
        )
    return bulletin

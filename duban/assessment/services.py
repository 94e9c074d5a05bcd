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
from duban.assessment.choices import BulletinKind, NotApplicable, Pace, RunStatus, TargetBasis
from duban.assessment.engine import GroupResult, compute_group, gc_paused
from duban.assessment.language import (
    MethodSpec,
    SpeakingRule,
    item_from_dict,
    legacy_speaking,
    spec_of,
)
from duban.assessment.models import (
    Adjustment,
    AssessmentMethod,
    Bulletin,
    ItemScore,
    MethodDraft,
    MethodItem,
    ScoreRun,
    UnitScore,
)
from duban.assessment.signals import scores_published
from duban.audit.services import record
from duban.core.asof import Month
from duban.core.asof import now as business_now
from duban.core.models import StaleVersionError
from duban.core.services import save_versioned
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
    not_applicable: str = NotApplicable.RESCALE,
    speaking: list[dict[str, Any]] | None = None,
    quarterly_top_n: int = 3,
    quarterly_bottom_n: int = 2,
    statement_item: str = "",
    change_note: str = "",
) -> AssessmentMethod:
    """Write a new version of a group's method; earlier versions stay as they were, because
    published scores cite them.

    `items` are written in the method language (`duban.assessment.language.item_from_dict`:
    code, kind, label, weight, role, form, capped, params). `speaking` are the speaking rules;
    without them the older three-number rule (top N present; the bottom N that did not complete
    `statement_item` make a statement) is written as rules. Refused unless the method validates
    (base weights sum to 100, known kinds, unique codes, explicit bonus caps …).
    """
    _require(actor, "method.change")
    rules = (
        tuple(SpeakingRule.from_dict(r) for r in speaking)
        if speaking is not None
        else legacy_speaking(quarterly_top_n, quarterly_bottom_n, statement_item)
    )
    spec = MethodSpec(
        year=year,
        group=group,
        name=name,
        items=tuple(item_from_dict(i) for i in items),
        speaking=rules,
        target_basis=target_basis,
        pace=pace,
        not_applicable=not_applicable,
    )
    return _write_version(spec, actor=actor, change_note=change_note)


def _write_version(
    spec: MethodSpec, *, actor: Actor, change_note: str, event: str = "method.version_created",
    detail: dict[str, Any] | None = None,
) -> AssessmentMethod:  # fmt: skip
    errors = spec.errors()
    if errors:
        raise ValidationError(errors)
    statement = spec.statement_task
    top = next((c.n for r in spec.speaking for c in r.when if c.rank == "top"), 0)
    with transaction.atomic():
        # A concurrent editor hitting the same number fails on the unique constraint.
        latest = AssessmentMethod.objects.filter(year=spec.year, group=spec.group).aggregate(
            v=Max("version")
        )["v"]
        method = AssessmentMethod.objects.create(
            year=spec.year,
            group=spec.group,
            version=(latest or 0) + 1,
            name=spec.name,
            target_basis=spec.target_basis,
            pace=spec.pace,
            not_applicable=spec.not_applicable,
            speaking_rules=[r.to_dict() for r in spec.speaking],
            quarterly_top_n=top,
            quarterly_bottom_n=0,
            statement_item=statement if statement != "*" else "",
            change_note=change_note,
            created_by=person(actor),
        )
        MethodItem.objects.bulk_create(
            [
                MethodItem(
                    method=method,
                    code=item.code,
                    kind=item.kind,
                    label=item.label,
                    role=item.role,
                    form=item.form,
                    weight=item.weight,
                    capped=item.capped,
                    params=item.params,
                    sort_order=n,
                )
                for n, item in enumerate(spec.items, start=1)
            ]
        )
        after = spec.to_dict()
        after["version"] = method.version
        record(
            event,
            actor=actor,
            obj=method,
            after=after,
            detail={"note": change_note, **(detail or {})},
        )
    return method


def current_method(year: int, group: str) -> AssessmentMethod | None:
    return (
        AssessmentMethod.objects.filter(year=year, group=group)
        .order_by("-version")
        .prefetch_related("items")
        .first()
    )


# --- drafts: edit, try (what-if), adopt ----------------------------------------------------------


def start_draft(*, actor: Actor, year: int, group: str, name: str = "") -> MethodDraft:
    """A draft copied from the group's adopted method (or empty when there is none)."""
    _require(actor, "method.change")
    current = current_method(year, group)
    if current is not None:
        spec = spec_of(current).to_dict()
        title = name or f"{current.name}（修改草稿）"
    else:
        spec = MethodSpec(year=year, group=group, name=name, items=()).to_dict()
        title = name or "考评办法草稿"
    spec["name"] = title = title[:128]
    with transaction.atomic():
        draft = MethodDraft.objects.create(
            year=year, group=group, name=title, spec=spec, based_on=current,
            created_by=person(actor),
        )  # fmt: skip
        record(
            "method.draft_created", actor=actor, obj=draft, after={"spec": spec},
            detail={"based_on": current.version if current else None},
        )  # fmt: skip
    return draft


def save_draft(
    draft: MethodDraft, *, actor: Actor, expected_version: int, name: str, spec: dict[str, Any]
) -> MethodDraft:
    """Replace a draft's content; refused when someone saved it since it was loaded, when it
    was adopted already, or when the method does not validate (the errors name the place)."""
    _require(actor, "method.change")
    if not draft.is_open:
        raise ValidationError({"draft": _("该草稿已采用，不能再修改")})
    parsed = MethodSpec.from_dict({**spec, "year": draft.year, "group": draft.group})
    errors = parsed.errors()
    if errors:
        raise ValidationError(errors)
    new_spec = parsed.to_dict()
    # Compared as data, not as text: PostgreSQL's jsonb returns the keys in its own order.
    if draft.name == name and draft.spec == new_spec:
        return draft
    with transaction.atomic():
        before = {"name": draft.name, "spec": draft.spec}
        draft.name = name
        draft.spec = new_spec
        save_versioned(draft, expected_version=expected_version, fields=["name", "spec"])
        record(
            "method.draft_saved", actor=actor, obj=draft, before=before,
            after={"name": name, "spec": new_spec},
        )  # fmt: skip
    return draft


def adopt_draft(
    draft: MethodDraft, *, actor: Actor, expected_version: int, change_note: str
) -> AssessmentMethod:
    """Adopt a draft as the group's new method version (audited); the draft keeps a link to
    the version it became. Published months are not recomputed by this: a recomputation of a
    published month writes a marked revision, as for any method change."""
    _require(actor, "method.change")
    if not change_note.strip():
        raise ValidationError({"change_note": _("采用新办法须写明修改说明")})
    with transaction.atomic():
        locked = MethodDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.version != expected_version or not locked.is_open:
            raise StaleVersionError(draft)
        spec = MethodSpec.from_dict({**locked.spec, "name": locked.name})
        method = _write_version(
            spec, actor=actor, change_note=change_note.strip(), event="method.draft_adopted",
            detail={"draft": locked.pk},
        )  # fmt: skip
        locked.adopted_as = method
        save_versioned(locked, expected_version=expected_version, fields=["adopted_as"])
        draft.adopted_as, draft.version = method, locked.version
    return method


# --- adjustments --------------------------------------------------------------------------------


def add_adjustment(
    *, actor: Actor, unit: Any, month: Month, points: Decimal, reason: str, veto: bool = False
) -> Adjustment:
    """A bonus or deduction with its reason; `veto` enters a 一票否决 matter instead (its points
    are whatever the method's veto item says)."""
    _require(actor, "method.change")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("加减分必须写明事由")})
    if points == 0 and not veto:
        raise ValidationError({"points": _("分值不能为0")})
    with transaction.atomic():
        adj = Adjustment.objects.create(
            unit=unit,
            year=month.year,
            month=month.month,
            points=points,
            reason=reason,
            veto=veto,
            actor=person(actor),
        )
        record(
            "score.adjustment_added", actor=actor, obj=adj,
            after={"points": str(points), "veto": veto, "reason": reason},
        )  # fmt: skip
    return adj


# --- score runs ---------------------------------------------------------------------------------


_BATCH = 100  # rows per INSERT: 1,600 parameters, well under SQLite's 32,766


def _store(run: ScoreRun, result: GroupResult) -> None:
    """Write a run's rows with multi-row INSERTs of the strings the engine formatted and
    hashed (the hash covers exactly what is written).

    At province scale (2,000 units × 7 items) the ORM's per-object preparation costs several
    times the scoring itself; a hundred rows per statement saves the driver a step per row.
    """
    us = UnitScore._meta.db_table
    its = ItemScore._meta.db_table
    json_param = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    with gc_paused(), connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {us} (run_id, unit_id, total, rank, position, task_met)"  # noqa: S608  # nosec B608
            " VALUES (%s, %s, %s, %s, %s, %s)",
            [(run.pk, *row) for row in result.unit_rows],
        )
        ids = dict(UnitScore.objects.filter(run=run).values_list("unit_id", "id"))
        rows = [(ids[row[0]], *row[1:]) for row in result.item_rows]
        insert = (
            f"INSERT INTO {its} (unit_score_id, kind, label, weight, capped, mode,"  # noqa: S608  # nosec B608
            " numerator, denominator, rate, points, sources, sort_order, code, role, applicable,"
            " effective_weight) VALUES "
        )
        one = f"(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, {json_param}, %s, %s, %s, %s, %s)"
        whole = len(rows) - len(rows) % _BATCH
        if whole:
            cur.executemany(
                insert + ", ".join([one] * _BATCH),
                [
                    [value for row in rows[start : start + _BATCH] for value in row]
                    for start in range(0, whole, _BATCH)
                ],
            )
        if whole < len(rows):
            rest = rows[whole:]
            cur.execute(
                insert + ", ".join([one] * len(rest)), [value for row in rest for value in row]
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

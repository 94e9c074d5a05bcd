"""Demo claims (认定) and a spot check for 2021. Invented data, labelled 示例.

The demo's projects carry facts recorded before claims existed: they count as confirmed (the
project holds the confirmed values). For a sample of them this loader writes the confirmed
claims that would have stood behind them (who confirmed when), without touching the projects.
It then runs the real services for a handful of new claims of 鼓东 and 鼓西 — pending,
confirmed and rejected ones of every fact type — and 发改局's September spot check, one of
whose findings is 不属实 (the start is revoked and the months marked for revision).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from duban.accounts.models import User
from duban.audit.services import record
from duban.claims import services
from duban.claims.choices import CheckResult, ClaimStatus, Fact, Stratify
from duban.claims.models import Claim, EvidenceRule, SpotCheckPolicy
from duban.core.asof import Month
from duban.orgs.models import Unit
from duban.projects.choices import Listing, Stage, StatsStatus
from duban.projects.models import Category, PlanListing, Project, ProjectNode
from duban.projects.services import complete_node
from duban.workdays.calendar import CalendarMissing, add_working_days

RULES = [
    (Fact.START, "施工许可证，或带拍摄日期和位置的现场照片", 1, False),
    (Fact.COMPLETION, "竣工验收备案表或投产证明", 1, False),
    (Fact.SIGNING, "签约协议（盖章页）扫描件", 1, False),
    (Fact.LANDING, "营业执照或注册登记信息截图", 1, False),
    (Fact.STATS, "统计联网直报平台截图，或填写入库编号", 1, True),
    (Fact.FIELD_CHANGE, "立项（备案）批复或调整文件", 1, False),
]
# A valid 1×1 PNG: the demo's evidence picture (示例).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


REASONS = {
    "start": "现场照片无拍摄日期和位置，请补充施工许可证（示例）",
    "signing": "签约主体与注册企业不一致（示例）",
}


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}（示例）.png", PNG, content_type="image/png")


def _working_days_after(day: dt.date, n: int) -> dt.date:
    try:
        return add_working_days(day, n)
    except CalendarMissing:
        return day + dt.timedelta(days=n + 2)


def _history(ctx: Any, rng: random.Random, fgj: Unit, deciders: dict[int, User]) -> int:
    """Confirmed claims behind a sample of the facts the demo projects already hold."""
    year = ctx.year
    rows: list[Claim] = []
    projects = list(Project.objects.select_related("category", "unit").order_by("id"))
    listings = set(
        PlanListing.objects.filter(year=year, kind=Listing.NEW_LANDED).values_list(
            "project_id", flat=True
        )
    )

    def add(project: Project, fact: str, on: dt.date, **fields: Any) -> None:
        filed = on + dt.timedelta(days=rng.randint(1, 6))
        decided = _working_days_after(filed, rng.randint(1, 5))
        lead = project.category.lead_department_id or fgj.pk
        rows.append(
            Claim(
                project=project,
                unit_id=project.unit_id,
                fact=fact,
                fact_on=on,
                year=year,
                status=ClaimStatus.CONFIRMED,
                filed_on=filed,
                decided_on=decided,
                decided_by_unit_id=lead,
                decided_by=deciders.get(lead),
                reason="印证资料齐全（示例）",
                evidence_note="演示数据（示例）",
                **fields,
            )
        )

    for p in projects:
        draw = rng.random()
        if p.started_on and p.started_on.year == year and draw < 0.35:
            before = Stage.SIGNED if p.signed_on and p.signed_on <= p.started_on else Stage.PLANNING
            add(
                p,
                Fact.START,
                p.started_on,
                to_stage=Stage.STARTED,
                new_display="开工",
                old_value={"stage": before},
            )
        elif p.completed_on and p.completed_on.year == year and draw < 0.5:
            add(
                p,
                Fact.COMPLETION,
                p.completed_on,
                to_stage=Stage.COMPLETED,
                new_display="竣工/建成投产",
                old_value={"stage": Stage.BUILDING},
            )
        elif p.pk in listings and p.signed_on and p.signed_on.year == year and draw < 0.3:
            add(p, Fact.LANDING, p.signed_on, new_display=f"{year} 新落地")
        elif p.signed_on and p.signed_on.year == year and draw < 0.4:
            add(
                p,
                Fact.SIGNING,
                p.signed_on,
                to_stage=Stage.SIGNED,
                new_display="签约",
                old_value={"stage": Stage.PLANNING},
            )
        elif p.stats_status == StatsStatus.COUNTED and draw < 0.05:
            add(
                p,
                Fact.STATS,
                dt.date(year, rng.randint(1, 9), rng.randint(1, 28)),
                field_name="stats_status",
                old_value=StatsStatus.REGISTERED,
                new_value=StatsStatus.COUNTED,
                old_display="已入库",
                new_display="已纳统",
            )
    Claim.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _backdate(claim: Claim, filed: dt.date, decided: dt.date | None = None) -> None:
    """The demo files its new claims on September dates (the services stamp business today)."""
    Claim.objects.filter(pk=claim.pk).update(filed_on=filed, decided_on=decided)
    claim.refresh_from_db()


def _pick(
    unit: Unit, category: Category, used: set[int], exclude_listing: str = "", **filters: Any
) -> Project | None:
    """A project of the unit for one demo claim: of the category if it has one, else any of
    the unit's (None when the unit has no project in that state: the claim is left out)."""
    mine = Project.objects.filter(unit=unit, **filters).exclude(pk__in=used).order_by("code")
    if exclude_listing:
        mine = mine.exclude(listings__kind=exclude_listing)
    project = mine.filter(category=category).first() or mine.first()
    if project is not None:
        used.add(project.pk)
    return project


def _claim_start(project: Project, *, actor: User, on: dt.date) -> Claim:
    """A unit claims a start the way it does on the node page: completing the 开工 node with
    its evidence (the node's required permit), which files the claim."""
    node = ProjectNode.objects.filter(
        project=project, triggers_stage=Stage.STARTED, completed_on__isnull=True
    ).first()
    if node is None:
        return services.file_stage(
            project,
            actor=actor,
            to_stage=Stage.STARTED,
            on=on,
            evidence_note="施工许可证已取得（示例）",
        )
    complete_node(node, actor=actor, on=on, evidence_files=[_evidence("施工许可证")])
    return Claim.objects.filter(project=project).latest("id")


def _flows(ctx: Any, users: dict[str, User]) -> None:
    """New claims through the services: pending, confirmed and rejected, every fact type."""
    year = ctx.year
    gudong, guxi = users["gudong"], users["guxi"]
    fgj = users["fgj"]
    cats = {c.code: c for c in Category.objects.all()}
    assert gudong.unit is not None and guxi.unit is not None
    used: set[int] = set()
    sept = dt.date(year, 9, 1)

    deciders = {u.unit_id: u for u in users.values() if u.role != "reporter"}

    def decide(claim: Claim, confirm: bool, on: dt.date, reason: str = "") -> None:
        # The category's lead department when it has a demo account, else 发改局.
        by = deciders.get(claim.project.category.lead_department_id, fgj)
        if confirm:
            if not claim.evidence_files.exists():
                services.add_evidence(
                    claim, actor=claim.filed_by or gudong, files=[_evidence("佐证")]
                )
                claim.refresh_from_db()
            services.confirm(claim, actor=by, expected_version=claim.version, reason=reason)
        else:
            services.reject(claim, actor=by, expected_version=claim.version, reason=reason)
        claim.refresh_from_db()
        _backdate(claim, claim.filed_on, on)

    for reporter, offset in ((gudong, 0), (guxi, 10)):
        unit = reporter.unit
        assert unit is not None
        services_cat, invest = cats["services"], cats["investment"]
        day = sept + dt.timedelta(days=offset)
        # 开工: pending, confirmed, rejected.
        for i, outcome in enumerate(("pending", "confirmed", "rejected")):
            p = _pick(unit, services_cat, used, stage=Stage.SIGNED)
            if p is None:
                continue
            c = _claim_start(p, actor=reporter, on=day + dt.timedelta(days=i))
            _backdate(c, day + dt.timedelta(days=i + 1))
            if outcome == "confirmed":
                decide(c, True, day + dt.timedelta(days=i + 4))
            elif outcome == "rejected":
                decide(c, False, day + dt.timedelta(days=i + 4), REASONS["start"])
        # 建成投产: pending and rejected.
        for i, outcome in enumerate(("pending", "rejected")):
            p = _pick(unit, services_cat, used, stage=Stage.BUILDING)
            if p is None:
                continue
            c = services.file_stage(
                p, actor=reporter, to_stage=Stage.COMPLETED, on=day + dt.timedelta(days=5 + i)
            )
            _backdate(c, day + dt.timedelta(days=6 + i))
            if outcome == "rejected":
                decide(c, False, day + dt.timedelta(days=9 + i), "未见竣工验收备案表（示例）")
        # 签约 and 注册落地 (招商): pending, confirmed, rejected.
        for i, (fact, outcome) in enumerate(
            (
                (Fact.SIGNING, "pending"),
                (Fact.SIGNING, "rejected"),
                (Fact.LANDING, "pending"),
                (Fact.LANDING, "rejected"),
            )
        ):
            if fact == Fact.SIGNING:
                p = _pick(unit, invest, used, stage=Stage.PLANNING)
            else:  # a project of the unit not yet listed as 新落地 this year
                p = _pick(unit, invest, used, exclude_listing=Listing.NEW_LANDED)
            if p is None:
                continue
            if fact == Fact.SIGNING:
                c = services.file_stage(
                    p, actor=reporter, to_stage=Stage.SIGNED, on=day + dt.timedelta(days=i)
                )
            else:
                c = services.file_listing(
                    p,
                    actor=reporter,
                    year=year,
                    kind=Listing.NEW_LANDED,
                    planned_investment_wan=Decimal(3000),
                )
            _backdate(c, day + dt.timedelta(days=i + 2))
            if outcome == "rejected":
                decide(c, False, day + dt.timedelta(days=i + 6), REASONS["signing"])
        # 入库: pending (number given) and rejected.
        for i, outcome in enumerate(("pending", "rejected")):
            p = _pick(unit, services_cat, used, stats_status=StatsStatus.NONE)
            if p is None:
                continue
            c = services.file_field_change(
                p, actor=reporter, field="stats_status", new_value=StatsStatus.REGISTERED
            )
            services.add_evidence(c, actor=reporter, note=f"入库编号 3501022021{i:04d}（示例）")
            c.refresh_from_db()
            _backdate(c, day + dt.timedelta(days=3 + i))
            if outcome == "rejected":
                decide(c, False, day + dt.timedelta(days=7), "统计系统中查无此编号（示例）")
        # 项目要素变更: the issue's own case, 服务业 → 数字经济 (pending), and the total
        # investment (鼓东's confirmed with its approval, 鼓西's rejected).
        p = _pick(unit, services_cat, used, stage=Stage.STARTED)
        if p is not None:
            c = services.file_field_change(
                p, actor=reporter, field="category", new_value=cats["digital"]
            )
            _backdate(c, day + dt.timedelta(days=8))
        p = _pick(unit, services_cat, used, stage=Stage.BUILDING)
        if p is not None:
            c = services.file_field_change(
                p,
                actor=reporter,
                field="total_investment_wan",
                new_value=(p.total_investment_wan * Decimal("1.1")).quantize(Decimal(1)),
            )
            _backdate(c, day + dt.timedelta(days=4))
            if reporter == gudong:
                decide(c, True, day + dt.timedelta(days=8), "附区发改局调整批复（示例）")
            else:
                decide(c, False, day + dt.timedelta(days=8), "总投资调整须附调整批复（示例）")


def _spot_check(ctx: Any, users: dict[str, User]) -> None:
    """发改局's September draw (fixed seed), one 不属实, one 部分属实, the rest 属实."""
    fgj = users["fgj"]
    the_draw = services.draw_sample(Month(ctx.year, 9), actor=fgj, seed=20210930)
    checks = list(the_draw.checks.select_related("claim").order_by("claim_id"))
    untrue = next((c for c in checks if c.claim.fact == Fact.START), checks[0] if checks else None)
    for check in checks:
        if check == untrue:
            result, note, deduction = (
                CheckResult.UNTRUE,
                "现场核查未见施工迹象，开工不属实（示例）",
                Decimal(1),
            )
        elif check == checks[-1]:
            result, note, deduction = CheckResult.PARTIAL, "已进场平整，未见主体施工（示例）", None
        else:
            result, note, deduction = CheckResult.TRUE, "", None
        services.record_check(
            check,
            actor=fgj,
            expected_version=check.version,
            result=result,
            note=note,
            deduction=deduction,
            files=[_evidence("现场核查照片")],
        )


def load(ctx: Any) -> None:
    if Claim.objects.exists():
        return
    rng = random.Random(ctx.seed + 15)
    EvidenceRule.objects.bulk_create(
        EvidenceRule(fact=f, requirement=r, min_files=n, note_suffices=s) for f, r, n, s in RULES
    )
    SpotCheckPolicy.objects.create(
        name="每月抽查（示例）", sample_size=6, stratify=Stratify.UNIT, weight_by_investment=True
    )
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["fgj", "swj", "gxj", "gudong", "guxi"]
        ).select_related("unit")
    }
    fgj_unit = Unit.objects.get(code="fgj")
    deciders = {u.unit_id: u for u in users.values() if u.role != "reporter" and u.unit_id}
    history = _history(ctx, rng, fgj_unit, deciders)
    _flows(ctx, users)
    _spot_check(ctx, users)
    record(
        "demo.claims_loaded",
        object_type="claims.claim",
        object_repr=f"{Claim.objects.count()} 项演示认定事项",
        detail={"history": history, "claims": Claim.objects.count()},
    )

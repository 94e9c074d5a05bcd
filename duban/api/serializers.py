"""What each API object looks like. Explicit fields only: a new model field never leaks into
the API unnoticed. Money is a decimal string in 万元 (exact); dates are ISO."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from duban.assessment.models import UnitScore
from duban.claims.models import Claim
from duban.orgs.models import Unit
from duban.projects.models import Category, Project, ProjectNode, StageChange
from duban.reports.models import MonthlyReport
from duban.reports.services import MAX_WAN, TEXT_LIMITS
from duban.supervision.models import LightSnapshot
from duban.targets.models import Metric, Target


class UnitSerializer(serializers.ModelSerializer[Unit]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "short_name", "kind", "kind_label", "is_active"]


class TargetPartSerializer(serializers.ModelSerializer[Target]):
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Target
        fields = ["id", "unit", "value", "stretch_value"]


class TargetSerializer(serializers.ModelSerializer[Target]):
    metric: serializers.SlugRelatedField[Metric] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    metric_name = serializers.CharField(source="metric.name", read_only=True)
    metric_unit = serializers.CharField(source="metric.unit", read_only=True)
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    parts = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "year",
            "metric",
            "metric_name",
            "metric_unit",
            "unit",
            "parent",
            "category",
            "title",
            "value",
            "comparator",
            "stretch_value",
            "due_month",
            "parts",
        ]

    @extend_schema_field(TargetPartSerializer(many=True))
    def get_parts(self, target: Target) -> list[dict[str, Any]]:
        """The decomposition (任务分解): the parts of this target the reader may see."""
        visible = self.context.get("visible_parts", {})
        rows = visible.get(target.pk, [])
        return list(TargetPartSerializer(rows, many=True).data)


class ProjectSerializer(serializers.ModelSerializer[Project]):
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category: serializers.SlugRelatedField[Category] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    lead_department: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "unit_name",
            "category",
            "industry",
            "strategic_emerging",
            "foreign_funded",
            "total_investment_wan",
            "lead_department",
            "location",
            "planned_start",
            "planned_completion",
            "stage",
            "stage_label",
            "started_on",
            "completed_on",
            "version",
        ]


class NodeSerializer(serializers.ModelSerializer[ProjectNode]):
    responsible_unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = ProjectNode
        fields = [
            "id",
            "year",
            "order",
            "name",
            "responsible_unit",
            "planned_on",
            "original_planned_on",
            "revised_reason",
            "completed_on",
            "triggers_stage",
        ]


class StageChangeSerializer(serializers.ModelSerializer[StageChange]):
    class Meta:
        model = StageChange
        fields = ["from_stage", "to_stage", "changed_on", "evidence_note"]


class ProjectDetailSerializer(ProjectSerializer):
    nodes = NodeSerializer(many=True, read_only=True)
    stage_changes = StageChangeSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "description", "nodes", "stage_changes"]


class ReportSerializer(serializers.ModelSerializer[MonthlyReport]):
    project = serializers.CharField(source="project.code", read_only=True)
    unit = serializers.CharField(source="project.unit.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "project",
            "unit",
            "year",
            "month",
            "status",
            "status_label",
            "investment_wan",
            "progress_text",
            "problems_text",
            "confidence",
            "confidence_reason",
            "submitted_at",
            "first_submitted_at",
            "revision",
            "version",
        ]


class ReportPushSerializer(serializers.Serializer[dict[str, Any]]):
    """Figures an external system pushes for one project's month (the draft is saved and,
    with `submit`, sent to review: the API never approves)."""

    project = serializers.CharField(max_length=32, help_text=_("项目编号"))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    month = serializers.IntegerField(min_value=1, max_value=12)
    investment_wan = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, max_value=MAX_WAN, required=False
    )
    progress_text = serializers.CharField(
        max_length=TEXT_LIMITS["progress_text"], required=False, allow_blank=True
    )
    problems_text = serializers.CharField(
        max_length=TEXT_LIMITS["problems_text"], required=False, allow_blank=True
    )
    confidence = serializers.ChoiceField(
        choices=["", "high", "medium", "low"], required=False, allow_blank=True
    )
    confidence_reason = serializers.CharField(
        max_length=TEXT_LIMITS["confidence_reason"], required=False, allow_blank=True
    )
    submit = serializers.BooleanField(default=False)


class LightSerializer(serializers.ModelSerializer[LightSnapshot]):
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    colour_label = serializers.CharField(source="get_colour_display", read_only=True)

    class Meta:
        model = LightSnapshot
        fields = [
            "id",
            "year",
            "month",
            "kind",
            "object_id",
            "subject",
            "unit",
            "colour",
            "colour_label",
            "expected",
            "actual",
            "gap",
            "forecast",
        ]


class ScoreSerializer(serializers.ModelSerializer[UnitScore]):
    year = serializers.IntegerField(source="run.year", read_only=True)
    month = serializers.IntegerField(source="run.month", read_only=True)
    group = serializers.CharField(source="run.group", read_only=True)
    revision = serializers.IntegerField(source="run.revision", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = UnitScore
        fields = [
            "id",
            "year",
            "month",
            "group",
            "revision",
            "unit",
            "unit_name",
            "total",
            "rank",
            "task_met",
        ]


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    project = serializers.CharField(source="project.code", read_only=True)
    unit = serializers.CharField(source="unit.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "project",
            "unit",
            "fact",
            "to_stage",
            "fact_on",
            "old_display",
            "new_display",
            "evidence_note",
            "status",
            "status_label",
            "filed_on",
            "decided_on",
            "version",
        ]


class ClaimFileSerializer(serializers.Serializer[dict[str, Any]]):
    """A project fact an external system claims (签约, 开工, 建成投产 on a date): it waits for
    the lead department's confirmation; the project changes only once confirmed."""

    project = serializers.CharField(max_length=32, help_text=_("项目编号"))
    to_stage = serializers.ChoiceField(choices=["signed", "started", "completed"])
    on = serializers.DateField()
    evidence_note = serializers.CharField(max_length=255, required=False, allow_blank=True)

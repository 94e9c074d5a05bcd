"""The API's endpoints. Thin: every list starts from `restrict(queryset, token's user,
action)`, exactly as the pages do, so a unit's token sees only its unit; the one write goes
through `services.push_report`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from duban.accounts.models import User
from duban.api import services
from duban.api.serializers import (
    ClaimFileSerializer,
    ClaimSerializer,
    LightSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    ReportPushSerializer,
    ReportSerializer,
    ScoreSerializer,
    TargetSerializer,
    UnitSerializer,
)
from duban.assessment.choices import RunStatus
from duban.assessment.models import UnitScore
from duban.claims import services as claims
from duban.claims.models import Claim
from duban.core.scoping import restrict
from duban.orgs.models import Unit
from duban.projects import queries as project_queries
from duban.projects.models import Project, ProjectNode
from duban.reports.models import MonthlyReport
from duban.supervision.models import LightSnapshot
from duban.targets.models import Target


class _Filters(serializers.Serializer[dict[str, Any]]):
    """The query parameters every list may take; anything else is ignored (D3)."""

    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
    month = serializers.IntegerField(required=False, min_value=1, max_value=12)
    unit = serializers.CharField(required=False, max_length=32)
    project = serializers.CharField(required=False, max_length=32)
    status = serializers.CharField(required=False, max_length=16)
    stage = serializers.CharField(required=False, max_length=16)
    colour = serializers.CharField(required=False, max_length=8)
    kind = serializers.CharField(required=False, max_length=16)
    group = serializers.CharField(required=False, max_length=16)


def _param(name: str, kind: Any, text: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, required=False, description=text)


YEAR = _param("year", {"type": "integer", "minimum": 1900, "maximum": 2999}, "年度")
MONTH = _param("month", {"type": "integer", "minimum": 1, "maximum": 12}, "月份 1–12")
UNIT = _param("unit", OpenApiTypes.STR, "单位代码")


class ScopedViewSet(viewsets.GenericViewSet[Any]):
    """A read-only list + detail whose rows come from the page's scoping rule for `action`."""

    action_name = "unit.view"
    model: Any = None
    ordering: tuple[str, ...] = ("pk",)
    # query parameter -> ORM lookup, applied after validation
    filter_map: dict[str, str] = {}

    @classmethod
    def as_view(cls, actions: Any = None, **initkwargs: Any) -> Any:
        # The API answers 401 in its own JSON shape; Django's login redirect is for pages.
        return login_not_required(super().as_view(actions, **initkwargs))

    def base_queryset(self) -> QuerySet[Any]:
        rows: QuerySet[Any] = self.model.objects.all()
        return rows

    def filters(self) -> dict[str, Any]:
        form = _Filters(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        return {
            self.filter_map[k]: v for k, v in form.validated_data.items() if k in self.filter_map
        }

    def get_queryset(self) -> QuerySet[Any]:
        qs = restrict(self.base_queryset(), self.request.user, self.action_name)
        if self.action == "list":
            qs = qs.filter(**self.filters())
        return qs.order_by(*self.ordering)


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


@extend_schema_view(list=extend_schema(parameters=[_param("kind", OpenApiTypes.STR, "考评组")]))
class UnitViewSet(ReadOnlyViewSet):
    """责任单位."""

    serializer_class = UnitSerializer
    model = Unit
    action_name = "unit.view"
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    ordering = ("kind", "sort_order", "code")
    filter_map = {"kind": "kind"}


@extend_schema_view(list=extend_schema(parameters=[YEAR, UNIT]))
class TargetViewSet(ReadOnlyViewSet):
    """目标任务 with their decomposition (`parts`: the units' shares the reader may see)."""

    serializer_class = TargetSerializer
    model = Target
    action_name = "target.view"
    ordering = ("year", "metric__sort_order", "unit__sort_order", "pk")
    filter_map = {"year": "year", "unit": "unit__code"}

    def base_queryset(self) -> QuerySet[Any]:
        return Target.objects.select_related("metric", "unit", "category")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["visible_parts"] = self._parts
        return context

    _parts: dict[int, list[Target]] = {}

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self._load_parts(page or [])
        return page

    def get_object(self) -> Any:
        target = super().get_object()
        self._load_parts([target])
        return target

    def _load_parts(self, targets: list[Target]) -> None:
        """Every shown target's parts in one query, through the same scoping rule."""
        parts: dict[int, list[Target]] = {t.pk: [] for t in targets}
        rows = restrict(Target.objects.select_related("unit"), self.request.user, "target.view")
        for part in rows.filter(parent__in=list(parts)).order_by("unit__sort_order", "pk"):
            if part.parent_id is not None:
                parts[part.parent_id].append(part)
        self._parts = parts


@extend_schema_view(
    list=extend_schema(parameters=[UNIT, _param("stage", OpenApiTypes.STR, "阶段")]),
    retrieve=extend_schema(responses=ProjectDetailSerializer),
)
class ProjectViewSet(ReadOnlyViewSet):
    """项目: the ledger's rows (the same query as the ledger page); the detail adds the node
    plan and the stage history."""

    model = Project
    action_name = "project.view"
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    ordering = ("code",)
    filter_map = {"unit": "unit__code", "stage": "stage"}

    def get_serializer_class(self) -> Any:
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer

    def get_queryset(self) -> QuerySet[Any]:
        if self.action == "list":
            # The ledger page's own read (projects.queries.ledger): one rule for both.
            return project_queries.ledger(self.request.user, {}).filter(**self.filters())
        nodes = restrict(
            ProjectNode.objects.select_related("responsible_unit"),
            self.request.user,
            "project.view",
        )
        return (
            restrict(Project.objects.with_relations(), self.request.user, "project.view")
            .prefetch_related(
                Prefetch("nodes", queryset=nodes.order_by("year", "order")),
                "stage_changes",
            )
            .order_by("code")
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            YEAR,
            MONTH,
            UNIT,
            _param("project", OpenApiTypes.STR, "项目编号"),
            _param("status", OpenApiTypes.STR, "状态"),
        ]
    ),
    create=extend_schema(
        request=ReportPushSerializer,
        responses={201: ReportSerializer},
        description=(
            "Push a project's monthly figures (a unit whose data comes from another system). "
            "The draft is saved; with submit=true it goes to review. Never approves."
        ),
    ),
)
class ReportViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """月报: monthly reports in the reader's scope; POST pushes figures into review."""

    serializer_class = ReportSerializer
    model = MonthlyReport
    action_name = "report.view"
    ordering = ("-year", "-month", "project__code")
    filter_map = {
        "year": "year",
        "month": "month",
        "unit": "project__unit__code",
        "project": "project__code",
        "status": "status",
    }

    def base_queryset(self) -> QuerySet[Any]:
        return MonthlyReport.objects.select_related("project", "project__unit")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ReportPushSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        user = request.user
        if not isinstance(user, User):  # IsAuthenticated has let only accounts through
            raise PermissionDenied
        report = services.push_report(
            actor=user,
            project_code=data.pop("project"),
            year=data.pop("year"),
            month=data.pop("month"),
            submit=data.pop("submit"),
            data=data,
        )
        report = self.base_queryset().get(pk=report.pk)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            YEAR,
            MONTH,
            UNIT,
            _param("colour", OpenApiTypes.STR, "灯色"),
            _param("kind", OpenApiTypes.STR, "对象类别"),
        ]
    )
)
class LightViewSet(ReadOnlyViewSet):
    """亮灯: each month's frozen light of each target and project."""

    serializer_class = LightSerializer
    model = LightSnapshot
    action_name = "warning.view"
    ordering = ("-year", "-month", "kind", "object_id")
    filter_map = {
        "year": "year",
        "month": "month",
        "unit": "unit__code",
        "colour": "colour",
        "kind": "kind",
    }

    def base_queryset(self) -> QuerySet[Any]:
        return LightSnapshot.objects.select_related("unit")


@extend_schema_view(
    list=extend_schema(parameters=[YEAR, MONTH, UNIT, _param("group", OpenApiTypes.STR, "考评组")])
)
class ScoreViewSet(ReadOnlyViewSet):
    """得分与排名: published scores only (an unpublished run is never served, B6), in each
    group's ranking order."""

    serializer_class = ScoreSerializer
    model = UnitScore
    action_name = "score.view"
    ordering = ("-run__year", "-run__month", "run__group", "-run__revision", "position")
    filter_map = {
        "year": "run__year",
        "month": "run__month",
        "unit": "unit__code",
        "group": "run__group",
    }

    def base_queryset(self) -> QuerySet[Any]:
        return UnitScore.objects.filter(run__status=RunStatus.PUBLISHED).select_related(
            "run", "unit"
        )


@extend_schema_view(
    list=extend_schema(
        parameters=[UNIT, _param("project", OpenApiTypes.STR, "项目编号"),
                    _param("status", OpenApiTypes.STR, "状态")]
    ),
    create=extend_schema(
        request=ClaimFileSerializer,
        responses={201: ClaimSerializer},
        description=(
            "Claim a project fact (signed, started, completed on a date). It waits for the lead "
            "department's confirmation; the project changes only once confirmed."
        ),
    ),
)  # fmt: skip
class ClaimViewSet(mixins.CreateModelMixin, ReadOnlyViewSet):
    """认定事项: what units claim about their projects, and its decision."""

    serializer_class = ClaimSerializer
    model = Claim
    action_name = "claim.view"
    ordering = ("-filed_on", "-pk")
    filter_map = {"unit": "unit__code", "project": "project__code", "status": "status"}

    def base_queryset(self) -> QuerySet[Any]:
        return Claim.objects.select_related("project", "unit")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ClaimFileSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = request.user
        if not isinstance(user, User):
            raise PermissionDenied
        data = form.validated_data
        project = (
            restrict(Project.objects.all(), user, "project.change")
            .filter(code=data["project"])
            .first()
        )
        if project is None:
            raise PermissionDenied
        claim = claims.file_stage(
            project,
            actor=user,
            to_stage=data["to_stage"],
            on=data["on"],
            evidence_note=data.get("evidence_note", ""),
        )
        claim = self.base_queryset().get(pk=claim.pk)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

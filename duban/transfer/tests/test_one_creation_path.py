"""One path creates a project (issue 13): the ledger import's fast path and a typed project both
go through `projects.services.create_projects`, so an imported project gets its lead
department, listing, node plan and audit rows exactly as a typed one does (once, 20 imported
projects got 0 node plans)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from duban.audit.models import AuditEvent
from duban.audit.services import verify_chain
from duban.core.roles import Role
from duban.orgs.models import Unit
from duban.projects import services as project_services
from duban.projects.choices import Listing
from duban.projects.models import PlanListing, Project, ProjectNode
from duban.transfer import services
from tests.support.dispatch import standard_template
from tests.support.factories import make_user
from tests.support.spreadsheets import setup_district, write_attachment1

pytestmark = pytest.mark.django_db

TYPED_FIELDS = [
    "name", "category_id", "industry", "total_investment_wan", "unit_id", "lead_department_id",
    "leader_id", "location", "planned_start", "planned_completion", "stage", "description",
]  # fmt: skip


def _events(project: Project) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="projects.project", object_id=str(project.pk))
        .order_by("id")
        .values_list("event", flat=True)
    )


def _plan(project: Project) -> list[tuple[object, ...]]:
    return list(
        ProjectNode.objects.filter(project=project)
        .order_by("year", "order")
        .values_list("year", "order", "name", "responsible_unit_id", "planned_on", "completed_on")
    )


def test_imported_projects_get_node_plans_and_audit_rows_as_a_typed_one_does(
    tmp_path: Path,
) -> None:
    setup_district()
    standard_template(None, name="通用节点计划（示例）")  # the district's general template
    supervisor = make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_one")
    path = tmp_path / "附件1.xlsx"
    written = write_attachment1(path, per_table=4)
    preview = services.preview_file(
        path.name, path.read_bytes(), kind="ledger", actor=supervisor, year=2021
    )
    assert preview.ok, [str(i) for i in preview.issues[:5]]
    services.commit(preview, actor=supervisor)

    imported = list(Project.objects.order_by("code"))
    assert len(imported) == written == 20
    listed = {p.project_id: p for p in PlanListing.objects.filter(year=2021)}
    planned = [p for p in imported if listed[p.pk].kind != Listing.RESERVE]
    assert planned, "the sample ledger lists projects to be planned"
    for project in imported:
        expected = ["project.created", "project.listing_set"]
        if project in planned:
            expected.append("project.node_plan_created")
            assert len(_plan(project)) == 5, project
        else:
            assert _plan(project) == []
        assert _events(project) == expected, project
        # The lead department follows the category when the row names none.
        assert project.lead_department_id is not None

    # The same project typed in (create, then listed) ends with the same plan and record.
    model = planned[0]
    listing = listed[model.pk]
    typed = project_services.create_project(
        actor=supervisor,
        code="TYPED-0001",
        **{f: getattr(model, f) for f in TYPED_FIELDS},
    )
    project_services.set_listing(
        typed,
        actor=supervisor,
        year=2021,
        kind=listing.kind,
        planned_investment_wan=listing.planned_investment_wan,
    )
    assert sorted(_events(typed)) == sorted(_events(model))
    assert _plan(typed) == _plan(model)
    assert {f: getattr(typed, f) for f in TYPED_FIELDS} == {
        f: getattr(model, f) for f in TYPED_FIELDS
    }
    assert verify_chain().ok


def test_a_typed_project_is_validated_and_refused_whole(tmp_path: Path) -> None:
    """The typed path keeps `full_clean`: a bad project writes nothing, not even its audit."""
    setup_district()
    supervisor = make_user(Role.SUPERVISOR, Unit.objects.get(code="fgj"), username="fgj_two")
    unit = Unit.objects.get(code="fgj")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        project_services.create_project(actor=supervisor, code="X1", name="", unit=unit)
    assert Project.objects.count() == 0
    assert AuditEvent.objects.count() == before

"""reports.0003 moves every evidence row to duban.files, file for file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase


class EvidenceMigrationTests(TransactionTestCase):
    """reports.0003 moves every EvidenceFile to an Attachment owned by its node, else its
    report, else its project, keeping stored names and upload times."""

    before = [("reports", "0002_versions_evidence_windows")]
    after = [("reports", "0003_evidence_moved_to_files")]
    # Apps below reports stay fully migrated while reports steps back, so the models the test
    # writes with come from their latest state (later migrations may add NOT NULL columns).
    lower = {"core", "audit", "files", "workdays", "orgs", "accounts", "documents", "projects"}

    def state(self, executor: MigrationExecutor, nodes: list[tuple[str, str]]) -> Any:
        leaves = [n for n in executor.loader.graph.leaf_nodes() if n[0] in self.lower]
        return executor.loader.project_state(nodes + leaves).apps

    def test_every_evidence_row_becomes_an_attachment_of_its_most_specific_owner(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(self.before)
        old = self.state(executor, self.before)
        unit = old.get_model("orgs", "Unit").objects.create(
            code="u1", name="鼓东街道", kind="street"
        )
        cat = old.get_model("projects", "Category").objects.create(code="c1", name="服务业")
        project = old.get_model("projects", "Project").objects.create(
            code="P1", name="项目", category=cat, unit=unit, industry="tertiary",
            total_investment_wan=100, stage="planning",
        )  # fmt: skip
        node = old.get_model("projects", "ProjectNode").objects.create(
            project=project, year=2021, order=1, name="开工",
            original_planned_on=dt.date(2021, 5, 1), planned_on=dt.date(2021, 5, 1),
        )  # fmt: skip
        report = old.get_model("reports", "MonthlyReport").objects.create(
            project=project, year=2021, month=5
        )
        evidence = old.get_model("reports", "EvidenceFile")
        common = {"kind": "png", "content_type": "image/png", "size": 3, "sha256": "a" * 64}
        evidence.objects.create(project=project, node=node, original_name="节点.png",
                                stored_name="n.png", **common)  # fmt: skip
        evidence.objects.create(project=project, report=report, original_name="月报.png",
                                stored_name="r.png", **common)  # fmt: skip
        evidence.objects.create(project=project, original_name="项目.png",
                                stored_name="p.png", **common)  # fmt: skip
        executor = MigrationExecutor(connection)
        executor.migrate(self.after)
        new = self.state(executor, self.after)
        rows = new.get_model("files", "Attachment").objects.select_related("owner_type")
        owners = {a.stored_name: (a.owner_type.model, a.owner_id) for a in rows}
        self.assertEqual(
            owners,
            {
                "n.png": ("projectnode", node.pk),
                "r.png": ("monthlyreport", report.pk),
                "p.png": ("project", project.pk),
            },
        )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

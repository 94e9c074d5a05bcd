"""Evidence files move from reports.EvidenceFile to files.Attachment (the foundation's store).

Each row keeps its stored file and metadata; its owner becomes the node it proved, else the
report, else the project. Nothing on disk moves: the stored names are kept.
"""

from django.db import migrations


def forward(apps, schema_editor):
    EvidenceFile = apps.get_model("reports", "EvidenceFile")
    Attachment = apps.get_model("files", "Attachment")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def type_of(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    node_t = type_of("projects", "projectnode")
    report_t = type_of("reports", "monthlyreport")
    project_t = type_of("projects", "project")
    rows = []
    for f in EvidenceFile.objects.order_by("id").iterator():
        if f.node_id:
            owner_type, owner_id = node_t, f.node_id
        elif f.report_id:
            owner_type, owner_id = report_t, f.report_id
        else:
            owner_type, owner_id = project_t, f.project_id
        rows.append(
            Attachment(
                owner_type=owner_type,
                owner_id=owner_id,
                original_name=f.original_name,
                stored_name=f.stored_name,
                kind=f.kind,
                content_type=f.content_type,
                size=f.size,
                sha256=f.sha256,
                uploaded_by_id=f.uploaded_by_id,
                uploaded_at=f.uploaded_at,
            )
        )
    Attachment.objects.bulk_create(rows, batch_size=500)
    # auto_now_add overwrote the upload time on insert: put the original times back.
    for f in EvidenceFile.objects.order_by("id").iterator():
        Attachment.objects.filter(stored_name=f.stored_name).update(uploaded_at=f.uploaded_at)


def backward(apps, schema_editor):
    """Back to reports.EvidenceFile (its table is recreated before this runs)."""
    EvidenceFile = apps.get_model("reports", "EvidenceFile")
    Attachment = apps.get_model("files", "Attachment")
    ProjectNode = apps.get_model("projects", "ProjectNode")
    MonthlyReport = apps.get_model("reports", "MonthlyReport")
    for a in Attachment.objects.select_related("owner_type").order_by("id"):
        model = a.owner_type.model
        if model == "projectnode":
            node = ProjectNode.objects.get(pk=a.owner_id)
            links = {"node_id": node.pk, "project_id": node.project_id}
        elif model == "monthlyreport":
            report = MonthlyReport.objects.get(pk=a.owner_id)
            links = {"report_id": report.pk, "project_id": report.project_id}
        elif model == "project":
            links = {"project_id": a.owner_id}
        else:
            continue  # owners added after this migration have no place in the old table
        row = EvidenceFile.objects.create(
            original_name=a.original_name, stored_name=a.stored_name, kind=a.kind,
            content_type=a.content_type, size=a.size, sha256=a.sha256,
            uploaded_by_id=a.uploaded_by_id, **links,
        )
        EvidenceFile.objects.filter(pk=row.pk).update(uploaded_at=a.uploaded_at)
        a.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_versions_evidence_windows"),
        ("files", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("projects", "0002_node_plans"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="EvidenceFile"),
    ]

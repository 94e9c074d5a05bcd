from django.db import migrations


class Migration(migrations.Migration):
    """Joins the branches of the demo and year work (no schema change)."""

    dependencies = [
        ("targets", "0005_demo_merge"),
        ("targets", "0006_year_merge"),
    ]

    operations: list[migrations.operations.base.Operation] = []

from __future__ import annotations

from typing import Any

from django.db import migrations

from duban.reminders.defaults import QUIET_END, QUIET_START, RULES


def seed(apps: Any, schema_editor: Any) -> None:
    Rule = apps.get_model("reminders", "Rule")
    for row in RULES:
        Rule.objects.get_or_create(
            kind=row["kind"],
            offset_days=row["offset_days"],
            defaults={
                "name": row["name"],
                "audience": row["audience"],
                "quiet_start": QUIET_START,
                "quiet_end": QUIET_END,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reminders", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

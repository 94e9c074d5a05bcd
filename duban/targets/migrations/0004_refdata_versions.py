"""Issue 13: reference data is edited through audited services with a version check, so the
manual actuals get the optimistic-lock version (and timestamps) every edited record carries."""

from django.db import migrations, models


def _version(model):
    return migrations.AddField(
        model_name=model,
        name="version",
        field=models.PositiveIntegerField(default=1, editable=False, verbose_name="版本"),
    )


class Migration(migrations.Migration):
    dependencies = [("targets", "0003_target_commitment_period_broader")]

    operations = [
        _version("actualentry"),
    ]

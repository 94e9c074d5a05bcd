# The evidence rules and spot-check policies are edited on the reference-data pages, which
# version every record (F2) and stamp its times.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]

    operations = [
        *[
            op
            for model in ("evidencerule", "spotcheckpolicy")
            for op in (
                migrations.AddField(
                    model_name=model,
                    name="created_at",
                    field=models.DateTimeField(
                        auto_now_add=True,
                        default=django.utils.timezone.now,
                        verbose_name="创建时间",
                    ),
                    preserve_default=False,
                ),
                migrations.AddField(
                    model_name=model,
                    name="updated_at",
                    field=models.DateTimeField(auto_now=True, verbose_name="更新时间"),
                ),
                migrations.AddField(
                    model_name=model,
                    name="version",
                    field=models.PositiveIntegerField(
                        default=1, editable=False, verbose_name="版本"
                    ),
                ),
            )
        ],
    ]

"""Issue 13: reference data is edited through audited services with a version check, so the
categories and node templates (and their nodes) get the optimistic-lock version (and timestamps) every edited record carries."""

import django.utils.timezone
from django.db import migrations, models


def _stamps(model):
    return [
        migrations.AddField(
            model_name=model,
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="创建时间"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model,
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, default=django.utils.timezone.now, verbose_name="更新时间"
            ),
            preserve_default=False,
        ),
    ]


def _version(model):
    return migrations.AddField(
        model_name=model,
        name="version",
        field=models.PositiveIntegerField(default=1, editable=False, verbose_name="版本"),
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_listing_listed_on")]

    operations = [
        *_stamps("category"),
        _version("category"),
        *_stamps("nodetemplate"),
        _version("nodetemplate"),
        *_stamps("templatenode"),
        _version("templatenode"),
    ]

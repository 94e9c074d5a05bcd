"""A listing's business date in the plan (listed_on). Listings made before this field existed
are taken as listed on the first day of their year: the plan they belong to was adopted then."""

import datetime as dt

from django.db import migrations, models


def start_of_year(apps, schema_editor):
    PlanListing = apps.get_model("projects", "PlanListing")
    for year in PlanListing.objects.values_list("year", flat=True).distinct():
        PlanListing.objects.filter(year=year).update(listed_on=dt.date(year, 1, 1))


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_node_plans")]

    operations = [
        migrations.AddField(
            model_name="planlisting",
            name="listed_on",
            field=models.DateField(null=True, verbose_name="列入计划日期"),
        ),
        migrations.RunPython(start_of_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="planlisting",
            name="listed_on",
            field=models.DateField(verbose_name="列入计划日期"),
        ),
    ]

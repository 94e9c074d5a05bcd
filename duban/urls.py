from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from duban.core.converters import YearConverter

register_converter(YearConverter, "year")

urlpatterns = [
    path("", include("duban.portal.urls")),
    path("", include("duban.core.urls")),
    path("accounts/", include("duban.accounts.urls")),
    path("projects/", include("duban.projects.urls")),
    path("targets/", include("duban.targets.urls")),
    path("units/", include("duban.orgs.urls")),
    path("reports/", include("duban.reports.urls")),
    path("supervision/", include("duban.supervision.urls")),
    path("supervision/", include("duban.problems.urls")),
    path("claims/", include("duban.claims.urls")),
    path("tasks/", include("duban.tasks.urls")),
    path("meetings/", include("duban.meetings.urls")),
    path("people/", include("duban.people.urls")),
    path("assessment/", include("duban.assessment.urls")),
    path("documents/", include("duban.documents.urls")),
    path("screen/", include("duban.screen.urls")),
    path("transfer/", include("duban.transfer.urls")),
    path("intake/", include("duban.intake.urls")),
    path("audit/", include("duban.audit.urls")),
    path("files/", include("duban.files.urls")),
    path("calendar/", include("duban.workdays.urls")),
    path("agreements/", include("duban.agreements.urls")),
    path("rollover/", include("duban.rollover.urls")),
    path("reference/", include("duban.refdata.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

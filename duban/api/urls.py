from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from duban.api import opendata, views
from duban.core.middleware import CONTENT_SECURITY_POLICY

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("targets", views.TargetViewSet, basename="target")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("reports", views.ReportViewSet, basename="report")
router.register("lights", views.LightViewSet, basename="light")
router.register("scores", views.ScoreViewSet, basename="score")
router.register("claims", views.ClaimViewSet, basename="claim")

# The schema and its docs page describe the API, not its data: readable without a token.
schema = SpectacularAPIView.as_view(
    authentication_classes=[], permission_classes=[AllowAny], throttle_classes=[]
)
swagger = SpectacularSwaggerSplitView.as_view(
    url_name="api:schema", authentication_classes=[], permission_classes=[AllowAny]
)
# Swagger UI sets inline styles on its elements: its page alone (which shows no data) allows
# inline styles; scripts stay 'self' only, as everywhere.
DOCS_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


def docs(request: HttpRequest) -> HttpResponse:
    response: HttpResponse = swagger(request)
    response["Content-Security-Policy"] = DOCS_POLICY
    return response


urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/schema/", login_not_required(schema), name="schema"),
    path("v1/docs/", login_not_required(docs), name="docs"),
    path("v1/open/figures/", opendata.OpenFiguresView.as_view(), name="open_figures"),
    path("v1/open/rankings.csv", opendata.OpenRankingsCsvView.as_view(), name="open_rankings_csv"),
]

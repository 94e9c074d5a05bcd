from django.urls import path

from duban.transfer import views

app_name = "transfer"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("preview/<str:token>/confirm/", views.confirm, name="confirm"),
    path("preview/<str:token>/mapping/", views.save_mapping, name="mapping"),
    path("export/ledger/", views.export_ledger_view, name="export_ledger"),
    path("export/targets/", views.export_targets_view, name="export_targets"),
    path("export/monthly/", views.export_monthly_view, name="export_monthly"),
    path("export/scores/", views.export_scores_view, name="export_scores"),
]

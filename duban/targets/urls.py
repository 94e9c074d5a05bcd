from django.urls import path

from duban.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.table, name="table"),
    path("revisions/", views.revisions, name="revisions"),
    path("<int:pk>/projects/", views.drilldown, name="drilldown"),
    path("programmes/", views.programmes, name="programmes"),
]

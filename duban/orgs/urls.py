from django.urls import path

from duban.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.units, name="units"),
    path("<slug:code>/", views.unit, name="unit"),
]

from django.urls import path

from duban.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export, name="export"),
]

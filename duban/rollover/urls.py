from django.urls import path

from duban.rollover import views

app_name = "rollover"
urlpatterns = [
    path("", views.index, name="index"),
    path("run/", views.run, name="run"),
    path("confirm/", views.confirm, name="confirm"),
]

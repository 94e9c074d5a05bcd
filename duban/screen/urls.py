from django.urls import path

from duban.screen import views

app_name = "screen"
urlpatterns = [
    path("", views.index, name="index"),
    path("data/", views.data, name="data"),
    path("public/", views.public, name="public"),
    path("public/data/", views.public_data, name="public_data"),
]

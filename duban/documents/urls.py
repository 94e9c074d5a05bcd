from django.urls import path

from duban.documents import views

app_name = "documents"
urlpatterns = [
    path("templates/", views.index, name="index"),
    path("templates/<str:kind>/edit/", views.edit, name="edit"),
]

from django.urls import path

from duban.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]

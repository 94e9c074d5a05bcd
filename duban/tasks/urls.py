from django.urls import path

from duban.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/closure/", views.closure, name="closure"),
    path("<int:pk>/milestones/", views.milestones, name="milestones"),
    path("progress/<int:unit_id>/<str:month>/", views.progress, name="progress"),
]

from django.urls import path

from duban.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendars, name="calendars"),
    path("<int:year>/", views.edit, name="edit"),
]

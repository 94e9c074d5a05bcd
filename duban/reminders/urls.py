from django.urls import path

from duban.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.index, name="index"),
    path("channels/new/", views.channel_add, name="channel_add"),
    path("channels/<int:pk>/toggle/", views.channel_toggle, name="channel_toggle"),
    path("rules/<int:pk>/", views.rule_edit, name="rule"),
]

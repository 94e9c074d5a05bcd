from django.urls import path

from duban.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decisions/", views.add_decision, name="add_decision"),
    path("<int:pk>/speakers/", views.speakers, name="speakers"),
    path("<int:pk>/speakers/<int:speaker_id>/", views.speaker_note, name="speaker_note"),
    path("<int:pk>/minutes.docx", views.minutes, name="minutes"),
]

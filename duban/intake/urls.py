from django.urls import path

from duban.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.review, name="review"),
    path("proposals/<int:pk>/", views.decide, name="decide"),
]

from django.urls import path

from duban.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("window/<str:month>/", views.set_window, name="window"),
    path("review/", views.review_batch, name="review_batch"),
    path("unit/<int:unit_id>/<str:month>/", views.unit_month, name="unit_month"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/raise-problem/", views.raise_problem, name="raise_problem"),
]

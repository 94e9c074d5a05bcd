from django.urls import path

from duban.claims import views

app_name = "claims"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("units/", views.reliability, name="reliability"),
    path("checks/", views.checks, name="checks"),
    path("checks/draw/", views.draw, name="draw_new"),
    path("checks/<int:pk>/", views.draw_detail, name="draw"),
    path("checks/record/<int:pk>/", views.record_check, name="record_check"),
]

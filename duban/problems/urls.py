from django.urls import path

from duban.problems import views

# Mounted under /supervision/ beside the warning board (the 预警督办 section of the menu).
app_name = "problems"
urlpatterns = [
    path("problems/", views.problems, name="problems"),
    path("problems/new/", views.problem_new, name="problem_new"),
    path("problems/<int:pk>/", views.problem, name="problem"),
    path("problems/stats/", views.stats, name="stats"),
    path("leader/", views.leader_page, name="my_problems"),
    path("leader/<int:pk>/", views.leader_page, name="leader"),
]

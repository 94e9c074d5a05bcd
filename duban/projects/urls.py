from django.urls import path

from duban.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("nodes/overdue/", views.overdue_nodes, name="overdue_nodes"),
    path("nodes/<int:pk>/", views.node, name="node"),
    path("nodes/<int:pk>/complete/", views.node_complete, name="node_complete"),
    path("nodes/<int:pk>/revise/", views.node_revise, name="node_revise"),
]

from django.urls import path

from duban.people import views

app_name = "people"
urlpatterns = [
    path("", views.pairings_page, name="pairings"),
    path("unit/<int:unit_id>/contacts/", views.contact_add, name="contact_add"),
    path("contacts/<int:pk>/", views.contact_edit, name="contact"),
    path("pairings/<int:pk>/visits/", views.visit_add, name="visit_add"),
]

from django.urls import path

from duban.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.board, name="board"),
    path("rules/", views.rules, name="rules"),
    path("lights/<str:kind>/<int:object_id>/", views.light, name="light"),
    path("lights/<str:kind>/<int:object_id>/issue/", views.issue_letter, name="issue_letter"),
    path("letters/", views.letters, name="letters"),
    path("letters/<int:pk>/", views.letter, name="letter"),
    path("letters/<int:pk>/docx/", views.letter_docx, name="letter_docx"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("letters/<int:pk>/evidence/", views.letter_evidence, name="letter_evidence"),
    path("letters/<int:pk>/close/", views.letter_close, name="letter_close"),
    path("letters/<int:pk>/cancel/", views.letter_cancel, name="letter_cancel"),
]

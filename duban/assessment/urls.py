from django.urls import path

from duban.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("compute/", views.compute, name="compute"),
    path("publish/", views.publish, name="publish"),
    path("scores/<int:pk>/", views.score_detail, name="score"),
    path("methods/", views.methods, name="methods"),
    path("methods/<str:group>/draft/", views.draft_start, name="draft_start"),
    path("methods/drafts/<int:pk>/", views.draft_edit, name="draft"),
    path("methods/drafts/<int:pk>/whatif/", views.draft_whatif, name="draft_whatif"),
    path("methods/drafts/<int:pk>/adopt/", views.draft_adopt, name="draft_adopt"),
    path("adjustments/", views.adjustments, name="adjustments"),
    path("quarter/", views.quarter, name="quarter"),
    path("bulletins/<str:kind>/<year:year>/<int:period>/", views.bulletin_html, name="bulletin"),
    path(
        "bulletins/<str:kind>/<year:year>/<int:period>/docx/",
        views.bulletin_docx,
        name="bulletin_docx",
    ),
    path(
        "bulletins/<str:kind>/<int:year>/<int:period>/pdf/",
        views.bulletin_pdf,
        name="bulletin_pdf",
    ),
]

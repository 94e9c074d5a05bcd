from django.urls import path

from duban.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/docx/", views.agreement_docx, name="docx"),
    path("<int:pk>/pdf/", views.agreement_pdf, name="pdf"),
]

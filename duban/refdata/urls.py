from django.urls import path

from duban.refdata import views

app_name = "refdata"
urlpatterns = [
    path("", views.index, name="index"),
    *[path(f"{key}/<int:pk>/", view, name=f"{key}_edit") for key, view in views.EDIT_VIEWS.items()],
    path("<slug:kind>/", views.records, name="records"),
    path("<slug:kind>/new/", views.create, name="create"),
]

from django.urls import path

from duban.api import token_views

app_name = "apitokens"

urlpatterns = [
    path("", token_views.tokens, name="index"),
    path("<int:pk>/revoke/", token_views.revoke, name="revoke"),
]

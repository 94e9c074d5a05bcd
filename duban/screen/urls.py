from django.urls import path

from duban.screen import views

app_name = "screen"
urlpatterns = [
    path("", views.index, name="index"),
    path("data/", views.data, name="data"),
    path("public/", views.public, name="public"),
    path("public/data/", views.public_data, name="public_data"),
    path("feed.txt", views.feed_text, name="feed_text"),
    path("feed.json", views.feed_json, name="feed_json"),
    path("public/feed.txt", views.public_feed_text, name="public_feed_text"),
    path("public/feed.json", views.public_feed_json, name="public_feed_json"),
]

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("follow/", views.follow, name="follow"),
    path("follow/confirm/<str:token>/", views.confirm, name="follow-confirm"),
    path("follow/unsubscribe/<str:token>/", views.unsubscribe, name="follow-unsubscribe"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
    path("feeds/bodies/<slug:slug>/", feeds.BodyFeed(), name="feed-body"),
    path("feeds/people/<slug:slug>/", feeds.PersonFeed(), name="feed-person"),
    path("feeds/actions/<int:pk>/", feeds.ActionFeed(), name="feed-action"),
]

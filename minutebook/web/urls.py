from django.urls import path

from minutebook.publishing import calendar

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/<slug:slug>/", views.body, name="body"),
    path("bodies/<slug:slug>/calendar.ics", calendar.body_meetings, name="body-calendar"),
    path("calendar.ics", calendar.all_meetings, name="calendar"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("people/", views.people, name="people"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("actions/", views.actions, name="actions"),
    path("decisions/", views.decisions, name="decisions"),
    path("search/", views.search, name="search"),
    path("sources/<int:pk>/", views.source, name="source"),
    path("sources/<int:pk>/original", views.original, name="original"),
]

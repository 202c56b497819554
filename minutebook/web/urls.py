from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("bodies/<slug:slug>/figures/", views.body_figures, name="body-figures"),
    path("bodies/<slug:slug>/figures/<slug:key>.svg", views.series_chart, name="series-chart"),
    path("figures/tables/<int:pk>.svg", views.table_chart, name="table-chart"),
    path("figures/flags/<int:pk>/explain", views.explain, name="explain-flag"),
]

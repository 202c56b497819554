from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("minutebook.publishing.urls")),
    path("", include("minutebook.web.urls")),
    path("", include("minutebook.figurechecks.urls")),
    path("", include("minutebook.alerts.urls")),
]

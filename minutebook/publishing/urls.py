"""Open data: the OParl API, bulk downloads and the page that explains both."""

from django.urls import include, path

from . import downloads

urlpatterns = [
    path("api/", downloads.api_page, name="api"),
    path("api/downloads/<slug:dataset>.<str:form>", downloads.download, name="download"),
    path("oparl/v1.1/", include("minutebook.publishing.oparl.urls")),
]

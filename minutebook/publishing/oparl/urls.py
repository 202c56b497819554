from django.urls import path

from . import views

urlpatterns = [
    path("", views.system, name="oparl-system"),
    path("bodies/", views.bodies, name="oparl-bodies"),
    path("bodies/<int:pk>", views.body, name="oparl-body"),
    path("bodies/<int:pk>/organizations/", views.body_organizations),
    path("bodies/<int:pk>/people/", views.body_people),
    path("bodies/<int:pk>/memberships/", views.body_memberships),
    path("bodies/<int:pk>/meetings/", views.body_meetings, name="oparl-body-meetings"),
    path("bodies/<int:pk>/agenda-items/", views.body_agenda_items),
    path("bodies/<int:pk>/papers/", views.body_papers),
    path("bodies/<int:pk>/consultations/", views.body_consultations),
    path("bodies/<int:pk>/files/", views.body_files),
    path("bodies/<int:pk>/locations/", views.body_locations),
    path("bodies/<int:pk>/terms/<int:year>", views.legislative_term),
    path("committees/<int:pk>", views.committee),
    path("committees/<int:pk>/meetings/", views.committee_meetings),
    path("organisations/<int:pk>", views.organisation),
    path("people/<int:pk>", views.person),
    path("memberships/<int:pk>", views.membership),
    path("meetings/<int:pk>", views.meeting, name="oparl-meeting"),
    path("agenda-items/<int:pk>", views.agenda_item),
    path("papers/<int:pk>", views.paper),
    path("consultations/<int:pk>", views.consultation),
    path("files/<int:pk>", views.file),
    path("files/<int:pk>/access", views.file_access),
    path("files/<int:pk>/download", views.file_download),
    path("locations/<str:key>", views.location),
    path("<path:rest>", views.unknown),
]

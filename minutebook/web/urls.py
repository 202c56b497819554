from django.contrib.auth import views as auth
from django.urls import path

from minutebook.publishing import calendar

from . import clerk, uploads, views

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
    path("documents/<int:pk>/", views.document, name="document"),
    path("packs/<int:pk>.pdf", clerk.pack_file, name="pack"),
    path("accounts/login/", auth.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("clerk/", clerk.desk, name="clerk"),
    path("clerk/bodies/<slug:slug>/", clerk.body_desk, name="clerk-body"),
    path("clerk/bodies/<slug:slug>/members/", clerk.members, name="clerk-members"),
    path("clerk/work-programme/<int:pk>/move", clerk.move_entry, name="clerk-move"),
    path("clerk/meetings/<int:pk>/", clerk.meeting_desk, name="clerk-meeting"),
    path("clerk/meetings/<int:pk>/attendance", clerk.register, name="clerk-register"),
    path("clerk/meetings/<int:pk>/publish", clerk.publish, name="clerk-publish"),
    path("clerk/meetings/<int:pk>/publishing", clerk.publishing, name="clerk-publishing"),
    path("clerk/meetings/<int:pk>/approve", clerk.approve, name="clerk-approve"),
    path("clerk/actions/<int:pk>/report-back", clerk.report_back, name="clerk-report-back"),
    path("clerk/actions/<int:pk>/due", clerk.set_due, name="clerk-due"),
    path("clerk/uploads/", uploads.uploads, name="clerk-uploads"),
    path("clerk/uploads/<int:pk>/", uploads.upload, name="clerk-upload"),
    path("clerk/uploads/<int:pk>/people/<int:match_pk>", uploads.settle, name="clerk-upload-settle"),
]

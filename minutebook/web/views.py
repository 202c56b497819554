"""Public pages of the minute book."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from minutebook.governance.models import AgendaItem, Attendance, Meeting, Minute, Resolution


def home(request):
    now = timezone.now()
    meetings = Meeting.objects.select_related("body")
    return render(
        request,
        "web/home.html",
        {
            "upcoming": meetings.filter(start__gte=now).order_by("start"),
            "past": meetings.filter(start__lt=now).order_by("-start"),
        },
    )


def meeting(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related("body").prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.filter(parent=None, exempt=False)),
            Prefetch("attendances", queryset=Attendance.objects.select_related("person", "substitute_for")),
            Prefetch(
                "minutes",
                queryset=Minute.objects.prefetch_related(
                    Prefetch("resolutions", queryset=Resolution.objects.order_by("order"))
                ),
            ),
        ),
        pk=pk,
    )
    attendances = list(meeting.attendances.all())
    return render(
        request,
        "web/meeting.html",
        {
            "meeting": meeting,
            "present": [a for a in attendances if a.status == Attendance.Status.PRESENT],
            "apologies": [a for a in attendances if a.status == Attendance.Status.APOLOGIES],
        },
    )

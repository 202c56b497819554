"""iCalendar feeds of meetings, for the whole minute book and for each body.

Subscribed to from Outlook, Google Calendar or a phone, a feed keeps a
member's or resident's calendar in step: times, places, cancellations.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Calendar, Event

from minutebook.governance import visibility
from minutebook.governance.models import Body, Meeting

STATUS = {Meeting.Status.CANCELLED: "CANCELLED", Meeting.Status.POSTPONED: "TENTATIVE"}


def calendar_of(meetings, name: str, request: HttpRequest) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//minutebook//committee meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    host = request.get_host()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add(
            "summary", f"{meeting.body.name}" + (" (cancelled)" if meeting.status == "cancelled" else "")
        )
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end or meeting.start + datetime.timedelta(hours=2))
        event.add("dtstamp", timezone.now())
        if meeting.venue:
            event.add("location", meeting.venue)
        url = request.build_absolute_uri(meeting.get_absolute_url())
        event.add("url", url)
        reason = f"{meeting.get_status_display()}: {meeting.status_reason}\n" if meeting.status_reason else ""
        event.add("description", f"{reason}Agenda, papers and minutes: {url}")
        event.add("status", STATUS.get(meeting.status, "CONFIRMED"))
        cal.add_component(event)
    return cal.to_ical()


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def all_meetings(request):
    meetings = visibility.public(Meeting).select_related("body").order_by("start")
    return _response(calendar_of(meetings, "Committee meetings", request), "meetings.ics")


def body_meetings(request, slug):
    board = get_object_or_404(Body, slug=slug)
    meetings = visibility.public(board.meetings.all()).select_related("body").order_by("start")
    return _response(calendar_of(meetings, board.name, request), f"{board.slug}.ics")

"""The clerk's screens: run a body's cycle from work programme to approved minutes.

Only a body's clerks (and administrators) see these pages; every change goes
through ``governance.clerking`` and is recorded in the audit trail with the
clerk's name. Each view checks the body of the very object it changes, and
takes ids only through forms whose choices are that body's records, so a
clerk of one body cannot reach another's and a bad value is a form error.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from minutebook.governance import clerking, visibility
from minutebook.governance.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Minute,
    Pack,
    Paper,
    Person,
    WorkProgrammeEntry,
)
from minutebook.publishing import pack as packs

from .views import stored_file


def _body_for(request, slug) -> Body:
    body = get_object_or_404(Body, slug=slug)
    if not visibility.is_clerk(request.user, body):
        raise PermissionDenied("You are not a clerk of this body.")
    return body


def _meeting_for(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    if not visibility.is_clerk(request.user, meeting.body):
        raise PermissionDenied("You are not a clerk of this body.")
    return meeting


class PlanForm(forms.Form):
    title = forms.CharField(max_length=300)
    date = forms.DateField(
        required=False,
        help_text="Leave empty for 'to be determined'",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    lead = forms.CharField(max_length=300, required=False, label="Lead officer")
    detail = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    origin = forms.CharField(max_length=300, required=False, label="Where the request came from")


class MoveForm(forms.Form):
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class MeetingForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    venue = forms.CharField(max_length=300, required=False)
    contact_officer = forms.CharField(max_length=300, required=False)


class ItemForm(forms.Form):
    title = forms.CharField(max_length=300)
    presenter = forms.CharField(max_length=300, required=False)


class PaperForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    title = forms.CharField(max_length=300)
    kind = forms.ChoiceField(choices=Paper.Kind.choices)
    file = forms.FileField(help_text="PDF or Word (.docx)")
    recommendations = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="One recommendation a line"
    )
    exempt = forms.BooleanField(required=False, label="Exempt (not for publication)")


class ExemptForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), label="Agenda item")
    paragraph = forms.IntegerField(min_value=1, max_value=7, label="Paragraph of Schedule 12A")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Public-interest reason")


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    capacity = forms.ChoiceField(choices=Attendance.Capacity.choices)
    substitute_for = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    role = forms.CharField(max_length=200, required=False)


class DeclarationForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Member")
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False, label="Agenda item")
    kind = forms.ChoiceField(choices=Declaration.Kind.choices, label="Kind of interest")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="The interest declared")


class MinuteForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none(), required=False, label="Agenda item")
    title = forms.CharField(max_length=300)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Minute")
    resolutions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One resolution a line; 'X to ...' becomes an action",
    )


class ReportBackForm(forms.Form):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), help_text="Where it was reported")
    note = forms.CharField(required=False, max_length=2000)


class AmendForm(forms.Form):
    minute = forms.ModelChoiceField(queryset=Minute.objects.none())
    title = forms.CharField(max_length=300)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def desk(request):
    bodies = Body.objects.all() if request.user.is_superuser else request.user.clerked_bodies.all()
    return render(request, "web/clerk/desk.html", {"bodies": bodies})


@login_required
def body_desk(request, slug):
    body = _body_for(request, slug)
    plan_form, meeting_form = PlanForm(prefix="plan"), MeetingForm(prefix="meeting")
    if request.method == "POST" and "plan-title" in request.POST:
        plan_form = PlanForm(request.POST, prefix="plan")
        if plan_form.is_valid():
            clerking.plan(body, **plan_form.cleaned_data)
            messages.success(request, "Added to the work programme.")
            return redirect("clerk-body", slug=slug)
    if request.method == "POST" and "meeting-date" in request.POST:
        meeting_form = MeetingForm(request.POST, prefix="meeting")
        if meeting_form.is_valid():
            data = meeting_form.cleaned_data
            start = datetime.datetime.combine(
                data["date"], data["time"], tzinfo=timezone.get_default_timezone()
            )
            meeting = clerking.create_meeting(
                body, start, data["venue"], contact_officer=data["contact_officer"]
            )
            messages.success(request, "Meeting created with its standing items and planned items.")
            return redirect("clerk-meeting", pk=meeting.pk)
    return render(
        request,
        "web/clerk/body.html",
        {
            "body": body,
            "plan_form": plan_form,
            "meeting_form": meeting_form,
            "entries": WorkProgrammeEntry.objects.filter(body=body).order_by("planned_date", "pk"),
            "meetings": body.meetings.order_by("-start")[:20],
        },
    )


@login_required
@require_POST
def move_entry(request, pk):
    entry = get_object_or_404(WorkProgrammeEntry, pk=pk)
    _body_for(request, entry.body.slug)
    form = MoveForm(request.POST)
    if form.is_valid():
        clerking.move(entry, form.cleaned_data["date"])
        messages.success(request, f"Moved “{entry.title}”.")
    else:
        messages.error(request, f"“{entry.title}” was not moved: give the new date as a date.")
    return redirect("clerk-body", slug=entry.body.slug)


def _forms(meeting: Meeting, data=None, files=None, which=None):
    items = meeting.agenda_items.filter(parent=None).order_by("order")
    people = (
        Person.objects.filter(memberships__body=meeting.body).distinct()
        | Person.objects.filter(attendances__meeting__body=meeting.body).distinct()
    )
    built = {
        "item": ItemForm(data if which == "item" else None, prefix="item"),
        "paper": PaperForm(
            data if which == "paper" else None, files if which == "paper" else None, prefix="paper"
        ),
        "exempt": ExemptForm(data if which == "exempt" else None, prefix="exempt"),
        "attendance": AttendanceForm(data if which == "attendance" else None, prefix="attendance"),
        "declaration": DeclarationForm(data if which == "declaration" else None, prefix="declaration"),
        "minute": MinuteForm(data if which == "minute" else None, prefix="minute"),
        "amend": AmendForm(data if which == "amend" else None, prefix="amend"),
    }
    built["paper"].fields["item"].queryset = items
    built["exempt"].fields["item"].queryset = items
    built["minute"].fields["item"].queryset = items
    built["declaration"].fields["item"].queryset = items
    built["declaration"].fields["person"].queryset = people.order_by("name").distinct()
    built["attendance"].fields["person"].queryset = people.order_by("name").distinct()
    built["attendance"].fields["substitute_for"].queryset = people.order_by("name").distinct()
    built["amend"].fields["minute"].queryset = Minute.objects.filter(meeting=meeting)
    return built


@login_required
def meeting_desk(request, pk):
    meeting = _meeting_for(request, pk)
    which = request.POST.get("form") if request.method == "POST" else None
    forms_ = _forms(meeting, request.POST or None, request.FILES or None, which)
    if which and forms_.get(which) is not None and forms_[which].is_valid():
        data = forms_[which].cleaned_data
        try:
            _act(request, meeting, which, data)
        except clerking.CycleError as exc:
            forms_[which].add_error(None, str(exc))
        else:
            return redirect("clerk-meeting", pk=meeting.pk)
    previous = meeting.body.meetings.filter(start__lt=meeting.start).order_by("-start").first()
    return render(
        request,
        "web/clerk/meeting.html",
        {
            "meeting": meeting,
            "forms": forms_,
            "items": meeting.agenda_items.filter(parent=None).order_by("order").prefetch_related("papers"),
            "arising": clerking.matters_arising(meeting),
            "attendances": meeting.attendances.select_related("person", "substitute_for"),
            "declarations": meeting.declarations.select_related("person", "agenda_item"),
            "minutes": meeting.minutes.order_by("order").prefetch_related("resolutions", "amendments"),
            "packs": meeting.packs.order_by("private", "version"),
            "previous": previous,
        },
    )


def _act(request, meeting: Meeting, which: str, data: dict) -> None:
    if which == "item":
        clerking.add_item(meeting, data["title"], data["presenter"])
        messages.success(request, "Item added to the agenda.")
    elif which == "paper":
        upload = data["file"]
        recommendations = [r.strip() for r in data["recommendations"].splitlines() if r.strip()]
        clerking.attach_paper(
            data["item"],
            upload.read(),
            upload.name,
            title=data["title"],
            kind=data["kind"],
            recommendations=recommendations,
            exempt=data["exempt"],
        )
        messages.success(request, "Paper attached.")
    elif which == "exempt":
        clerking.mark_exempt(data["item"], data["paragraph"], data["reason"])
        messages.success(request, "Item marked exempt: it moves to private business.")
    elif which == "attendance":
        clerking.record_attendance(
            meeting,
            data["person"],
            status=data["status"],
            capacity=data["capacity"],
            substitute_for=data["substitute_for"],
            role=data["role"],
        )
        messages.success(request, "Attendance recorded.")
    elif which == "declaration":
        clerking.record_declaration(
            meeting, data["person"], data["text"], agenda_item=data["item"], kind=data["kind"]
        )
        messages.success(request, "Declaration recorded.")
    elif which == "minute":
        resolutions = [r.strip() for r in data["resolutions"].splitlines() if r.strip()]
        clerking.write_minute(meeting, data["title"], data["text"], resolutions, agenda_item=data["item"])
        if meeting.status == Meeting.Status.SCHEDULED:
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status"])
        messages.success(request, "Minute recorded.")
    elif which == "amend":
        clerking.amend(data["minute"], "title", data["title"], data["reason"], request.user)
        messages.success(request, "Amendment recorded.")


@login_required
@require_POST
def publish(request, pk):
    meeting = _meeting_for(request, pk)
    issued = packs.publish(meeting, request.user)
    messages.success(request, "Published: " + ", ".join(str(p) for p in issued))
    return redirect("clerk-meeting", pk=pk)


@login_required
@require_POST
def approve(request, pk):
    meeting = _meeting_for(request, pk)
    previous = meeting.body.meetings.filter(start__lt=meeting.start).order_by("-start").first()
    if previous is None:
        raise Http404("There is no earlier meeting to approve.")
    try:
        clerking.approve_minutes(previous, at=meeting)
    except clerking.CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The minutes of {previous.start:%-d %B %Y} are approved and locked.")
    return redirect("clerk-meeting", pk=pk)


@login_required
@require_POST
def report_back(request, pk):
    """Close an action: a clerk of the action's own body, at one of that body's meetings."""
    action = get_object_or_404(Action.objects.select_related("body"), pk=pk)
    body = _body_for(request, action.body.slug)
    form = ReportBackForm(request.POST)
    form.fields["meeting"].queryset = body.meetings.all()
    if not form.is_valid():
        messages.error(request, "Choose one of this body's meetings to report the action back at.")
        return redirect("clerk-body", slug=body.slug)
    meeting = form.cleaned_data["meeting"]
    clerking.report_back(action, meeting, form.cleaned_data["note"])
    messages.success(request, "Action reported back and closed.")
    return redirect("clerk-meeting", pk=meeting.pk)


def pack_file(request, pk):
    """A published pack: the public one for anyone; the private one for members and clerks only."""
    pack = get_object_or_404(Pack.objects.select_related("meeting__body", "document"), pk=pk)
    if not visibility.is_public(pack) and not visibility.may_see_private(request.user, pack.meeting.body):
        raise Http404("No such pack.")
    return stored_file(pack.document)

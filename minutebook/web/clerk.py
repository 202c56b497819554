"""The clerk's screens: run a body's cycle from work programme to approved minutes.

Only a body's clerks (and administrators) see these pages; every change goes
through ``governance.clerking`` and is recorded in the audit trail with the
clerk's name. Each view checks the body of the very object it changes, and
takes ids only through forms whose choices are that body's records, so a
clerk of one body cannot reach another's and a bad value is a form error.

The meeting's page is in sections; every form posts to its own section's
anchor, so that after a save the clerk is back where they were. A step the
cycle allows only when confirmed (a second meeting on one day, a work
programme date with no meeting) shows a confirmation page saying why;
publishing and approving show what they will issue or lock first.

Publishing runs on the task queue (PDF assembly of hundreds of pages must not hold a web process): the
clerk confirms, a ``publish_packs`` job is queued, and the meeting's Publish section follows it (queued,
running, done or failed with the error) until the packs appear. With no worker alive the request runs the
job itself (``jobs.queue.submit``), so the same page shows it done.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from minutebook.governance import audit, clerking, people, visibility
from minutebook.governance.models import (
    Action,
    Attendance,
    Body,
    Declaration,
    Meeting,
    Membership,
    Organisation,
    Pack,
    Person,
    WorkProgrammeEntry,
)
from minutebook.jobs import following
from minutebook.jobs.queue import submit
from minutebook.jobs.tasks import publish_packs
from minutebook.publishing import pack as packs

from . import clerk_forms as f
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


def _confirm(request, form, message: str, button: str, back: str):
    """Ask the clerk to confirm a step, posting the same fields again with the form's ``confirm`` set."""
    confirm = form["confirm"].html_name
    fields = [
        (k, v)
        for k, values in request.POST.lists()
        for v in values
        if k not in ("csrfmiddlewaretoken", confirm)
    ]
    return render(
        request,
        "web/clerk/confirm.html",
        {
            "message": message,
            "fields": fields,
            "button": button,
            "back": back,
            "action": request.path,
            "confirm": confirm,
        },
    )


def _start(data) -> datetime.datetime:
    return datetime.datetime.combine(data["date"], data["time"], tzinfo=timezone.get_default_timezone())


def _name_person(name: str, body: Body) -> Person:
    """A person typed by name on the desk, found or created as an import would (the same matching rules)."""
    return people.resolve(name.strip(), body.organisation, body)


# -- the desk and a body's page ----------------------------------------------------------------------------------


@login_required
def desk(request):
    bodies = Body.objects.all() if request.user.is_superuser else request.user.clerked_bodies.all()
    context = {"bodies": bodies, "work": following.work_of(request.user, bodies)}
    if request.htmx:  # the background work section, following itself while anything waits
        return render(request, "web/clerk/work.html", context)
    return render(request, "web/clerk/desk.html", context)


def _move_form(entry: WorkProgrammeEntry, data=None) -> f.MoveForm:
    form = f.MoveForm(data, prefix=f"move-{entry.pk}", initial={"meeting": entry.planned_meeting_id})
    form.fields["meeting"].queryset = _plannable(entry.body)
    return form


def _plannable(body: Body):
    """The body's meetings an item can be planned for: those to come, not called off."""
    return (
        body.meetings.filter(start__gte=timezone.now())
        .exclude(status__in=clerking.CALLED_OFF)
        .order_by("start")
    )


@login_required
def body_desk(request, slug):
    body = _body_for(request, slug)
    plan_form, meeting_form = f.PlanForm(prefix="plan"), f.MeetingForm(prefix="meeting")
    if request.method == "POST" and "plan-title" in request.POST:
        plan_form = f.PlanForm(request.POST, prefix="plan")
        if plan_form.is_valid():
            clerking.plan(body, **plan_form.cleaned_data)
            messages.success(request, "Added to the work programme.")
            return redirect(reverse("clerk-body", args=[slug]) + "#work-programme")
    if request.method == "POST" and "meeting-date" in request.POST:
        meeting_form = f.MeetingForm(request.POST, prefix="meeting")
        if meeting_form.is_valid():
            data = meeting_form.cleaned_data
            try:
                meeting = clerking.create_meeting(
                    body,
                    _start(data),
                    data["venue"],
                    confirmed=data["confirm"],
                    contact_officer=data["contact_officer"],
                )
            except clerking.NeedsConfirmation as exc:
                return _confirm(
                    request, meeting_form, str(exc), "Create a second meeting that day", request.path
                )
            messages.success(request, "Meeting created with its standing items and planned items.")
            return redirect("clerk-meeting", pk=meeting.pk)
    entries = list(
        WorkProgrammeEntry.objects.filter(body=body)
        .select_related("planned_meeting")
        .order_by("planned_date", "pk")
    )
    actions = (
        Action.objects.with_due()
        .filter(body=body, status=Action.Status.OPEN)
        .select_related("resolution__minute__meeting", "owner_person", "owner_organisation")
        .order_by("due_on", "pk")
    )
    return render(
        request,
        "web/clerk/body.html",
        {
            "body": body,
            "plan_form": plan_form,
            "meeting_form": meeting_form,
            "entries": [(e, _move_form(e)) for e in entries],
            "meetings": body.meetings.with_stage().order_by("-start")[:20],
            "actions": actions,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def move_entry(request, pk):
    entry = get_object_or_404(WorkProgrammeEntry.objects.select_related("body"), pk=pk)
    _body_for(request, entry.body.slug)
    form = _move_form(entry, request.POST)
    back = reverse("clerk-body", args=[entry.body.slug]) + f"#work-{entry.pk}"
    if not form.is_valid():
        messages.error(request, "Choose one of the body's meetings, or a date.")
        return redirect(back)
    data = form.cleaned_data
    try:
        # A date typed in wins over the meeting the list still shows (the item's present one).
        meeting = None if data["date"] else data["meeting"]
        clerking.move(entry, meeting=meeting, date=data["date"], confirmed=data["confirm"])
    except clerking.NeedsConfirmation as exc:
        return _confirm(request, form, str(exc), "Plan it for that date", back)
    except clerking.CycleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Moved “{entry.title}”.")
    return redirect(back)


@login_required
def members(request, slug):
    body = _body_for(request, slug)
    add = f.MembershipForm(prefix="add")
    add.fields["person"].queryset = Person.objects.order_by("name")
    if request.method == "POST":
        editing = "record" in request.POST
        form = f.MembershipEditForm(request.POST) if editing else f.MembershipForm(request.POST, prefix="add")
        form.fields["person"].queryset = Person.objects.order_by("name")
        if editing:
            form.fields["record"].queryset = body.memberships.all()
        if form.is_valid():
            data = form.cleaned_data
            details = {k: data[k] for k in ("role", "start_date", "end_date")}
            details["organisation"] = data["organisation"]
            if data["new_organisation"].strip():
                details["organisation"] = Organisation.objects.get_or_create(
                    name=data["new_organisation"].strip()
                )[0]
            try:
                if editing:
                    clerking.change_membership(data["record"], **details)
                else:
                    person = data["person"] or _name_person(data["name"], body)
                    clerking.appoint(body, person, **details)
            except clerking.CycleError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Membership saved.")
                return redirect(reverse("clerk-members", args=[slug]) + "#members")
        elif editing:
            messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        else:
            add = form
    return render(
        request,
        "web/clerk/members.html",
        {
            "body": body,
            "add": add,
            "memberships": body.memberships.select_related("person", "organisation").order_by(
                "end_date", "person__name"
            ),
            "roles": Membership.Role.choices,
            "organisations": Organisation.objects.order_by("name"),
        },
    )


# -- a meeting ---------------------------------------------------------------------------------------------------

# form name -> (form class, section of the page it belongs to)
FORMS = {
    "details": (f.MeetingForm, "details"),
    "call-off": (f.CallOffForm, "details"),
    "item": (f.ItemForm, "agenda"),
    "item-edit": (f.ItemEditForm, "agenda"),
    "item-move": (f.ItemMoveForm, "agenda"),
    "item-withdraw": (f.ItemWithdrawForm, "agenda"),
    "paper": (f.PaperForm, "agenda"),
    "paper-replace": (f.PaperReplaceForm, "agenda"),
    "paper-remove": (f.RecordForm, "agenda"),
    "exempt": (f.ExemptForm, "agenda"),
    "attendance-remove": (f.RecordForm, "attendance"),
    "declaration": (f.DeclarationForm, "declarations"),
    "declaration-edit": (f.DeclarationEditForm, "declarations"),
    "declaration-remove": (f.RecordForm, "declarations"),
    "minute": (f.MinuteForm, "minutes"),
    "minute-edit": (f.MinuteEditForm, "minutes"),
    "minute-remove": (f.RecordForm, "minutes"),
    "amend": (f.AmendForm, "minutes"),
}
# The forms shown empty on the page, with their prefixes (the per-record forms are written in the template).
ADDING = ["details", "call-off", "item", "paper", "exempt", "declaration", "minute", "amend"]


def _records(meeting: Meeting, which: str):
    kind = which.split("-")[0]
    return {
        "item": meeting.agenda_items.filter(parent=None),
        "paper": meeting.papers.all(),
        "attendance": meeting.attendances.all(),
        "declaration": meeting.declarations.all(),
        "minute": meeting.minutes.all(),
    }[kind]


def _people(body: Body):
    return Person.objects.filter(Q(memberships__body=body) | Q(attendances__meeting__body=body)).distinct()


def _form(meeting: Meeting, which: str, data=None, files=None):
    cls, _ = FORMS[which]
    prefix = which if which in ADDING else None
    initial = {}
    if which == "details":
        local = timezone.localtime(meeting.start)
        initial = {
            "date": local.date(),
            "time": local.time(),
            "venue": meeting.venue,
            "contact_officer": meeting.contact_officer,
        }
    form = cls(data, files, prefix=prefix, initial=initial)
    items = meeting.agenda_items.filter(parent=None).order_by("order")
    for name, queryset in (
        ("item", items),
        ("person", _people(meeting.body).order_by("name")),
        ("minute", meeting.minutes.all()),
    ):
        if name in form.fields:
            form.fields[name].queryset = queryset
    if "record" in form.fields:
        form.fields["record"].queryset = _records(meeting, which)
    return form


@login_required
def meeting_desk(request, pk):
    meeting = _meeting_for(request, pk)
    which = request.POST.get("form") if request.method == "POST" else None
    if which and which not in FORMS:
        raise Http404("No such form.")
    forms_ = {name.replace("-", "_"): _form(meeting, name) for name in ADDING}
    if which:
        form = _form(meeting, which, request.POST, request.FILES)
        section = FORMS[which][1]
        if form.is_valid():
            try:
                done = _act(request, meeting, which, form.cleaned_data)
            except clerking.NeedsConfirmation as exc:
                return _confirm(request, form, str(exc), "Confirm", request.path)
            except clerking.CycleError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, done)
                return redirect(reverse("clerk-meeting", args=[meeting.pk]) + f"#{section}")
        if which in ADDING:
            forms_[which.replace("-", "_")] = form
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect(reverse("clerk-meeting", args=[meeting.pk]) + f"#{section}")
    meeting.refresh_from_db()
    previous = _previous(meeting)
    return render(
        request,
        "web/clerk/meeting.html",
        {
            "meeting": meeting,
            "forms": forms_,
            "items": meeting.agenda_items.filter(parent=None).order_by("order").prefetch_related("papers"),
            "arising": clerking.matters_arising(meeting),
            "attendances": meeting.attendances.select_related("person", "substitute_for").order_by(
                "capacity", "person__name"
            ),
            "declarations": meeting.declarations.select_related("person", "agenda_item"),
            "minutes": meeting.minutes.order_by("order").prefetch_related("resolutions", "amendments"),
            **_publishing(meeting),
            "previous": previous,
            "approval_refused": previous and clerking.approval_refused(previous, meeting),
            "kinds": Declaration.Kind.choices,
            "history": [(e, audit.changed_fields(e)) for e in audit.of_meeting(meeting)[:40]],
            "open": meeting.status == Meeting.Status.SCHEDULED,
        },
    )


def _previous(meeting: Meeting) -> Meeting | None:
    """The meeting whose minutes this one approves: the body's last before it that was not called off."""
    return (
        meeting.body.meetings.filter(start__lt=meeting.start)
        .exclude(status__in=clerking.CALLED_OFF)
        .order_by("-start")
        .first()
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _act(request, meeting: Meeting, which: str, data: dict) -> str:
    """Make the change a form asks for; returns what to tell the clerk."""
    record = data.get("record")
    if which == "details":
        clerking.edit_meeting(
            meeting,
            start=_start(data),
            venue=data["venue"],
            contact_officer=data["contact_officer"],
            confirmed=data["confirm"],
        )
        return "Meeting details saved."
    if which == "call-off":
        back = clerking.call_off(meeting, data["status"], data["reason"])
        return f"Meeting {meeting.get_status_display().lower()}; {back} planned item(s) back in the work programme."
    if which == "item":
        clerking.add_item(meeting, data["title"], data["presenter"])
        return "Item added to the agenda."
    if which == "item-edit":
        clerking.edit_item(record, title=data["title"], presenter=data["presenter"])
        return f"Item {record.number} corrected."
    if which == "item-move":
        clerking.reorder_item(record, data["step"])
        return "Agenda reordered."
    if which == "item-withdraw":
        clerking.withdraw_item(record, data["withdrawn"])
        return f"Item {record.number} {'withdrawn' if data['withdrawn'] else 'restored'}."
    if which == "paper":
        upload = data["file"]
        clerking.attach_paper(
            data["item"],
            upload.read(),
            upload.name,
            title=data["title"],
            kind=data["kind"],
            recommendations=_lines(data["recommendations"]),
            exempt=data["exempt"],
        )
        return "Paper attached."
    if which == "paper-replace":
        clerking.replace_paper(record, data["file"].read(), data["file"].name)
        return f"“{record.title}” replaced."
    if which == "paper-remove":
        clerking.remove_paper(record)
        return f"“{record.title}” removed."
    if which == "exempt":
        clerking.mark_exempt(data["item"], data["paragraph"], data["reason"])
        return "Item marked exempt: it moves to private business."
    if which == "attendance-remove":
        clerking.remove_attendance(record)
        return f"{record.person} removed from the register."
    if which == "declaration":
        clerking.record_declaration(
            meeting, data["person"], data["text"], agenda_item=data["item"], kind=data["kind"]
        )
        return "Declaration recorded."
    if which == "declaration-edit":
        clerking.correct_declaration(record, text=data["text"], kind=data["kind"], agenda_item=data["item"])
        return "Declaration corrected."
    if which == "declaration-remove":
        clerking.remove_declaration(record)
        return "Declaration removed."
    if which == "minute":
        clerking.write_minute(
            meeting, data["title"], data["text"], _lines(data["resolutions"]), agenda_item=data["item"]
        )
        return "Minute recorded."
    if which == "minute-edit":
        clerking.correct_minute(
            record, title=data["title"], text=data["text"], resolutions=_lines(data["resolutions"])
        )
        return f"Minute {record.number} corrected."
    if which == "minute-remove":
        clerking.remove_minute(record)
        return f"Minute {record.number} removed."
    if which == "amend":
        clerking.amend(data["minute"], "title", data["title"], data["reason"], request.user)
        return "Amendment recorded."
    raise Http404("No such form.")


# -- the attendance register -------------------------------------------------------------------------------------


def _register(meeting: Meeting, data=None) -> dict:
    """The register's lines: the body's members on the day, then officers and others, from the database or as
    the clerk just posted them."""
    body, day = meeting.body, timezone.localdate(meeting.start)
    lines = {a.person_id: a for a in meeting.attendances.select_related("person", "substitute_for")}
    roster = clerking.members(body, day)
    roster += [
        a.person
        for a in lines.values()
        if a.capacity == Attendance.Capacity.MEMBER and a.person not in roster
    ]
    substituted = {a.substitute_for_id: a.person for a in lines.values() if a.substitute_for_id}
    candidates = (
        Person.objects.filter(
            Q(memberships__body=body, memberships__role="substitute")
            | Q(attendances__meeting__body=body, attendances__capacity="substitute")
        )
        .exclude(pk__in=[p.pk for p in roster])
        .distinct()
        .order_by("name")
    )
    rows = []
    for person in roster:
        line = lines.get(person.pk)
        sub = substituted.get(person.pk)
        rows.append(
            {
                "person": person,
                "status": data.get(f"status-{person.pk}", "") if data else (line.status if line else ""),
                "sub": data.get(f"sub-{person.pk}", "") if data else (str(sub.pk) if sub else ""),
                "subname": data.get(f"subname-{person.pk}", "") if data else "",
            }
        )
    others = [
        a for a in lines.values() if a.capacity in (Attendance.Capacity.OFFICER, Attendance.Capacity.OTHER)
    ]
    return {"rows": rows, "candidates": candidates, "others": others, "new_rows": range(1, 4)}


def _register_lines(meeting: Meeting, register: dict, data) -> list[clerking.RegisterLine]:
    body = meeting.body
    candidates = {str(p.pk): p for p in register["candidates"]}
    valid = {"", *Attendance.Status.values}
    existing = {a.person_id: a for a in meeting.attendances.all()}
    lines = []
    for row in register["rows"]:
        person = row["person"]
        if row["status"] not in valid:
            raise clerking.CycleError(f"Choose present, apologies, absent or not recorded for {person}.")
        substitute = None
        if row["subname"].strip():
            substitute = _name_person(row["subname"], body)
        elif row["sub"]:
            if row["sub"] not in candidates:
                raise clerking.CycleError(f"Choose {person}'s substitute from the list, or type a new name.")
            substitute = candidates[row["sub"]]
        role = existing[person.pk].role if person.pk in existing else ""
        lines.append(
            clerking.RegisterLine(person, row["status"], Attendance.Capacity.MEMBER, substitute, role)
        )
    for other in register["others"]:
        kept = data.get(f"other-{other.pk}") == "present"
        lines.append(
            clerking.RegisterLine(
                other.person,
                "present" if kept else "",
                other.capacity,
                None,
                data.get(f"otherrole-{other.pk}", ""),
            )
        )
    for n in register["new_rows"]:
        name = data.get(f"new-name-{n}", "").strip()
        if name:
            capacity = data.get(f"new-capacity-{n}")
            if capacity not in (Attendance.Capacity.OFFICER, Attendance.Capacity.OTHER):
                capacity = Attendance.Capacity.OFFICER
            lines.append(
                clerking.RegisterLine(
                    _name_person(name, body), "present", capacity, None, data.get(f"new-role-{n}", "")[:200]
                )
            )
    return lines


@login_required
def register(request, pk):
    """One screen for the whole register, saved at once."""
    meeting = _meeting_for(request, pk)
    data = request.POST if request.method == "POST" else None
    lines = _register(meeting, data)
    error = None
    if data is not None:
        try:
            clerking.save_register(meeting, _register_lines(meeting, lines, data))
        except clerking.CycleError as exc:
            error = str(exc)
        else:
            messages.success(request, "Attendance saved.")
            return redirect(reverse("clerk-meeting", args=[meeting.pk]) + "#attendance")
    return render(
        request,
        "web/clerk/register.html",
        {"meeting": meeting, "error": error, "choices": f.ATTENDANCE_CHOICES, **lines},
    )


# -- publishing, approval, actions -------------------------------------------------------------------------------


def _publishing(meeting: Meeting) -> dict:
    """The Publish section: the packs issued, and the jobs publishing more."""
    jobs = following.publishing_of(meeting)
    return {
        "packs": meeting.packs.order_by("private", "version"),
        "publishing": jobs,
        "publishing_waits": any(j.waiting for j in jobs),
    }


@login_required
def publishing(request, pk):
    """The meeting's Publish section alone, which the page asks for again while a pack is being published."""
    meeting = _meeting_for(request, pk)
    return render(request, "web/clerk/publishing.html", {"meeting": meeting, **_publishing(meeting)})


@login_required
def publish(request, pk):
    """A preview of the pack (front sheet, page ranges, what changed); publishing, on the queue, on confirmation."""
    meeting = _meeting_for(request, pk)
    if request.method == "POST" and request.POST.get("confirm"):
        if any(j.waiting for j in following.publishing_of(meeting)):
            messages.info(request, "This meeting's packs are already being published.")
        else:
            job_id = submit(publish_packs, meeting.pk, request.user.pk)
            job = following.state(job_id)
            if job.status == "done":  # no worker was alive: this request published them
                issued = meeting.packs.filter(pk__in=job.result)
                messages.success(request, "Published: " + ", ".join(str(p) for p in issued))
            elif job.status == "failed":
                messages.error(request, f"Publishing failed: {job.error}")
            else:
                messages.success(request, "Publishing: the packs appear here when they are ready.")
        return redirect(reverse("clerk-meeting", args=[pk]) + "#publish")
    previews = packs.preview(meeting)
    items = {i.pk: i for i in meeting.agenda_items.filter(parent=None)}
    for planned in previews:
        if planned.pack:
            planned.ranges = [(items[k], v) for k, v in planned.pack.item_pages.items() if k in items]
            planned.front_sheet = render_to_string(
                "publishing/front_sheet_body.html", planned.pack.front_sheet
            )
    return render(
        request,
        "web/clerk/publish.html",
        {"meeting": meeting, "previews": previews, "anything_new": any(p.pack for p in previews)},
    )


@login_required
def approve(request, pk):
    """Approval of the previous meeting's minutes at this one: what will be locked, then a confirmation."""
    meeting = _meeting_for(request, pk)
    previous = _previous(meeting)
    if previous is None:
        raise Http404("There is no earlier meeting to approve.")
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            clerking.approve_minutes(previous, at=meeting)
        except clerking.CycleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"The minutes of {previous.start:%-d %B %Y} are approved and locked.")
        return redirect(reverse("clerk-meeting", args=[pk]) + "#approval")
    return render(
        request,
        "web/clerk/approve.html",
        {
            "meeting": meeting,
            "previous": previous,
            "refused": clerking.approval_refused(previous, meeting),
            "locks": clerking.approval_locks(previous),
        },
    )


def _action_for(request, pk) -> tuple[Action, Body]:
    action = get_object_or_404(Action.objects.select_related("body"), pk=pk)
    return action, _body_for(request, action.body.slug)


@login_required
@require_POST
def report_back(request, pk):
    """Close an action: a clerk of the action's own body, at one of that body's meetings, saying what was reported."""
    action, body = _action_for(request, pk)
    form = f.ReportBackForm(request.POST)
    form.fields["meeting"].queryset = body.meetings.all()
    meeting = None
    if not form.is_valid():
        messages.error(request, "Say what was reported, at one of this body's meetings.")
    else:
        meeting = form.cleaned_data["meeting"]
        try:
            clerking.report_back(action, meeting, form.cleaned_data["note"])
        except clerking.CycleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Action reported back and closed.")
    if meeting is not None and request.POST.get("back") != "body":
        return redirect(reverse("clerk-meeting", args=[meeting.pk]) + "#arising")
    return redirect(reverse("clerk-body", args=[body.slug]) + "#actions")


@login_required
@require_POST
def set_due(request, pk):
    action, body = _action_for(request, pk)
    form = f.DueForm(request.POST)
    if form.is_valid():
        clerking.set_due(
            action, date=form.cleaned_data["date"], next_meeting=form.cleaned_data["next_meeting"]
        )
        messages.success(request, "Due date saved.")
    return redirect(reverse("clerk-body", args=[body.slug]) + f"#action-{action.pk}")


def pack_file(request, pk):
    """A published pack: the public one for anyone; the private one for members and clerks only."""
    pack = get_object_or_404(Pack.objects.select_related("meeting__body", "document"), pk=pk)
    if not visibility.is_public(pack) and not visibility.may_see_private(request.user, pack.meeting.body):
        raise Http404("No such pack.")
    return stored_file(pack.document)

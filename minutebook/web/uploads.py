"""Uploading packs from the clerk's desk: files go to the task queue, the page follows their import.

A clerk sends PDF, Word, web page or text files; each is staged in the file store (shared by every
worker) and imported by a ``minutebook worker`` as its own job, so a 400-page pack never holds up a
web process (with no worker alive, the request imports them itself: ``jobs.queue.submit``). The batch's page shows each file's progress, refreshing itself until all are done, then
the summary (meetings, agenda items, minutes, resolutions) and the "same person?" questions the
import raised, which the clerk settles there.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from minutebook.extract.council import UNKNOWN
from minutebook.governance import people
from minutebook.governance.management.batch import SUFFIXES
from minutebook.governance.models import Organisation, PersonMatch
from minutebook.jobs.models import ImportBatch, ImportFile
from minutebook.jobs.tasks import queue_import

# What the summary counts, from the records each import created.
SUMMARY = [
    ("Meeting", "meetings"),
    ("AgendaItem", "agenda items"),
    ("Minute", "minutes"),
    ("Resolution", "resolutions"),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        return [super(MultipleFileField, self).clean(d, initial) for d in (data or [None])]


class UploadForm(forms.Form):
    files = MultipleFileField(
        widget=MultipleFileInput(attrs={"multiple": True, "accept": ",".join(sorted(SUFFIXES))}),
        label="Files to import",
        help_text="PDF, Word (.docx), saved web pages (.html) or text (.txt, .md): agendas, packs, minutes.",
    )
    council = forms.CharField(
        required=False,
        max_length=200,
        label="Council (optional)",
        help_text="Whose papers these are, for pages that print no council's name. Left blank, each file is "
        "the paper of the council it names.",
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.MINUTEBOOK_MAX_IMPORT_BYTES
        for f in files:
            if Path(f.name).suffix.lower() not in SUFFIXES:
                raise forms.ValidationError(f"{f.name}: not a PDF, Word, web page or text file")
            if f.size > limit:
                raise forms.ValidationError(
                    f"{f.name}: is {f.size:,} bytes, over the import limit of {limit:,}"
                )
        return files


def _clerk(request) -> None:
    if not (request.user.is_superuser or request.user.clerked_bodies.exists()):
        raise PermissionDenied("Only clerks import packs.")


def _stage(upload) -> Path:
    """Keep an uploaded file where every worker can read it, under a name nobody else will use."""
    folder = Path(settings.MINUTEBOOK_FILES) / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / (re.sub(r"[^A-Za-z0-9._ -]+", "_", Path(upload.name).name)[:200] or "upload")
    with open(path, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@login_required
def uploads(request):
    _clerk(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        batch = queue_import(
            [(_stage(f), Path(f.name).name, True) for f in files],
            user=request.user,
            waited_on=True,
            council=form.cleaned_data["council"],
        )
        messages.success(request, f"{len(files)} file{'s' if len(files) != 1 else ''} queued for import.")
        return redirect("clerk-upload", pk=batch.pk)
    batches = ImportBatch.objects.prefetch_related("files")[:20]
    councils = (
        Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
        .exclude(name=UNKNOWN)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return render(
        request, "web/clerk/uploads/uploads.html", {"form": form, "batches": batches, "councils": councils}
    )


@login_required
def upload(request, pk):
    _clerk(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    files = list(batch.files.all())
    waiting = [f for f in files if f.status in ImportFile.WAITING]
    totals = {label: sum(f.counts.get(model, 0) for f in files) for model, label in SUMMARY}
    questions = (
        PersonMatch.objects.filter(status=PersonMatch.Status.PENDING, created_at__gte=batch.created_at)
        .select_related("person", "candidate")
        .order_by("printed")
    )
    context = {
        "batch": batch,
        "files": files,
        "done": len(files) - len(waiting),
        "waiting": waiting,
        "totals": totals,
        "conflicts": batch.files.aggregate(n=Sum("conflicts"))["n"] or 0,
        "questions": questions,
        "people_to_review": len({q.person_id for q in questions}),
    }
    template = "web/clerk/uploads/progress.html" if request.htmx else "web/clerk/uploads/upload.html"
    return render(request, template, context)


@login_required
@require_POST
def settle(request, pk, match_pk):
    """A clerk's answer to one "same person?" question: merge the two, or keep them apart."""
    _clerk(request)
    match = get_object_or_404(PersonMatch, pk=match_pk, status=PersonMatch.Status.PENDING)
    if request.POST.get("answer") == "same":
        kept = people.confirm(match)
        messages.success(request, f"Merged: {match.printed} is {kept}.")
    else:
        people.reject(match)
        messages.success(request, f"Kept apart: {match.printed} is not {match.candidate}.")
    return redirect("clerk-upload", pk=pk)

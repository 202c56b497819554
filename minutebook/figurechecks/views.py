"""The figures pages: a body's flags and indicator series, the charts, and a clerk explaining a flag.

Every view asks ``showing.may_see`` of the document the figures came from, so the figures of a document that
is not public reach its members and clerks only, by any URL: pages and charts alike.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from minutebook.governance import visibility
from minutebook.governance.models import Body

from . import charts, showing
from .models import FigureFlag, FigureTable

# An SVG opened on its own is a document: it may run nothing and load nothing, and it needs no inline style.
CHART_POLICY = "default-src 'none'; sandbox"


class ExplainForm(forms.Form):
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Shown beside the flag to everyone, and kept in the audit trail.",
    )


def body_figures(request, slug):
    board = get_object_or_404(Body.objects.select_related("organisation"), slug=slug)
    flags, series = showing.body_figures(board, request.user)
    return render(
        request,
        "figurechecks/body.html",
        {
            "body": board,
            "flags": flags,
            "series": series,
            "can_explain": visibility.is_clerk(request.user, board),
            "form": ExplainForm(),
        },
    )


def _svg(chart: charts.Chart) -> HttpResponse:
    response = HttpResponse(charts.draw(chart), content_type="image/svg+xml")
    response["Content-Security-Policy"] = CHART_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


def table_chart(request, pk):
    table = get_object_or_404(FigureTable.objects.select_related("document"), pk=pk)
    if not showing.may_see(request.user, [table.document_id], showing.bodies_of(table.document)):
        raise Http404("No such chart.")
    chart = charts.chart_of(table.title, table.unit, table.headers, table.rows)
    if chart is None:
        raise Http404("This table is not drawn as a chart.")
    return _svg(chart)


def series_chart(request, slug, key):
    board = get_object_or_404(Body, slug=slug)
    _, series = showing.body_figures(board, request.user)
    found = next((s for s in series if s.key == key), None)
    if found is None:
        raise Http404("No such series.")
    return _svg(found.chart)


@login_required
@require_POST
def explain(request, pk):
    """A clerk of one of the document's bodies says why a flagged figure is as printed (or was corrected)."""
    flag = get_object_or_404(FigureFlag.objects.select_related("document"), pk=pk)
    if not any(visibility.is_clerk(request.user, body) for body in showing.bodies_of(flag.document)):
        raise PermissionDenied("You are not a clerk of a body this document belongs to.")
    form = ExplainForm(request.POST)
    if form.is_valid():
        flag.explanation = form.cleaned_data["explanation"]
        flag.explained_by = request.user
        flag.explained_at = timezone.now()
        flag.save(update_fields=["explanation", "explained_by", "explained_at"])
        messages.success(request, "The flag is marked explained; the explanation is shown beside it.")
    else:
        messages.error(request, "Say why the figure is as printed: the explanation cannot be empty.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = flag.lines_url
    return redirect(f"{target.split('#')[0]}#flag-{flag.pk}")

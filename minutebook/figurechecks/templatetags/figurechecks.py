"""``{% figures_of_meeting meeting %}`` and ``{% figures_of_document document %}``: the Figures section of a
meeting page and of a document page, each asking the one rule for whose eyes the figures are."""

from __future__ import annotations

from django import template

from minutebook.governance import visibility

from .. import showing
from ..views import ExplainForm

register = template.Library()


def _section(context, document_ids, bodies) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)  # a page rendered outside a request is shown as to the public
    visible = showing.may_see(user, document_ids, bodies)
    return {
        "documents": showing.figures_of(visible),
        "can_explain": any(visibility.is_clerk(user, body) for body in bodies),
        "form": ExplainForm(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("figurechecks/section.html", takes_context=True)
def figures_of_meeting(context, meeting):
    documents = showing.meetings_by_document([meeting.pk])
    return _section(context, documents, [meeting.body])


@register.inclusion_tag("figurechecks/section.html", takes_context=True)
def figures_of_document(context, document):
    return _section(context, [document.pk], showing.bodies_of(document))


@register.filter
def figure(value) -> str:
    """A computed or printed figure as a reader would write it: 67.1, 840, "503, 840"."""
    if isinstance(value, list):
        return ", ".join(figure(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


@register.filter
def arrows(text: str) -> str:
    return text.replace("->", "→")

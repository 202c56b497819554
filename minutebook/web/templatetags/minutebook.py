from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def source_link(record):
    """A link to the exact lines (and page) of the original a record was read from; nothing for typed records."""
    if not getattr(record, "source_id", None):
        return ""
    url = reverse("source", args=[record.source_id])
    if record.first_line:
        url += f"?lines={record.first_line}-{record.last_line or record.first_line}#L{record.first_line}"
    where = f"page {record.first_page}" if record.first_page else "source"
    return format_html(
        '<a href="{}" class="source-link">{}<span class="visually-hidden"> of the original</span></a>',
        url,
        f"View {where}",
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (for filters and pages). Made from a plain dict of the
    parameters, not a copy of the QueryDict (a deep copy each time: a search page asks for a hundred links)."""
    params = dict(context["request"].GET.lists())
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = [str(value)]
    return "?" + urlencode(params, doseq=True) if params else "?"

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def exempt_only(items):
    return [item for item in items if item.exempt]

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (keeps filters across pages)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def due_state(item, today) -> str:
    if item.due_on < today:
        return "overdue"
    if item.due_soon_on <= today:
        return "due-soon"
    return "on-track"

from django import template

from renshe.core.recorded import in_reader_language

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


@register.filter
def change_label(event, field: str) -> str:
    """The subject model's own label for a field named in Event.changes (credit_code → 统一社会信用代码)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import FieldDoesNotExist

    model = ContentType.objects.get_for_id(event.subject_type_id).model_class()
    try:
        return str(model._meta.get_field(field.removesuffix("_id")).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return field


@register.filter
def change_value(value) -> str:
    """[old, new] pairs read as "old → new"; anything else as it is."""
    if isinstance(value, list) and len(value) == 2:
        old, new = ("—" if v in (None, "") else v for v in value)
        return f"{old} → {new}"
    return "—" if value in (None, "") else str(value)


@register.filter
def in_language(text: str) -> str:
    """Recorded text (a timeline entry, a task) in the reader's language (core.recorded)."""
    return in_reader_language(text)

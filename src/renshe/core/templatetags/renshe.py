from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from renshe.core.eventkinds import field_label
from renshe.core.money import wan, yuan
from renshe.core.recorded import in_reader_language

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (keeps filters across pages)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag(takes_context=True)
def query_inputs(context, *leave_out: str) -> str:
    """The current query string as hidden inputs, but for `leave_out` (a small GET form inside a list:
    page size, jump to page, keeps the filters)."""
    params = context["request"].GET
    pairs = [(k, v) for k in params if k not in leave_out for v in params.getlist(k)]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.simple_tag(takes_context=True)
def organisation_tree(context, nodes) -> SafeString:
    """The tree pane's nested list (core.tables.Node), drawn here rather than by a template included once
    per organisation: a district holds a hundred of them, and the pane is on every list."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    params.pop("org", None)
    rest = params.urlencode()  # once for the pane, each link adding its own org=
    kept = f"{rest}&" if rest else ""

    def link(node) -> str:
        org = node.organisation
        return format_html(
            '<a href="?{}" data-org="{}"{}>{}</a>',
            mark_safe(f"{kept}org={org.pk}"),  # noqa: S308 - urlencoded above, then a number
            org.pk,
            mark_safe(' class="org-current" aria-current="true"') if node.selected else "",
            org.short_name or org.name,
        )

    def items(level) -> str:
        out = []
        for node in level:
            if node.children:
                out.append(
                    format_html(
                        "<li><details{}><summary>{}</summary><ul>{}</ul></details></li>",
                        " open" if node.open or node.selected else "",
                        link(node),
                        mark_safe(items(node.children)),  # noqa: S308 - built by format_html here
                    )
                )
            else:
                out.append(format_html("<li>{}</li>", link(node)))
        return "".join(out)

    return mark_safe(items(nodes))  # noqa: S308 - every piece escaped by format_html


@register.simple_tag
def organisation_options(organisations, chosen, short: bool = False) -> SafeString:
    """A select's <option>s for the organisations, `chosen` selected, by short name if `short` and the
    organisation has one: drawn here rather than by a loop of lookups per option, as a statistics page lists
    every organisation in the user's scope."""
    chosen_pk = chosen.pk if chosen is not None else None
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (o.pk, " selected" if o.pk == chosen_pk else "", (short and o.short_name) or o.name)
            for o in organisations
        ),
    )


@register.filter(name="yuan")
def yuan_filter(amount) -> str:
    """The one way an amount in yuan is shown (core.money.yuan): 12,345.50; — for none."""
    return "—" if amount in (None, "") else yuan(amount)


@register.filter(name="wan")
def wan_filter(amount) -> str:
    """An amount in 万元 (core.money.wan): 1,234.57."""
    return "—" if amount in (None, "") else wan(amount)


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
    return field_label(event.subject_type_id, field)


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

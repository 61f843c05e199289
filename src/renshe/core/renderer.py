"""The form renderer (settings.FORM_RENDERER): Django's own, except that the plain widgets (the inputs, a
textarea, a select and its options) are drawn in Python, in exactly the markup of Django's templates for
them (django/forms/widgets/input.html, textarea.html, select.html, select_option.html, attrs.html).

A case page offers each of its actions as a form, some with rows of items: thirty-odd widgets, each a
template rendered with an include per widget and per option, cost a case page more than its SQL (issue 12:
a page within 2× its own SQL). tests/core/test_renderer.py checks the markup against the templates'.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]

WIDGETS = "django/forms/widgets/"
INPUTS = frozenset(
    WIDGETS + name + ".html"
    for name in (
        "input",
        "text",
        "hidden",
        "number",
        "date",
        "datetime",
        "time",
        "email",
        "url",
        "password",
        "search",
        "tel",
        "checkbox",
    )
)
TEXTAREA = WIDGETS + "textarea.html"
SELECT = WIDGETS + "select.html"
OPTION = WIDGETS + "select_option.html"


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the value as %s, escaped unless it is safe already."""
    return str(value) if isinstance(value, SafeData) else escape(value)


def _shown(value: Any) -> str:
    """`{{ value }}`: localised as the template language would, then escaped."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: dict) -> str:
    """attrs.html: each attribute not False, a True one by its name alone."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{_shown(option["label"])}</option>'


class Renderer(DjangoTemplates):
    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        widget = context.get("widget")
        if widget is None or template_name not in INPUTS and template_name not in (TEXTAREA, SELECT):
            return super().render(template_name, context, request)
        if template_name == TEXTAREA:
            return mark_safe(_textarea(widget).strip())  # noqa: S308 - every value escaped above
        if template_name == SELECT:
            drawn = self._select(widget, context, request)
            return drawn if drawn is not None else super().render(template_name, context, request)
        if "type" not in widget:
            return super().render(template_name, context, request)
        return mark_safe(_input(widget).strip())  # noqa: S308 - every value escaped above

    def _select(self, widget: dict, context: dict, request: Any) -> SafeString | None:
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in group_choices:
                if option["template_name"] != OPTION:
                    return None  # an option drawn by another template: the whole select by the templates
                parts.append("\n  " + _option(option) + "\n")  # the included template's last newline
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts).strip())  # noqa: S308 - every value escaped above

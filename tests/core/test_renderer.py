"""The form renderer draws the plain widgets in Python (core/renderer.py): its markup must be Django's
templates' to the byte, for every kind of widget and value (a whole case page: tests/disputes/test_case_page_forms.py)."""

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from renshe.core.forms import MonthField, date_input
from renshe.core.renderer import Renderer


class Everything(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=20, help_text="x")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "data-x": '"<&>'}))
    empty_note = forms.CharField(required=False, widget=forms.Textarea)
    amount = forms.DecimalField(max_digits=12, decimal_places=2)
    count = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"step": 1, "autofocus": True}))
    day = forms.DateField(widget=date_input())
    month = MonthField()
    at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    email = forms.EmailField(required=False)
    flag = forms.BooleanField(required=False)
    off = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": False}))
    kind = forms.ChoiceField(choices=[("", "——"), ("a", "甲 <b>"), (1, 2), ("safe", mark_safe("<i>安</i>"))])
    grouped = forms.ChoiceField(
        choices=[("", "——"), (_("组一"), [("x", "X"), ("y", "Y & Z")]), ("z", _("其他"))], required=False
    )
    many = forms.MultipleChoiceField(choices=[("1", "一"), ("2", "二"), ("3", "三")], required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    hidden_none = forms.CharField(widget=forms.HiddenInput, required=False)
    multiple_hidden = forms.MultipleChoiceField(
        choices=[("1", "1"), ("2", "2")], widget=forms.MultipleHiddenInput, required=False
    )
    radio = forms.ChoiceField(choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect, required=False)


BOUND = {
    "name": 'O\'Brien "<script>" & 张三',
    "note": "第一行\n<第二行>",
    "amount": "12345.6",
    "count": "7",
    "day": "2026-04-01",
    "month": "2026-04",
    "at": "2026-04-01T09:30",
    "secret": "p&ss",
    "email": "not an email",
    "flag": "on",
    "kind": "safe",
    "grouped": "y",
    "many": ["1", "3"],
    "version": "3",
    "multiple_hidden": ["1", "2"],
    "radio": "s",
}
INITIAL = {
    "name": mark_safe("<b>安全</b>"),
    "amount": Decimal("1234567.80"),
    "count": 0,
    "day": date(2026, 4, 1),
    "month": date(2026, 4, 1),
    "at": datetime(2026, 4, 1, 9, 30),
    "kind": 1,
    "grouped": "x",
    "version": 1,
}


def both(form_class, **kwargs) -> tuple[list[str], list[str]]:
    """Every field of the form drawn by Django's templates and by ours."""
    drawn = []
    for renderer in (DjangoTemplates(), Renderer()):
        form = form_class(renderer=renderer, **kwargs)
        form.is_bound and form.is_valid()
        drawn.append([str(form[name]) for name in form.fields])
    return drawn[0], drawn[1]


def test_each_widget_is_drawn_as_djangos_templates_draw_it_unbound_bound_and_with_initial_values():
    for kwargs in ({}, {"data": BOUND}, {"initial": INITIAL}, {"data": {"name": "", "kind": "?"}}):
        templates, python = both(Everything, **kwargs)
        assert python == templates, kwargs
    assert any("<optgroup" in html for html in python)


def test_each_widget_is_drawn_alike_in_english(settings):
    from django.utils import translation

    with translation.override("en"):
        templates, python = both(Everything, data=BOUND)
    assert python == templates

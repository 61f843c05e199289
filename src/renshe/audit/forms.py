"""The review pages' filter bars (GET). A malformed value is dropped rather than answered with an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from renshe.core.forms import date_input

from .models import AccessKind, Outcome
from .selectors import AccessFilter, OperationFilter


def _cleaned(form: forms.Form) -> dict:
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return {k: v.strip() if isinstance(v, str) else v for k, v in data.items() if v not in (None, "")}


class AccessFilterForm(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "")] + AccessKind.choices)
    outcome = forms.ChoiceField(required=False, choices=[("", "")] + Outcome.choices)
    username = forms.CharField(required=False, max_length=150)
    ip = forms.GenericIPAddressField(required=False)
    since = forms.DateField(required=False, widget=date_input())
    until = forms.DateField(required=False, widget=date_input())

    def value(self) -> AccessFilter:
        return AccessFilter(**_cleaned(self))


class OperationFilterForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150)
    verb = forms.CharField(required=False, max_length=60)
    subject_type = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    subject_id = forms.CharField(required=False, max_length=40)
    since = forms.DateField(required=False, widget=date_input())
    until = forms.DateField(required=False, widget=date_input())

    def __init__(self, *args, subject_types: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_type"].choices = [("", _("全部"))] + subject_types

    def value(self) -> OperationFilter:
        return OperationFilter(**_cleaned(self))

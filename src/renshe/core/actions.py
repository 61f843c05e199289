"""The actions on a case page, shared by every case module: the action form (the version the user saw,
the action's fields, any tables of rows), the declaration of one action (its form, service and transition),
and `CasePage`, which decides what the page offers (state, the module's rules, the action's own condition,
something for its form to act on) and is the one view that carries an action out. Each module declares its
actions and renders its page; templates/core/_action.html draws each offered action (the wage ledger
draws its own, in inspection/_ledger.html, through the same CasePage)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from .casework import Case, Rules, version_of
from .errors import Conflict, DomainError
from .models import User


def filled(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows the user filled in (blank extra rows are skipped)."""
    return [f.cleaned_data for f in formset.forms if f.cleaned_data]


@dataclass(frozen=True)
class RowSet:
    """A table of rows in an action form: the row form, the service's input type for one row, how many
    rows at least, and the table's heading (none for a form's only table)."""

    form: type[forms.Form]
    input: type
    minimum: int = 1
    title: str | Promise = ""


class ActionForm(forms.Form):
    """A transition: the case version the user saw, plus the action's own fields, plus any number of named
    tables of rows (`row_sets`: name → RowSet; each becomes the service argument of that name)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    row_sets: dict[str, RowSet] = {}
    target_field: str | None = None  # a field naming what the service acts on instead of the case
    error_fields: dict[str, str | None] = {}  # a service's name for a field → the form's (None: on top)

    def __init__(
        self, data: Any = None, *, case: Case, prefix: str, user: User | None = None, **kwargs: Any
    ) -> None:
        initial = {"version": case.version, **self.defaults(case), **kwargs.pop("initial", {})}
        super().__init__(data, prefix=prefix, initial=initial, **kwargs)
        self.case, self.user = case, user
        self.setup(case)
        self.row_forms: dict[str, forms.BaseFormSet] = {}
        self.row_errors: dict[str, str] = {}
        for name, rows in self.row_sets.items():
            formset = forms.formset_factory(
                rows.form, extra=2 if rows.minimum else 1, min_num=rows.minimum, validate_min=True, max_num=30
            )
            self.row_forms[name] = formset(data, prefix=f"{prefix}-{name}")

    def defaults(self, case: Any) -> dict[str, Any]:
        return {}

    def setup(self, case: Any) -> None:
        """Fill choices that depend on the case (and on `self.user`)."""

    def available(self) -> bool:
        """Whether there is anything to act on (a worker still owed, a payer still out of pocket …): the
        page offers the action only then."""
        return True

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([f.is_valid() for f in self.row_forms.values()]) and valid

    def arguments(self) -> tuple[Any, dict[str, Any]]:
        """What the service is called on, and with which keyword arguments (the fields and row tables are
        named as the service's parameters)."""
        arguments = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        for name, rows in self.row_sets.items():
            arguments[name] = [rows.input(**row) for row in filled(self.row_forms[name])]
        target = arguments.pop(self.target_field) if self.target_field else self.case
        return target, arguments

    def row_tables(self) -> list[tuple[str, forms.BaseFormSet, RowSet, str]]:
        """(name, formset, row set, its error) for each table, for the template (which cannot look a
        name up in a dict that has an `items` entry)."""
        return [(n, f, self.row_sets[n], self.row_errors.get(n, "")) for n, f in self.row_forms.items()]

    def refuse(self, error: DomainError) -> None:
        """Show a service's refusal on the field, the row table or the form it concerns."""
        field = self.error_fields.get(error.field, error.field) if error.field is not None else None
        if field is not None and field in self.row_forms:
            self.row_errors[field] = str(error.message)
        else:
            shown = field in self.fields and field != "version"
            self.add_error(field if shown else None, str(error.message))

    def renew(self, version: int) -> None:
        """Carry the case's current version: the page around a refused stale form shows the case as it is
        now, so the user may send the form again on purpose."""
        data = cast(QueryDict, self.data).copy()  # the POST's, several values to a name kept
        data[self.add_prefix("version")] = str(version)
        self.data = data


@dataclass(frozen=True)
class Action:
    """One transition on the case page: its form, the service it calls with the form's fields, and when
    the page offers it. The service takes (target, by=, version=, **the form's arguments)."""

    label: str | Promise
    form: type[ActionForm]
    service: Callable[..., Any]
    transition: str  # the workflow's action, whose rule and source states apply
    when: Callable[[Any], bool] | None = None  # an extra condition beyond the state
    also_from: frozenset[str] = frozenset()  # states the service accepts beyond the transition's own
    tone: str = ""  # "primary" or "danger" for the button
    done: Callable[[Any], str] | None = None  # the message for what the service returned

    def done_message(self, result: Any) -> str:
        """What the user is told once the service has done it."""
        if self.done is not None:
            return self.done(result)
        return gettext("已办理：%(action)s") % {"action": self.label}


@dataclass(frozen=True)
class CasePage:
    """A module's case page (or a section of it with its own actions, like the wage ledger): its actions
    under its rules. `case_for(request, pk)` is the case in the user's scope (404 otherwise);
    `render(request, pk, failed)` draws the page, with a refused action's form when there is one;
    `after(request, case)` is where a done action returns to (the case page unless said)."""

    namespace: str
    rules: Rules
    actions: dict[str, Action]
    case_for: Callable[[HttpRequest, int], Any]
    render: Callable[..., HttpResponse]
    after: Callable[[HttpRequest, Any], str] | None = None

    def offered(self, slug: str, case: Any, user: User) -> bool:
        """Whether the page offers the action: allowed from the case's state, to this user, now."""
        action = self.actions[slug]
        if case.status not in self.rules.workflow.sources(action.transition) | action.also_from:
            return False
        if not self.rules.may(user, action.transition, case):
            return False
        return action.when is None or action.when(case)

    def offers(
        self, case: Any, user: User, failed: tuple[str, ActionForm] | None = None
    ) -> tuple[list[tuple[str, Action, ActionForm]], tuple[str, ActionForm] | None]:
        """The page's actions as (slug, action, form), a refused one with its bound form; and the refused
        one again when the page no longer offers it (its errors are shown at the top)."""
        shown = []
        for slug, action in self.actions.items():
            if failed and failed[0] == slug:
                shown.append((slug, action, failed[1]))
            elif self.offered(slug, case, user):
                form = action.form(case=case, prefix=slug, user=user)
                if form.available():
                    shown.append((slug, action, form))
        stray = failed if failed and failed[0] not in {s for s, _a, _f in shown} else None
        return shown, stray

    @property
    def view(self) -> Callable[..., HttpResponse]:
        @login_required
        @require_POST
        def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
            case = self.case_for(request, pk)
            spec = self.actions.get(action)
            if spec is None:
                raise Http404()
            user = cast(User, request.user)  # login_required
            form = spec.form(request.POST, case=case, prefix=action, user=user)
            if request.POST.get(f"{action}-version") != str(case.version):
                # the page was out of date: say so before anything else (its choices may be stale too)
                form.is_valid()
                form.add_error(None, str(Conflict.default_message))
                form.renew(case.version)
            elif form.is_valid():
                target, arguments = form.arguments()
                try:
                    done = spec.service(target, by=user, version=form.cleaned_data["version"], **arguments)
                except DomainError as error:
                    form.refuse(error)
                    if isinstance(error, Conflict):
                        form.renew(version_of(case))
                else:
                    messages.success(request, spec.done_message(done))
                    back = (
                        self.after(request, case)
                        if self.after
                        else reverse(f"{self.namespace}:detail", args=[pk])
                    )
                    return HttpResponseRedirect(back)
            return self.render(request, pk, failed=(action, form))

        return act

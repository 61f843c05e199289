"""Parties: the enterprises and people a user may see because they are parties to cases the user may see.

A mediator's, arbitrator's or inspector's scope is their own organisation, while the employers and workers
of their cases are registered on a street or at the centre that received them; without this they could not
open the file (一企一档) of an employer they are mediating with. Each case module registers, in its
AppConfig.ready(), a filter on Enterprise and one on Person for "party to a case of mine" (an EXISTS over
its own scoped cases), so core never imports the modules:

    parties.register_cases(selectors.disputes_for, people="applicants__person")
"""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import User

Filter = Callable[[User], Exists | Q]

ENTERPRISES: list[Filter] = []
PEOPLE: list[Filter] = []


def register(*, enterprises: Filter | None = None, people: Filter | None = None) -> None:
    if enterprises:
        ENTERPRISES.append(enterprises)
    if people:
        PEOPLE.append(people)


def register_cases(
    cases_for: Callable[[User], QuerySet], *, people: str, respondent: str = "respondent"
) -> None:
    """Parties of the cases `cases_for(user)` gives (the module's scoped selector): the enterprise its
    `respondent` names and the people at the lookup path `people`, each an EXISTS on those cases."""
    register(
        enterprises=lambda user: Exists(cases_for(user).filter(**{respondent: OuterRef("pk")})),
        people=lambda user: Exists(cases_for(user).filter(**{people: OuterRef("pk")})),
    )


def _any(filters: list[Filter], user: User) -> Q:
    q = Q(pk__in=[])
    for f in filters:
        q |= Q(f(user))
    return q


def enterprises_q(user: User) -> Q:
    """On Enterprise: a respondent of a case the user may see."""
    return _any(ENTERPRISES, user)


def people_q(user: User) -> Q:
    """On Person: an applicant or worker of a case the user may see."""
    return _any(PEOPLE, user)

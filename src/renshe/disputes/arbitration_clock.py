"""The arbitration clock: the commission's five days to accept (劳动争议调解仲裁法 第二十九条) and the tribunal's 45
days to award, extended once by at most 15 (第四十三条), as the rows of ArbitrationSuspension move them, and the
applicant's route to court when either runs out.

The award period counts again from a restart's day (补正, changed claims, a counterclaim, a transfer); the days a
hearing stands suspended (中止, 公告送达) are left out and added to its end (办案规则 第四十六条、第四十七条, unconfirmed:
law.ARBITRATION_SUSPENSION_CITATION). A 补正 before acceptance restarts the five days of 第二十九条 instead.

Refused, or no decision within the five days (第二十九条), or no award within the period (第四十三条): the applicant
may sue on the dispute (`court_route`) from the day after the period's last day, never on it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.workdays import compute_deadline

from .models import ArbitrationCase, ArbitrationSuspension, ClockGround, DisputeCase
from .workflow import MEDIATION_OPEN, Status


@dataclass
class AwardClock:
    """The award period as it stands: counted from `starts_on` (acceptance, or the latest restart), its last
    day `due_on`, with `excluded_days` left out and `extension_days` approved; `suspended_since` while a
    suspension lasts. `steps` say why, each with its article."""

    starts_on: date
    due_on: date
    excluded_days: int = 0
    extension_days: int = 0
    suspended_since: date | None = None
    steps: list[str] = field(default_factory=list)


def _rows(arbitration: ArbitrationCase) -> list[ArbitrationSuspension]:
    return sorted(arbitration.suspensions.all(), key=lambda r: (r.started_on, r.pk or 0))


def acceptance_due(arbitration: ArbitrationCase, rows: Iterable[ArbitrationSuspension] = ()) -> date:
    """The last day to accept or refuse: five days from the application, or from the corrections received
    (补正) — 第二十九条."""
    start = arbitration.applied_on
    for row in rows:
        if row.ground == ClockGround.SUPPLEMENTED and row.started_on > start:
            start = row.started_on
    return compute_deadline(law.ARBITRATION_ACCEPTANCE, start).due


def award_clock(arbitration: ArbitrationCase, rows: list[ArbitrationSuspension] | None = None) -> AwardClock:
    """The award period of an accepted case, walked through its rows in date order."""
    assert arbitration.accepted_on is not None
    rows = _rows(arbitration) if rows is None else rows
    clock = AwardClock(arbitration.accepted_on, arbitration.accepted_on)
    for row in rows:
        ground = row.get_ground_display()
        if row.restarts:
            if row.started_on <= clock.starts_on:
                continue  # a correction received before acceptance: the acceptance day counts
            clock.starts_on, clock.excluded_days = row.started_on, 0
            clock.steps.append(
                _("%(day)s %(ground)s，审理期限重新计算（%(law)s）")
                % {"day": row.started_on, "ground": ground, "law": law.ARBITRATION_RESTART_CITATION}
            )
        elif row.ended_on is None:
            clock.suspended_since = row.started_on
            clock.steps.append(
                _("自%(day)s起%(ground)s，审理中止，期限暂停计算（%(law)s）")
                % {"day": row.started_on, "ground": ground, "law": law.ARBITRATION_SUSPENSION_CITATION}
            )
        else:
            clock.excluded_days += row.excluded_days
            clock.steps.append(
                _("%(start)s至%(end)s %(ground)s，%(n)d日不计入审理期限（%(law)s）")
                % {
                    "start": row.started_on,
                    "end": row.ended_on,
                    "ground": ground,
                    "n": row.excluded_days,
                    "law": law.ARBITRATION_SUSPENSION_CITATION,
                }
            )
    if arbitration.extended:
        clock.extension_days = law.ARBITRATION_EXTENSION.rule_on(arbitration.accepted_on).length
        clock.steps.append(
            _("经批准延长%(n)d日（%(law)s）")
            % {"n": clock.extension_days, "law": law.ARBITRATION_EXTENSION.citation}
        )
    extra = clock.excluded_days + clock.extension_days
    clock.due_on = compute_deadline(law.ARBITRATION_AWARD, clock.starts_on, extra_days=extra).due
    return clock


@dataclass(frozen=True)
class CourtRoute:
    """The applicant's suit without an award: from `opens_on` (None: not while `why`), because `why`."""

    opens_on: date | None
    why: str
    citation: str

    def open_on(self, day: date) -> bool:
        return self.opens_on is not None and day >= self.opens_on


def court_route(case: DisputeCase, status: str | None = None) -> CourtRoute | None:
    """Whether the applicant may go to court on the dispute without an award, and from when: after a refusal
    (from its day) or a decision not made within the five days (第二十九条), or no award within the period
    (第四十三条). None where the law gives no such route (no arbitration, an award made, a case gone on).
    `status`: the case's, unless said (a service that has moved it already)."""
    status = status or case.status
    arbitration = getattr(case, "arbitration", None)
    if arbitration is None or arbitration.awarded_on is not None:
        return None
    refusal = str(law.SUIT_ON_REFUSAL_CITATION)
    if status == Status.DECLINED and arbitration.accepted_on is None:
        assert case.closed_on is not None  # refuse_arbitration closes the case
        return CourtRoute(case.closed_on, _("仲裁委员会不予受理"), refusal)
    if status != Status.ARBITRATION:
        return None
    if arbitration.accepted_on is None:
        due = arbitration.acceptance_due_on
        return CourtRoute(
            due + timedelta(days=1),
            _("仲裁委员会逾期未作出是否受理的决定（受理审查期限至%(due)s）") % {"due": due.isoformat()},
            refusal,
        )
    clock = award_clock(arbitration)
    no_award = str(law.SUIT_ON_NO_AWARD_CITATION)
    if clock.suspended_since is not None:
        return CourtRoute(None, _("审理中止，期限暂停计算"), no_award)
    return CourtRoute(
        clock.due_on + timedelta(days=1),
        _("逾期未作出仲裁裁决（审理期限至%(due)s）") % {"due": clock.due_on.isoformat()},
        no_award,
    )


def running_limit(
    case: DisputeCase, arbitration: ArbitrationCase | None, clock: AwardClock | None = None
) -> tuple[law.StatutoryPeriod, date, date] | None:
    """The statutory limit running on the case now, (period, start, last day), as the case page's card and
    the API show it: mediation (第十四条) while mediated or suspended, then the commission's acceptance review
    (第二十九条), then the award period (第四十三条) by its `clock` (award_clock, given when computed already)."""
    if case.status in MEDIATION_OPEN | {Status.SUSPENDED} and case.mediation_due_on:
        return law.MEDIATION_PERIOD, case.received_on, case.mediation_due_on
    if case.status != Status.ARBITRATION or arbitration is None:
        return None
    if arbitration.accepted_on is None:
        return law.ARBITRATION_ACCEPTANCE, arbitration.applied_on, arbitration.acceptance_due_on
    clock = clock or award_clock(arbitration)
    return law.ARBITRATION_AWARD, clock.starts_on, clock.due_on

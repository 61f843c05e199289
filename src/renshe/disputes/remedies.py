"""What each party may do against an award, and until when (劳动争议调解仲裁法 第四十七条至第五十条).

Each time runs from the day the party received the award, never from the day it was made:
- a worker may sue against a final award within 15 days (第四十八条);
- an employer cannot sue against a final award; it may petition the intermediate court to revoke it within
  30 days (第四十九条), and if the court revokes it, either party may sue within 15 days of receiving the
  ruling (同条第三款);
- either party may sue against a non-final award within 15 days (第五十条).
A mixed award is two awards (办案规则 第五十条), so a party may hold one window for each part.
The award takes effect, and the case may close, only once every party has been served and every window has
run (`closable`).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.workdays import compute_deadline

from .models import Applicant, ArbitrationCase, AwardService, Litigant, RevocationRuling, ServiceMethod

SUIT, REVOCATION = "suit", "revocation"


@dataclass(frozen=True)
class Party:
    """A party the award is served on: one worker (`applicant`) or the employer."""

    side: str  # Litigant
    name: str
    applicant: Applicant | None = None


@dataclass(frozen=True)
class Window:
    party: Party
    remedy: str  # SUIT or REVOCATION
    period: law.StatutoryPeriod
    starts_on: date | None  # the day of receipt; None: not served yet
    due_on: date | None  # the last day the remedy may be taken
    method: str = ""  # how the party was served (ServiceMethod), "" if not or for a ruling's window

    @property
    def method_label(self) -> str:
        return str(ServiceMethod(self.method).label) if self.method else ""

    def open_on(self, day: date) -> bool:
        return self.starts_on is not None and self.due_on is not None and self.starts_on <= day <= self.due_on


def parties(arbitration: ArbitrationCase) -> list[Party]:
    case = arbitration.case
    workers = [
        Party(Litigant.WORKER, str(a.person), a)
        for a in case.applicants.select_related("person").order_by("id")
    ]
    return [*workers, Party(Litigant.EMPLOYER, case.respondent.name)]


def parts(arbitration: ArbitrationCase) -> tuple[bool, bool]:
    """(has a final part, has a non-final part): an award with no items is non-final."""
    finals = [item.final for item in arbitration.award_items.all()]
    return any(finals), not finals or not all(finals)


def _services(arbitration: ArbitrationCase) -> dict[int | None, AwardService]:
    return {s.applicant_id: s for s in arbitration.services.all()}


def _petition(arbitration: ArbitrationCase):
    return getattr(arbitration, "revocation", None)


def windows(arbitration: ArbitrationCase) -> list[Window]:
    """Every party's windows, in the order of `parties`."""
    served = _services(arbitration)
    petition = _petition(arbitration)
    if petition is not None and petition.ruling == RevocationRuling.REVOKED:
        # 第四十九条第三款: the award is gone; each party may sue within 15 days of receiving the ruling
        due = compute_deadline(law.SUIT_AFTER_REVOKED_AWARD, petition.ruling_received_on).due
        return [
            Window(p, SUIT, law.SUIT_AFTER_REVOKED_AWARD, petition.ruling_received_on, due)
            for p in parties(arbitration)
        ]
    final, non_final = parts(arbitration)
    found = []
    for party in parties(arbitration):
        service = served.get(party.applicant.pk if party.applicant else None)
        periods = []
        if final and party.side == Litigant.WORKER:
            periods.append((SUIT, law.WORKER_SUIT_AFTER_FINAL_AWARD))
        if final and party.side == Litigant.EMPLOYER and petition is None:  # a petition once
            periods.append((REVOCATION, law.EMPLOYER_REVOCATION_PETITION))
        if non_final:
            periods.append((SUIT, law.SUIT_AFTER_NON_FINAL_AWARD))
        for remedy, period in periods:
            starts = service.received_on if service else None
            due = compute_deadline(period, starts).due if starts else None
            found.append(Window(party, remedy, period, starts, due, service.method if service else ""))
    return found


def may_sue(arbitration: ArbitrationCase, side: str) -> bool:
    """Whether `side` has a suit at all: an employer has none against a wholly final award (第四十九条)."""
    return any(w.remedy == SUIT and w.party.side == side for w in windows(arbitration))


def suit_due(arbitration: ArbitrationCase, side: str) -> date | None:
    """The last day any party of `side` may sue; None if none of them has been served."""
    dues = [w.due_on for w in windows(arbitration) if w.remedy == SUIT and w.party.side == side and w.due_on]
    return max(dues, default=None)


def revocation_window(arbitration: ArbitrationCase) -> Window | None:
    return next((w for w in windows(arbitration) if w.remedy == REVOCATION), None)


def unserved(arbitration: ArbitrationCase) -> list[Party]:
    served = _services(arbitration)
    return [p for p in parties(arbitration) if (p.applicant.pk if p.applicant else None) not in served]


def petition_pending(arbitration: ArbitrationCase) -> bool:
    petition = _petition(arbitration)
    return petition is not None and not petition.ruling


def runs_until(arbitration: ArbitrationCase) -> date | None:
    """The last day of the latest window; None while a party is unserved."""
    found = windows(arbitration)
    if any(w.due_on is None for w in found):
        return None
    return max((w.due_on for w in found if w.due_on), default=None)


def why_not_closable(arbitration: ArbitrationCase, today: date) -> str:
    """Why the award cannot take effect yet ('' when it can): a party not served, a petition before the
    court, or a window still running."""
    petition = _petition(arbitration)
    revoked = petition is not None and petition.ruling == RevocationRuling.REVOKED
    waiting = [] if revoked else unserved(arbitration)  # after a revocation the ruling's receipt counts
    if waiting:
        return _("裁决书尚未送达：%(names)s") % {"names": "、".join(p.name for p in waiting)}
    if petition_pending(arbitration):
        return _("用人单位申请撤销裁决，尚待法院裁定")
    last = runs_until(arbitration)
    if last is not None and today <= last:
        return _("起诉或申请撤销期限尚未届满（至%(due)s）") % {"due": last.isoformat()}
    return ""


def closable(arbitration: ArbitrationCase, today: date) -> bool:
    return not why_not_closable(arbitration, today)

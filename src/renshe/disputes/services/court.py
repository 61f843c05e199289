"""After the award: its service on each party, from which each party's own time runs (disputes.remedies); a
party's suit (劳动争议调解仲裁法 第四十八条, 第五十条) and the court's judgment; the employer's petition to revoke a final
award and the court's ruling (第四十九条); or, with every window run, the award taking effect and the case
closing."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import User, WorkItem
from renshe.core.services import (
    close_work_items,
    not_future,
    official,
)
from renshe.core.subjects import subject_of

from .. import remedies
from ..arbitration_clock import court_route
from ..models import (
    AwardService,
    DisputeCase,
    Litigant,
    Litigation,
    RevocationPetition,
    RevocationRuling,
    ServiceMethod,
)
from ..workflow import Status
from ._common import _event, _lock, _save


def _party(case: DisputeCase, party: str) -> remedies.Party:
    """The party a form or request names: "employer", or the id of one of the case's applicants."""
    for known in remedies.parties(case.arbitration):
        if (known.applicant and str(known.applicant.pk) == str(party)) or (
            known.applicant is None and party == Litigant.EMPLOYER
        ):
            return known
    raise ValidationFailed(_("请选择受送达的当事人"), field="party")


def _closing_task_waits(case: DisputeCase) -> None:
    """Once every party is served, the task to close the case falls due on the last day of the last window."""
    last = remedies.runs_until(case.arbitration)
    if last is not None:
        WorkItem.objects.filter(**subject_of(case), kind="arbitration.suit_window", status="open").update(
            due_on=last
        )


@transaction.atomic
def serve_award(
    case: DisputeCase, *, by: User, party: str, method: str, received_on: date, version: int
) -> AwardService:
    """The award served on one party, who received it on `received_on` (办案规则 第二十条: the day the receipt is
    signed). That party's time to sue or petition runs from then (第四十八条至第五十条)."""
    case = _lock(case, by, version, "serve_award")
    arbitration = case.arbitration
    served = _party(case, party)
    if method not in ServiceMethod.values:
        raise ValidationFailed(_("请选择送达方式"), field="method")
    received_on = not_future(received_on, "received_on")
    assert arbitration.awarded_on is not None  # the workflow serves only an awarded case
    if received_on < arbitration.awarded_on:
        raise ValidationFailed(_("收到裁决书日期不能早于裁决日"), field="received_on")
    if served not in remedies.unserved(arbitration):
        raise ValidationFailed(_("已登记向%(name)s送达裁决书") % {"name": served.name}, field="party")
    service = AwardService.objects.create(
        arbitration=arbitration, applicant=served.applicant, method=method, received_on=received_on
    )
    _save(case)
    dues = [
        official("%(remedy)s至%(due)s", remedy=official(w.period.label), due=w.due_on.isoformat())
        for w in remedies.windows(arbitration)
        if w.party == served and w.due_on
    ]
    _event(
        case,
        "award_served",
        official(
            "向%(name)s送达仲裁裁决书（%(method)s），%(received)s收到；%(dues)s",
            name=served.name,
            method=official(ServiceMethod(method).label),
            received=received_on.isoformat(),
            dues="，".join(dues),
        ),
        by,
        party=served.side,
    )
    _closing_task_waits(case)
    return service


@transaction.atomic
def petition_revocation(
    case: DisputeCase, *, by: User, filed_on: date, court: str, version: int
) -> RevocationPetition:
    """The employer petitions the intermediate court to revoke a final award, within 30 days of receiving it
    (第四十九条): the only way an employer contests a final award."""
    case = _lock(case, by, version, "petition_revocation")
    arbitration = case.arbitration
    if not court.strip():
        raise ValidationFailed(_("请填写受理撤销申请的中级人民法院"), field="court")
    filed_on = not_future(filed_on, "filed_on")
    if hasattr(arbitration, "revocation"):
        raise ValidationFailed(_("已登记用人单位的撤销申请"), field="filed_on")
    window = remedies.revocation_window(arbitration)
    if window is None:
        raise ValidationFailed(
            _("非终局裁决不能申请撤销，当事人可以起诉（%(law)s）")
            % {"law": law.SUIT_AFTER_NON_FINAL_AWARD.citation},
            field="filed_on",
        )
    if window.starts_on is None or window.due_on is None:
        raise ValidationFailed(_("裁决书尚未送达用人单位"), field="filed_on")
    if not window.open_on(filed_on):
        raise ValidationFailed(
            _("申请撤销应在收到裁决书之日起%(period)s内（%(start)s至%(due)s，%(law)s）")
            % {
                "period": window.period.rule_on(window.starts_on).describe(),
                "start": window.starts_on.isoformat(),
                "due": window.due_on.isoformat(),
                "law": window.period.citation,
            },
            field="filed_on",
        )
    petition = RevocationPetition.objects.create(
        arbitration=arbitration, filed_on=filed_on, court=court.strip()[:100]
    )
    _save(case)
    _event(
        case,
        "revocation_petitioned",
        official(
            "用人单位向%(court)s申请撤销终局裁决（%(law)s）",
            court=petition.court,
            law=law.EMPLOYER_REVOCATION_PETITION.citation,
        ),
        by,
    )
    return petition


@transaction.atomic
def rule_on_revocation(
    case: DisputeCase, *, by: User, ruling: str, received_on: date, version: int
) -> RevocationPetition:
    """The intermediate court's ruling, received on `received_on`: revoked, either party may sue within 15
    days of receiving it (第四十九条第三款); upheld, the award stands."""
    case = _lock(case, by, version, "rule_on_revocation")
    petition = RevocationPetition.objects.select_for_update().filter(arbitration=case.arbitration).first()
    if petition is None or petition.ruling:
        raise ValidationFailed(_("没有待法院裁定的撤销申请"), field="ruling")
    if ruling not in RevocationRuling.values:
        raise ValidationFailed(_("请选择法院裁定结果"), field="ruling")
    received_on = not_future(received_on, "received_on")
    if received_on < petition.filed_on:
        raise ValidationFailed(_("收到裁定书日期不能早于申请撤销日期"), field="received_on")
    petition.ruling, petition.ruling_received_on = ruling, received_on
    petition.save(update_fields=["ruling", "ruling_received_on"])
    _save(case)
    if ruling == RevocationRuling.REVOKED:
        due = remedies.runs_until(case.arbitration)
        summary = official(
            "法院裁定撤销仲裁裁决，当事人可在%(due)s前起诉（%(law)s）",
            due=due.isoformat() if due else "",
            law=law.SUIT_AFTER_REVOKED_AWARD.citation,
        )
    else:
        summary = official("法院裁定驳回撤销申请，仲裁裁决维持")
    _event(case, "revocation_ruled", summary, by, ruling=ruling)
    _closing_task_waits(case)
    return petition


@transaction.atomic
def record_suit(
    case: DisputeCase, *, by: User, filed_by: str, filed_on: date, court: str, version: int
) -> Litigation:
    case = _lock(case, by, version, "sue")
    if filed_by not in ("worker", "employer"):
        raise ValidationFailed(_("请选择起诉方"), field="filed_by")
    if not court.strip():
        raise ValidationFailed(_("请填写法院"), field="court")
    filed_on = not_future(filed_on, "filed_on")
    arbitration = getattr(case, "arbitration", None)
    if arbitration is None or arbitration.awarded_on is None:
        return _suit_without_award(case, by=by, filed_by=filed_by, filed_on=filed_on, court=court)
    if filed_on < arbitration.awarded_on:
        raise ValidationFailed(_("起诉日不能早于裁决日"), field="filed_on")
    if not remedies.may_sue(arbitration, filed_by):
        # 第四十八条 gives the suit against a final award to the worker alone
        raise ValidationFailed(
            _(
                "用人单位对终局裁决不能起诉，只能自收到裁决书之日起%(period)s内向中级人民法院申请撤销（%(law)s）"
            )
            % {
                "period": law.EMPLOYER_REVOCATION_PETITION.rule_on(arbitration.awarded_on).describe(),
                "law": law.EMPLOYER_REVOCATION_PETITION.citation,
            },
            field="filed_by",
        )
    due = remedies.suit_due(arbitration, filed_by)
    if due is None:
        raise ValidationFailed(_("裁决书尚未送达起诉方"), field="filed_by")
    if filed_on > due:
        raise ValidationFailed(
            _("起诉期限已于%(due)s届满（自收到之日起计算）") % {"due": due.isoformat()}, field="filed_on"
        )
    litigation = Litigation.objects.create(
        case=case, filed_by=filed_by, filed_on=filed_on, court=court.strip()[:100]
    )
    _save(case)
    close_work_items(case, kind="arbitration.suit_window")
    _event(case, "sued", official("当事人起诉至%(court)s", court=litigation.court), by, filed_by=filed_by)
    return litigation


def _suit_without_award(
    case: DisputeCase, *, by: User, filed_by: str, filed_on: date, court: str
) -> Litigation:
    """The applicant's suit on the dispute itself when the commission refused it or did not decide in time
    (第二十九条), or made no award within the period (第四十三条): arbitration_clock.court_route says from when."""
    arbitration = getattr(case, "arbitration", None)
    # the state the case stood in (_lock has moved it to court): only a refusal closes an unaccepted one
    refused = arbitration is not None and arbitration.accepted_on is None and case.closed_on is not None
    route = court_route(case, Status.DECLINED if refused else Status.ARBITRATION)
    if route is None:
        raise ValidationFailed(_("未经仲裁裁决的劳动争议不能登记起诉（仲裁前置）"), field="filed_by")
    if filed_by != Litigant.WORKER:
        raise ValidationFailed(
            _("仲裁委员会未受理或者逾期未裁决的，由申请人起诉（%(law)s）") % {"law": route.citation},
            field="filed_by",
        )
    if not route.open_on(filed_on):
        if route.opens_on is None:
            message = _("%(why)s，申请人尚不能起诉（%(law)s）") % {"why": route.why, "law": route.citation}
        else:
            message = _("%(why)s：申请人自%(day)s起可以起诉（%(law)s）") % {
                "why": route.why,
                "day": route.opens_on.isoformat(),
                "law": route.citation,
            }
        raise ValidationFailed(message, field="filed_on")
    litigation = Litigation.objects.create(
        case=case, filed_by=filed_by, filed_on=filed_on, court=court.strip()[:100]
    )
    case.closed_on = None  # a refused case goes on in court, until its judgment
    _save(case)
    close_work_items(case, kind="arbitration.accept")
    close_work_items(case, kind="arbitration.award")
    _event(
        case,
        "sued",
        official(
            "%(why)s，申请人起诉至%(court)s（%(law)s）",
            why=route.why,
            court=litigation.court,
            law=route.citation,
        ),
        by,
        filed_by=filed_by,
    )
    return litigation


@transaction.atomic
def record_judgment(
    case: DisputeCase, *, by: User, outcome: str, concluded_on: date, version: int
) -> DisputeCase:
    case = _lock(case, by, version, "judge")
    if not outcome.strip():
        raise ValidationFailed(_("请填写裁判结果"), field="outcome")
    concluded_on = not_future(concluded_on, "concluded_on")
    Litigation.objects.filter(case=case).update(outcome=outcome.strip()[:3000], concluded_on=concluded_on)
    case.closed_on = concluded_on
    _save(case)
    close_work_items(case)
    _event(case, "judged", official("法院裁判，结案"), by, outcome=outcome.strip()[:200])
    return case


@transaction.atomic
def close_after_award(case: DisputeCase, *, by: User, version: int) -> DisputeCase:
    """No suit or petition in time: once every party has been served and the latest of their windows has run
    (remedies.closable), the award takes effect and the case closes; after a revocation, the parties did not
    sue in time."""
    case = _lock(case, by, version, "close")
    today = timezone.localdate()
    why = remedies.why_not_closable(case.arbitration, today)
    if why:
        raise ValidationFailed(why, field="status")
    case.closed_on = today
    _save(case)
    close_work_items(case)
    petition = getattr(case.arbitration, "revocation", None)
    if petition is not None and petition.ruling == RevocationRuling.REVOKED:
        _event(case, "closed", official("仲裁裁决已被撤销，当事人期满未起诉，结案"), by)
    else:
        _event(case, "closed", official("裁决生效，结案"), by)
    return case

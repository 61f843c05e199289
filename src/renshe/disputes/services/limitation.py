"""The arbitration limitation's facts (《劳动争议调解仲裁法》第二十七条): when the applicant knew of the
infringement, when the employment ended, and the interruptions and suspensions with their grounds. The
limitation itself is read from them (disputes.limitation); it flags, it does not refuse."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.errors import ValidationFailed
from renshe.core.models import User
from renshe.core.services import not_future, official

from ..limitation import limitation_of
from ..models import ArbitrationCase, DisputeCase, LimitationBreak, LimitationGround
from ._common import _arbitration, _event, _save


def limitation_flag(arbitration: ArbitrationCase) -> str:
    """The barred claims and why, in the bureau's language (for the records); "" if none is barred."""
    with translation.override(settings.LANGUAGE_CODE):
        return limitation_of(
            arbitration, arbitration.case.claims.values_list("claim_type", flat=True)
        ).reason()


def _recorded(case: DisputeCase, arbitration: ArbitrationCase, verb: str, summary: str, by: User) -> None:
    flag = limitation_flag(arbitration)
    _save(case)
    _event(case, verb, f"{summary}。{flag}" if flag else summary, by)


@transaction.atomic
def record_limitation(
    case: DisputeCase,
    *,
    by: User,
    version: int,
    known_on: date | None,
    employment_ended_on: date | None = None,
) -> ArbitrationCase:
    """When the applicant knew or should have known of the infringement (第二十七条第一款), and when the
    employment ended, if it has (第四款); either may be corrected later, each change on the timeline."""
    case, arbitration = _arbitration(case, by, "record_limitation", version)
    if known_on is not None and not_future(known_on, "known_on") > arbitration.applied_on:
        raise ValidationFailed(_("知道权利被侵害之日不能晚于仲裁申请日"), field="known_on")
    if employment_ended_on is not None:
        not_future(employment_ended_on, "employment_ended_on")
    arbitration.infringement_known_on, arbitration.employment_ended_on = known_on, employment_ended_on
    arbitration.save(update_fields=["infringement_known_on", "employment_ended_on"])
    _recorded(
        case,
        arbitration,
        "limitation_recorded",
        official(
            "仲裁时效：知道或者应当知道权利被侵害之日%(known)s，劳动关系终止日%(ended)s（%(law)s）",
            known=known_on.isoformat() if known_on else "—",
            ended=employment_ended_on.isoformat() if employment_ended_on else "—",
            law=law.LIMITATION_PERIOD.citation,
        ),
        by,
    )
    return arbitration


@transaction.atomic
def record_limitation_break(
    case: DisputeCase,
    *,
    by: User,
    version: int,
    ground: str,
    starts_on: date,
    ends_on: date | None = None,
    note: str = "",
) -> LimitationBreak:
    """An interruption of the limitation on `starts_on` (第二十七条第二款: a claim on the other side, a request
    to an authority, the other side's agreement to perform) or a suspension from `starts_on` until its cause
    ended on `ends_on` (第三款: force majeure or another proper reason, stated in `note`)."""
    case, arbitration = _arbitration(case, by, "record_limitation_break", version)
    if ground not in LimitationGround.values:
        raise ValidationFailed(_("请选择第二十七条规定的中断或中止事由"), field="ground")
    not_future(starts_on, "starts_on")
    note = note.strip()
    interrupts = LimitationBreak(ground=ground).interrupts
    if interrupts and ends_on is not None:
        raise ValidationFailed(_("时效中断没有结束日期，请留空"), field="ends_on")
    if ends_on is not None and not_future(ends_on, "ends_on") < starts_on:
        raise ValidationFailed(_("中止原因消除日不能早于中止开始日"), field="ends_on")
    if ground == LimitationGround.OTHER_CAUSE and not note:
        raise ValidationFailed(_("请写明中止的正当理由"), field="note")
    row = LimitationBreak.objects.create(
        arbitration=arbitration,
        ground=ground,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note[:300],
        recorded_by=by,
    )
    ground_text = official(LimitationGround(ground).label)
    if interrupts:
        summary = official(
            "仲裁时效中断：%(day)s %(ground)s（%(law)s）",
            day=starts_on.isoformat(),
            ground=ground_text,
            law=law.LIMITATION_INTERRUPTION_CITATION,
        )
    else:
        summary = official(
            "仲裁时效中止：%(start)s至%(end)s，%(ground)s%(note)s（%(law)s）",
            start=starts_on.isoformat(),
            end=ends_on.isoformat() if ends_on else official("原因尚未消除"),
            ground=ground_text,
            note=f"：{note}" if note else "",
            law=law.LIMITATION_SUSPENSION_CITATION,
        )
    _recorded(case, arbitration, "limitation_break", summary, by)
    return row

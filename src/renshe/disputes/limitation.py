"""The arbitration limitation (《劳动争议调解仲裁法》第二十七条) of an application, as of the day it was made.

One year from when the applicant knew or should have known of the infringement (第一款), a calendar year
(core.workdays). An interruption restarts it from its day (第二款); a suspension stops it until its cause
ends, then the rest runs on (第三款). Pay claims during employment are not limited; once the employment
ended, they are due within a year of its end (第四款).

Limitation is the respondent's defence, not a ground the law gives the commission to refuse an application
(第二十九条 names none): a barred claim is flagged with its reason, at acceptance and on the case page, and
the commission still decides.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from renshe.core import law
from renshe.core.workdays import WorkCalendar, compute_deadline

from .models import ArbitrationCase, LimitationBreak


@dataclass
class Clock:
    """One limitation: from `starts_on`, last day `last_day` (None while a suspension lasts)."""

    label: str
    starts_on: date
    last_day: date | None = None
    steps: list[str] = field(default_factory=list)
    barred: bool = False


@dataclass(frozen=True)
class Limitation:
    clocks: list[Clock]
    unlimited: str = ""  # why pay claims are not limited (第四款), if so

    @property
    def barred(self) -> list[Clock]:
        return [c for c in self.clocks if c.barred]

    def reason(self) -> str:
        """The flag, as the case page and the acceptance record show it ("" if nothing is barred)."""
        return "；".join(
            _("%(label)s：申请日已超过仲裁时效（最后一日为%(day)s，%(law)s）")
            % {"label": c.label, "day": c.last_day, "law": law.LIMITATION_PERIOD.citation}
            for c in self.barred
        )


def _run(clock: Clock, breaks: Iterable[LimitationBreak], applied_on: date) -> Clock:
    """Walk the breaks in date order: those inside the running period interrupt or suspend it."""
    deadline = compute_deadline(law.LIMITATION_PERIOD, clock.starts_on)
    counted, clock.last_day = deadline.nominal_due, deadline.due
    for b in breaks:
        if b.starts_on < clock.starts_on or b.starts_on > applied_on:
            continue
        if clock.last_day is not None and b.starts_on > clock.last_day:
            break  # the period had run out: nothing left to interrupt or suspend
        if b.interrupts:
            deadline = compute_deadline(law.LIMITATION_PERIOD, b.starts_on)
            counted, clock.last_day = deadline.nominal_due, deadline.due
            clock.steps.append(
                _("%(day)s %(ground)s，时效中断，重新计算（%(law)s）")
                % {
                    "day": b.starts_on,
                    "ground": b.get_ground_display(),
                    "law": law.LIMITATION_INTERRUPTION_CITATION,
                }
            )
        elif b.ends_on is None:
            clock.last_day = None
            clock.steps.append(
                _("自%(day)s起因%(ground)s时效中止，原因尚未消除（%(law)s）")
                % {
                    "day": b.starts_on,
                    "ground": b.get_ground_display(),
                    "law": law.LIMITATION_SUSPENSION_CITATION,
                }
            )
            break
        else:
            paused = (b.ends_on - b.starts_on).days
            counted += timedelta(days=paused)
            clock.last_day = WorkCalendar.load(counted, counted + timedelta(days=30)).roll_forward(counted)
            clock.steps.append(
                _("%(start)s至%(end)s因%(ground)s时效中止，%(n)d日不计入（%(law)s）")
                % {
                    "start": b.starts_on,
                    "end": b.ends_on,
                    "ground": b.get_ground_display(),
                    "n": paused,
                    "law": law.LIMITATION_SUSPENSION_CITATION,
                }
            )
    clock.barred = clock.last_day is not None and applied_on > clock.last_day
    return clock


def limitation_of(arbitration: ArbitrationCase, claim_types: Iterable[str]) -> Limitation:
    """The limitation of the application's claims on its application day; a clock only where its start
    day is recorded."""
    types = set(claim_types)
    breaks = list(arbitration.limitation_breaks.all())
    applied_on = arbitration.applied_on
    clocks, unlimited = [], ""
    known = arbitration.infringement_known_on
    if known and types - law.LIMITATION_PAY_CLAIMS:
        clocks.append(_run(Clock(_("仲裁请求"), known), breaks, applied_on))
    if types & law.LIMITATION_PAY_CLAIMS:
        ended = arbitration.employment_ended_on
        if ended is None or ended > applied_on:
            unlimited = _("劳动关系存续期间拖欠劳动报酬，不受一年仲裁时效限制（%(law)s）") % {
                "law": law.LIMITATION_PAY_CITATION
            }
        else:
            clock = Clock(
                _("劳动报酬请求（自劳动关系终止之日起，%(law)s）") % {"law": law.LIMITATION_PAY_CITATION},
                ended,
            )
            clocks.append(_run(clock, breaks, applied_on))
    return Limitation(clocks, unlimited)

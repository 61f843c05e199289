"""What the public tracking tells of a case, on the portal's page and in the public API alike: its number and
state, the respondent's name and the handling organisation, the steps done and the next one; never the parties'
personal data. A dispute (`Progress.of`) or the inspection case an arrears report was registered on or joined
(`report_progress`: never a reporter or a worker, 劳动保障监察条例 第九条)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renshe.core import law
from renshe.core.workdays import compute_deadline
from renshe.disputes.models import DisputeCase
from renshe.disputes.workflow import Status
from renshe.inspection.models import Report, ReportStatus
from renshe.inspection.workflow import Status as InspectionStatus

MEDIATION_STATES = frozenset({Status.ACCEPTED, Status.REFERRED, Status.MEDIATING, Status.SUSPENDED})
STEPS = (gettext_lazy("申请"), gettext_lazy("受理"), gettext_lazy("调解"), gettext_lazy("结果"))


@dataclass
class Step:
    label: str
    state: str  # "done", "current", "stopped" (the case ended here) or "todo"
    note: str = ""


@dataclass
class Progress:
    """A case as the applicant may see it: its own number and state, the respondent's name and the handling
    organisation; never the parties' personal data."""

    number: str
    respondent: str
    organisation: str
    received_on: date
    evidence_count: int | None  # how many files, never their names (a name can carry personal data)
    headline: str
    next_step: str
    steps: list[Step]
    mediation_due_on: date | None = None
    intake_due_on: date | None = None
    tone: str = "info"  # "info", "ok", "warn" or "end": the colour of the status
    kind: str = "dispute"  # or "report": an arrears report's case (report_progress)

    @classmethod
    def of(cls, case: DisputeCase) -> "Progress":
        case = (
            DisputeCase.objects.select_related("organisation", "respondent")
            .annotate(evidence_count=Count("evidence"))
            .get(pk=case.pk)
        )
        s = case.status
        states = _step_states(case)
        progress = cls(
            number=case.number,
            respondent=case.respondent.name,
            organisation=case.organisation.name,
            received_on=case.received_on,
            evidence_count=case.evidence_count,
            headline=_HEADLINES[s],
            next_step="",
            steps=[Step(str(label), state) for label, state in zip(STEPS, states, strict=True)],
        )
        progress.steps[3].note = _RESULT_NOTES.get(s, "")
        if s == Status.APPLIED:
            progress.intake_due_on = compute_deadline(law.MEDIATION_INTAKE, case.received_on).due
            progress.next_step = _(
                "调解中心正在审查您的申请，一般在%(date)s前决定是否受理。受理后会转交调解员，调解员会打电话"
                "联系您。"
            ) % {"date": progress.intake_due_on.isoformat()}
        elif s in MEDIATION_STATES:
            progress.mediation_due_on = case.mediation_due_on
            rule = law.MEDIATION_PERIOD.rule_on(case.received_on)
            progress.next_step = _NEXT[s] % {"period": rule.describe()}
        elif s == Status.AWARDED:
            awarded_on = case.arbitration.awarded_on
            assert awarded_on is not None  # make_award sets the day with the status
            rule = law.SUIT_AFTER_NON_FINAL_AWARD.rule_on(awarded_on)
            progress.next_step = _NEXT[s] % {"period": rule.describe()}
        else:
            progress.next_step = _NEXT[s]
        progress.tone = _TONES.get(s, "info")
        return progress


def _step_states(case: DisputeCase) -> list[str]:
    s = case.status
    if s == Status.APPLIED:
        return ["done", "current", "todo", "todo"]
    if s == Status.DECLINED:
        return ["done", "stopped", "todo", "todo"]
    if s in MEDIATION_STATES:
        return ["done", "done", "current", "todo"]
    if s == Status.WITHDRAWN and case.mediation_due_on is None:  # withdrawn before it was accepted
        return ["done", "todo", "todo", "stopped"]
    if s == Status.WITHDRAWN:
        return ["done", "done", "done", "stopped"]
    return ["done", "done", "done", "done"]


_HEADLINES = {
    Status.APPLIED: gettext_lazy("已收到申请，等待调解中心审查"),
    Status.DECLINED: gettext_lazy("调解中心决定不予受理"),
    Status.ACCEPTED: gettext_lazy("已受理，正在安排调解员"),
    Status.REFERRED: gettext_lazy("已受理，已交给调解组织办理"),
    Status.MEDIATING: gettext_lazy("正在调解"),
    Status.SUSPENDED: gettext_lazy("调解暂时中止"),
    Status.SETTLED: gettext_lazy("调解成功，正在履行调解协议"),
    Status.FAILED: gettext_lazy("调解未能达成协议"),
    Status.WITHDRAWN: gettext_lazy("申请已撤回"),
    Status.ARBITRATION: gettext_lazy("已进入仲裁程序"),
    Status.AWARDED: gettext_lazy("仲裁委员会已作出裁决"),
    Status.LITIGATION: gettext_lazy("已进入诉讼程序"),
    Status.CLOSED: gettext_lazy("案件已办结"),
}
_RESULT_NOTES = {
    Status.SETTLED: gettext_lazy("调解成功"),
    Status.FAILED: gettext_lazy("调解不成"),
    Status.WITHDRAWN: gettext_lazy("已撤回"),
    Status.ARBITRATION: gettext_lazy("转入仲裁"),
    Status.AWARDED: gettext_lazy("已裁决"),
    Status.LITIGATION: gettext_lazy("诉讼中"),
    Status.CLOSED: gettext_lazy("已办结"),
}
_NEXT = {
    Status.DECLINED: gettext_lazy(
        "您可以直接向劳动人事争议仲裁委员会申请仲裁，也可以联系调解中心了解不予受理的原因。"
    ),
    Status.ACCEPTED: gettext_lazy(
        "调解中心已受理您的申请，正在安排调解组织和调解员，调解员会打电话联系您。自收到申请之日起"
        "%(period)s内未达成协议的，您可以申请仲裁。"
    ),
    Status.REFERRED: gettext_lazy(
        "案件已交给离您更近的调解组织办理，调解员会打电话联系您。自收到申请之日起%(period)s内未达成协议的，"
        "您可以申请仲裁。"
    ),
    Status.MEDIATING: gettext_lazy(
        "调解员正在与您和用人单位沟通，请保持手机畅通，按通知参加调解。调解期限届满仍未达成协议的，"
        "您可以申请仲裁（调解期限为%(period)s）。"
    ),
    Status.SUSPENDED: gettext_lazy(
        "因法定原因调解暂时中止，中止期间不计入调解期限（%(period)s），中止原因消除后继续调解。"
    ),
    Status.SETTLED: gettext_lazy(
        "请按调解协议的约定留意款项到账。用人单位到期不履行的，您可以申请仲裁；拖欠工资等款项的，"
        "也可以依法向人民法院申请支付令。"
    ),
    Status.FAILED: gettext_lazy(
        "您可以向劳动人事争议仲裁委员会申请仲裁，调解中的材料会随案移送，不需要重新提交。"
    ),
    Status.WITHDRAWN: gettext_lazy("案件已结束。如需再次申请调解，可以重新提交申请。"),
    Status.ARBITRATION: gettext_lazy("仲裁委员会将依法审查受理，并通知您开庭的时间和地点。"),
    Status.AWARDED: gettext_lazy(
        "请留意仲裁裁决书。对裁决不服的，可以在收到裁决书之日起%(period)s内向人民法院起诉。"
    ),
    Status.LITIGATION: gettext_lazy("请留意人民法院的通知。"),
    Status.CLOSED: gettext_lazy("案件已经办结。如有疑问，请联系承办机构。"),
}
_TONES = {
    Status.DECLINED: "end",
    Status.WITHDRAWN: "end",
    Status.SUSPENDED: "warn",
    Status.FAILED: "warn",
    Status.SETTLED: "ok",
    Status.CLOSED: "ok",
}


# --- an arrears report's case ----------------------------------------------------------------------

REPORT_STEPS = (
    gettext_lazy("投诉举报"),
    gettext_lazy("立案"),
    gettext_lazy("调查处理"),
    gettext_lazy("结果"),
)
_INVESTIGATING = frozenset(
    {InspectionStatus.ACCEPTED, InspectionStatus.INVESTIGATING, InspectionStatus.ORDERED}
)


def report_progress(report: Report) -> Progress:
    """The case a report was registered on or joined, as its reporter may see it: its number and state, the
    employer and the brigade; never a reporter or a worker."""
    case = report.case
    refused = report.status == ReportStatus.REFUSED or case.status == InspectionStatus.REFUSED
    state = InspectionStatus.REFUSED if refused else case.status
    progress = Progress(
        number=case.number,
        respondent=report.respondent.name,
        organisation=case.organisation.name,
        received_on=report.received_on,
        evidence_count=None,
        headline=str(_REPORT_HEADLINES[state]),
        next_step=str(_REPORT_NEXT[state]),
        steps=[Step(str(label), s) for label, s in zip(REPORT_STEPS, _report_steps(state), strict=True)],
        tone=_REPORT_TONES.get(state, "info"),
        kind="report",
    )
    if state == InspectionStatus.RECEIVED:
        progress.intake_due_on = case.acceptance_due_on
    return progress


def _report_steps(state: str) -> list[str]:
    if state == InspectionStatus.RECEIVED:
        return ["done", "current", "todo", "todo"]
    if state == InspectionStatus.REFUSED:
        return ["done", "stopped", "todo", "todo"]
    if state in _INVESTIGATING:
        return ["done", "done", "current", "todo"]
    if state == InspectionStatus.REVOKED:
        return ["done", "done", "todo", "stopped"]
    return ["done", "done", "done", "done"]


_REPORT_HEADLINES = {
    InspectionStatus.RECEIVED: gettext_lazy("已收到，等待监察机构审查"),
    InspectionStatus.REFUSED: gettext_lazy("监察机构决定不予受理"),
    InspectionStatus.ACCEPTED: gettext_lazy("已立案，正在调查"),
    InspectionStatus.INVESTIGATING: gettext_lazy("正在调查"),
    InspectionStatus.ORDERED: gettext_lazy("已责令用人单位限期改正"),
    InspectionStatus.DECIDED: gettext_lazy("监察机构已作出处理决定"),
    InspectionStatus.CLOSED: gettext_lazy("案件已办结"),
    InspectionStatus.REVOKED: gettext_lazy("立案已撤销"),
}
_REPORT_NEXT = {
    InspectionStatus.RECEIVED: gettext_lazy(
        "劳动保障监察机构正在审查，决定是否立案；留下手机号码的，监察员会联系您。"
    ),
    InspectionStatus.REFUSED: gettext_lazy(
        "如有疑问，请联系承办的劳动保障监察机构；劳动报酬争议也可以申请劳动争议调解或仲裁。"
    ),
    InspectionStatus.ACCEPTED: gettext_lazy("监察员将调查用人单位的用工和工资支付情况，可能会联系您核实。"),
    InspectionStatus.INVESTIGATING: gettext_lazy(
        "监察员正在调查用人单位的用工和工资支付情况，可能会联系您核实。"
    ),
    InspectionStatus.ORDERED: gettext_lazy(
        "用人单位应在限期内改正、支付拖欠的工资，逾期不改正的将依法处理。"
    ),
    InspectionStatus.DECIDED: gettext_lazy("监察机构已依法作出处理决定，请留意款项到账。"),
    InspectionStatus.CLOSED: gettext_lazy("案件已经办结。如有疑问，请联系承办机构。"),
    InspectionStatus.REVOKED: gettext_lazy("如有疑问，请联系承办的劳动保障监察机构。"),
}
_REPORT_TONES = {
    InspectionStatus.REFUSED: "end",
    InspectionStatus.REVOKED: "end",
    InspectionStatus.CLOSED: "ok",
    InspectionStatus.DECIDED: "ok",
}

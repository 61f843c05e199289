"""Mediation: sessions, the period extended by agreement (劳动争议调解仲裁法 第十四条), suspended and resumed;
mediation failing, or the applicant withdrawing."""

from .. import services
from .case import cases
from .schemas import ExtendIn, ReasonIn, ResumeIn, SessionIn, SuspendIn, WithdrawIn

cases.transition(
    "record_session", "/{int:pk}/sessions", SessionIn, services.record_session, "Record a mediation session"
)
cases.transition(
    "extend", "/{int:pk}/extend", ExtendIn, services.extend_mediation, "The parties agree to extend mediation"
)
cases.transition(
    "suspend",
    "/{int:pk}/suspend",
    SuspendIn,
    services.suspend_mediation,
    "Suspend mediation (the clock stops)",
)
cases.transition(
    "resume",
    "/{int:pk}/resume",
    ResumeIn,
    services.resume_mediation,
    "Resume mediation (the clock runs again)",
)
cases.transition(
    "fail", "/{int:pk}/fail", ReasonIn, services.fail_mediation, "Mediation failed, with the reason"
)
cases.transition(
    "withdraw", "/{int:pk}/withdraw", WithdrawIn, services.withdraw_dispute, "The applicant withdraws"
)

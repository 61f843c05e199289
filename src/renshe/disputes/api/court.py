"""After the award: its service on each party, a party's suit (劳动争议调解仲裁法 第四十八条, 第五十条), the employer's
petition to revoke a final award and the court's ruling (第四十九条), the court's judgment, or no suit in time and
the award stands."""

from renshe.core.api import VersionIn

from .. import services
from .case import cases
from .schemas import JudgmentIn, RevocationPetitionIn, RevocationRulingIn, ServeAwardIn, SuitIn

cases.transition(
    "serve_award",
    "/{int:pk}/arbitration/service",
    ServeAwardIn,
    services.serve_award,
    "The award served on one party: its own time to sue or petition runs from the day of receipt",
)
cases.transition(
    "petition_revocation",
    "/{int:pk}/arbitration/revocation",
    RevocationPetitionIn,
    services.petition_revocation,
    "The employer petitions the intermediate court to revoke a final award, within 30 days of receipt (第四十九条)",
)
cases.transition(
    "rule_on_revocation",
    "/{int:pk}/arbitration/revocation/ruling",
    RevocationRulingIn,
    services.rule_on_revocation,
    "The court's ruling on the petition: revoked (the parties may sue within 15 days) or upheld",
)
cases.transition(
    "suit",
    "/{int:pk}/suit",
    SuitIn,
    services.record_suit,
    "A party sued after the award; or the applicant (worker) sued on the dispute when the commission refused "
    "it or did not decide within the five days (第二十九条), or made no award within the period (第四十三条)",
)
cases.transition(
    "judgment",
    "/{int:pk}/judgment",
    JudgmentIn,
    services.record_judgment,
    "The court's judgment; the case closes",
)
cases.transition(
    "close",
    "/{int:pk}/close",
    VersionIn,
    services.close_after_award,
    "Every party served and every window run: the award stands, the case closes",
)

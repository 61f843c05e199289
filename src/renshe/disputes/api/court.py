"""After the award: a party sues (劳动争议调解仲裁法 第四十八条, 第五十条), the court's judgment, or no suit in
time and the award stands."""

from renshe.core.api import VersionIn

from .. import services
from .case import cases
from .schemas import JudgmentIn, SuitIn

cases.transition("suit", "/{int:pk}/suit", SuitIn, services.record_suit, "A party sued after the award")
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
    "No suit in time: the award stands, the case closes",
)

"""Closing: 结案 with the result, or 撤销立案 for a minor violation corrected (若干规定 第十八条)."""

from .. import services
from .case import cases
from .schemas import CloseIn, InspectionReasonIn

cases.transition("close", "/{int:pk}/close", CloseIn, services.close_case, "结案 with the result")
cases.transition(
    "revoke",
    "/{int:pk}/revoke",
    InspectionReasonIn,
    services.revoke_case,
    "撤销立案: minor and corrected (第十八条)",
)

"""Labour inspection and wage arrears over HTTP: everything the staff pages do, with the same data scope.

Thin on purpose, like disputes.api: each transition is one declaration (core.api.CaseApi.transition) that
hands the payload to the one service for it and answers with the case as it now stands. Every transition
carries the case `version` the client read; a stale one answers 409 and nothing is written. Money goes out
as decimal strings ("5200.37"). A module per section of the case's life; the schemas in schemas.py."""

# each section declares its endpoints on the router when imported
from . import (  # noqa: F401
    closing,
    consequences,
    coordination,
    handover,
    intake,
    investigation,
    ledger,
    orders,
    penalties,
)
from .case import router

__all__ = ["router"]

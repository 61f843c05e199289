"""Labour disputes over HTTP: everything the staff pages do, with the same data scope.

Thin on purpose: each transition is one declaration (core.api.CaseApi.transition) that hands the payload to
the one service for it and answers with the case as it now stands. Every transition carries the `version`
the client read; a stale one answers 409 and nothing is written. A module per section of the case's life;
the schemas in schemas.py."""

# each section declares its endpoints on the router when imported
from . import agreement, arbitration, court, intake, mediation, rooms, routing, statistics  # noqa: F401
from .case import router

__all__ = ["router"]

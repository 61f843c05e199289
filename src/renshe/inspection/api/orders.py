"""Orders and decisions: the 限期改正指令书, the statement heard or waived (陈述申辩), the 行政处理决定书 with
extra compensation (劳动保障监察条例 第二十六条), and for each document its service (送达) and whether the
employer complied."""

from renshe.core.api import Part

from .. import services
from ..models import HandlingDecision, PenaltyDecision, RectificationOrder
from .case import cases
from .schemas import ComplianceIn, DecisionIn, OrderIn, ServiceIn, StatementIn

cases.transition(
    "order", "/{int:pk}/orders", OrderIn, services.issue_rectification_order, "劳动保障监察限期改正指令书"
)
cases.transition(
    "statement",
    "/{int:pk}/statements",
    StatementIn,
    services.record_statement,
    "陈述申辩, heard or waived (第十九条)",
)
cases.transition(
    "decision",
    "/{int:pk}/decisions",
    DecisionIn,
    services.issue_handling_decision,
    "劳动保障监察行政处理决定书, with extra compensation 50%–100% (第二十六条)",
)

# each document's service (送达) and compliance, under the document's own path
STEPS = (
    ("service", ServiceIn, services.record_service, "送达 of the {}"),
    ("compliance", ComplianceIn, services.record_compliance, "Whether the employer complied with the {}"),
)
for kind, model in (
    ("orders", RectificationOrder),
    ("decisions", HandlingDecision),
    ("penalties", PenaltyDecision),
):
    for step, schema, service, summary in STEPS:
        cases.transition(
            f"{kind}_{step}",
            f"/{{int:pk}}/{kind}/{{int:doc_id}}/{step}",
            schema,
            service,
            summary.format(model._meta.verbose_name),
            part=Part(model),
            operation_id=f"inspection_{kind}_{step}",
        )

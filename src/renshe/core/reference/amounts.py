"""The statutory amounts an installation starts with (core.models.StatutoryAmount): the monthly minimum wage it
used before the amounts were data (its setting RENSHE_MONTHLY_MINIMUM_WAGE), from the day Shanghai's current
standard is believed to have taken effect. Takes the model so that the migration can pass its historical one."""

from datetime import date
from decimal import Decimal

from django.conf import settings

MINIMUM_WAGE_FROM = date(2025, 7, 1)
MINIMUM_WAGE_CITATION = (
    "上海市月最低工资标准（2025年7月1日起；原系统设置 RENSHE_MONTHLY_MINIMUM_WAGE，来源待核实）"
)


def load(amount_model) -> None:
    """Seed the minimum wage into an empty table (a migrated database; a test database after a flush)."""
    if not amount_model.objects.filter(kind="minimum_wage").exists():
        amount_model.objects.create(
            kind="minimum_wage",
            region=None,
            amount=Decimal(settings.RENSHE_MONTHLY_MINIMUM_WAGE),
            effective_from=MINIMUM_WAGE_FROM,
            citation=MINIMUM_WAGE_CITATION,
        )

"""Readable case numbers, unique per organisation, series and year: 张江调〔2026〕0001号."""

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import CaseSequence, Organisation


def next_case_number(
    organisation: Organisation, series: str, *, prefix: str | None = None, year: int | None = None
) -> str:
    """Issue the next number. The increment is one UPDATE, so on PostgreSQL the row lock serialises
    concurrent callers until their transactions end, and no two get the same number; a number whose
    transaction rolls back is not reused, as with paper registers."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        key = {"organisation": organisation, "series": series, "year": year}
        if not CaseSequence.objects.filter(**key).update(last_number=models.F("last_number") + 1):
            try:
                with transaction.atomic():
                    CaseSequence.objects.create(**key, last_number=1)
            except IntegrityError:  # another caller created the row first
                CaseSequence.objects.filter(**key).update(last_number=models.F("last_number") + 1)
        number = CaseSequence.objects.get(**key).last_number
    return f"{prefix or organisation.case_prefix}〔{year}〕{number:04d}号"

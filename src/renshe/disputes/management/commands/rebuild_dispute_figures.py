"""Recompute the statistics' monthly figures (metrics.MonthlyFigures) from the cases: after a bulk load
outside the services, or to repair them. The services keep them current otherwise."""

from django.core.management.base import BaseCommand
from django.db import transaction

from renshe.disputes import metrics


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        with transaction.atomic():
            rows = metrics.rebuild()
        self.stdout.write(f"{rows} rows of monthly figures rebuilt")

from django.core.management.base import BaseCommand

from renshe.core.timeline import seal


class Command(BaseCommand):
    help = "Seal the timeline events committed since the last anchor (Celery beat runs this every 5 minutes)."

    def handle(self, *args, **opts):
        anchor = seal()
        if anchor is None:
            self.stdout.write("nothing to seal")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"sealed events {anchor.first_event_id}–{anchor.last_event_id} ({anchor.count}) "
                    f"in anchor {anchor.pk}, root {anchor.root}"
                )
            )

from django.core.management.base import BaseCommand, CommandError

from renshe.core.timeline import verify_chain


class Command(BaseCommand):
    help = "Recompute every subject's hash chain and every anchor, and report the first that does not match."

    def handle(self, *args, **opts):
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"timeline broken at event {report.broken_at}: {report.reason} ({report.checked} verified before it)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"timeline intact: {report.checked} events and {report.anchors} anchors verified"
            )
        )

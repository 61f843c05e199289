from django.core.management.base import BaseCommand, CommandError

from renshe.core import demo
from renshe.core.models import Organisation


class Command(BaseCommand):
    help = "Load the demo organisations, users, enterprises and people into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=300)
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing when data is already there")

    def handle(self, *args, **opts):
        if Organisation.objects.exists():
            if not opts["if_empty"]:
                raise CommandError(
                    "the database already holds organisations; load the demo into an empty database"
                )
            self.stdout.write("demo data already loaded")
        else:
            world = demo.build(enterprises=opts["enterprises"], people=opts["people"], seed=opts["seed"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"demo loaded: {len(world.orgs)} organisations, {len(world.users)} users, "
                    f"{opts['enterprises'] + 1} enterprises, {opts['people'] + 2} people"
                )
            )
        self.stdout.write(f"\nDemo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, name, note in demo.logins():
            self.stdout.write(f"  {username:<14} {name:<6} {note}")

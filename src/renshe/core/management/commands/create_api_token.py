from django.core.management.base import BaseCommand, CommandError

from renshe.core.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for a user; the key is printed once and only its digest is stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username, name, **opts):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        _token, key = ApiToken.issue(user, name)
        self.stdout.write(key)

from django.core.management.base import BaseCommand, CommandError

from renshe.core import tokens
from renshe.core.errors import DomainError
from renshe.core.models import User


class Command(BaseCommand):
    help = (
        "Issue a personal access token for a user (as 个人中心 does); the key is printed once and only its "
        "digest is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")
        parser.add_argument("--days", type=int, default=90, help="valid this many days (at most a year)")
        parser.add_argument(
            "--scopes", default="read write", help="space-separated, e.g. 'read disputes:write'"
        )

    def handle(self, *args, username, name, days, scopes, **opts):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        try:
            _token, key = tokens.issue_personal_token(user, name=name, days=days, scopes=scopes)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(key)

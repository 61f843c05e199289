"""makemessages, also collecting the messages records are written from (`services.official("…")`): they are
kept in the bureau's language and shown in the reader's (core/recorded.py), so they need an English entry."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=official"]

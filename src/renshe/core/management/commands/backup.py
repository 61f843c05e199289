from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renshe.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write every table and every uploaded file into one gzip file (a tar: manifest.json, data.jsonl, "
        "media/…), from one consistent snapshot. Restore it with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="the file to write (default: $RENSHE_VAR_DIR/backups/renshe-YYYYMMDD-HHMMSS.tar.gz)",
        )

    def handle(self, *args, path=None, **opts):
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"renshe-{stamp}.tar.gz"
        log = (lambda m: self.stdout.write(f"  {m}")) if opts["verbosity"] > 1 else (lambda m: None)
        try:
            result = make_backup(Path(path), log=log)
        except (BackupError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from error
        manifest = result.manifest
        for name in manifest["missing_files"]:
            self.stderr.write(self.style.WARNING(f"file missing from storage, not in the backup: {name}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written to {result.path}: {result.rows} rows in {len(manifest['counts'])} tables, "
                f"{len(manifest['files'])} files; content sha256 {manifest['content_sha256']}"
            )
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renshe.core.backup import BackupError, check_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a file written by `manage.py backup`, in one transaction. Refuses a file whose checksum or "
        "migration state does not match, and a database that holds records unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="clear the records this database holds (all tables the backup restores, and the sessions)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the file's checksums and migration state; change nothing",
        )

    def handle(self, *args, path, replace=False, check=False, **opts):
        log = (lambda m: self.stdout.write(f"  {m}")) if opts["verbosity"] > 1 else (lambda m: None)
        try:
            if check:
                manifest = check_backup(Path(path))
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{path} is intact: {sum(manifest['counts'].values())} rows, {len(manifest['files'])} "
                        f"files, made {manifest['created_at']}; content sha256 {manifest['content_sha256']}"
                    )
                )
                return
            result = restore_backup(Path(path), replace=replace, log=log)
        except BackupError as error:
            raise CommandError(f"restore refused: {error}") from error
        except OSError as error:
            raise CommandError(f"restore failed and was rolled back: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {result.rows} rows and {result.files} files from {path} "
                f"(made {result.manifest['created_at']}); row counts match the manifest, "
                f"timeline intact ({result.events_verified} events verified)"
            )
        )

from django.core.management.base import BaseCommand, CommandError

from renshe.core import files, protection


class Command(BaseCommand):
    help = (
        "Re-encrypt every ID number, phone number and kept file under RENSHE_DATA_KEY and recompute the "
        "digests (the values in one transaction) and record the key as the database's. Put the old key in "
        "RENSHE_DATA_KEY_PREVIOUS first; remove it after this has run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=2000, help="rows read and written at a time")

    def handle(self, *args, batch, **opts):
        log = (lambda m: self.stdout.write(f"  {m}")) if opts["verbosity"] > 1 else (lambda m: None)
        try:
            # the files first: until the values' transaction commits, both keys are held and read both
            sealed = sum(files.seal_files(model, log=log) for model in files.stored_file_models())
            result = protection.rotate(batch=max(1, batch), log=log)
        except (protection.DataKeyError, protection.DataKeyMismatch) as error:
            raise CommandError(f"{error}; nothing was changed") from error
        for context in sorted(result.values):
            self.stdout.write(
                f"  {context}: {result.values[context]} values re-encrypted "
                f"({result.from_previous[context]} were under a previous key), "
                f"{result.digests[context]} digests recomputed"
            )
        self.stdout.write(f"  files: {sealed} re-encrypted")
        rows = sum(result.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows} rows, {sum(result.values.values())} values now under data key {result.key_id}; "
                + (
                    "RENSHE_DATA_KEY_PREVIOUS can now be emptied"
                    if protection.keyring().previous
                    else "no previous key is configured"
                )
            )
        )

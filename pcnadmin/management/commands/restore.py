import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcnadmin.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by the backup command (replaces its contents)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, yes=False, **options):
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Nothing restored: there is no terminal to confirm on. To restore without "
                    "asking, add --yes (make restore FILE=... YES=1)."
                )
            try:
                answer = input(f"Replace the whole database with {file}? Type 'restore' to go on: ")
            except EOFError:
                answer = ""
            if answer.strip() != "restore":
                raise CommandError("Nothing restored.")
        try:
            restore(Path(file))
        except BackupError as exc:
            raise CommandError(f"Restore failed, database unchanged: {exc}") from exc
        self.stdout.write(f"Restored from {file}")

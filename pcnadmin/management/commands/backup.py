from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pcnadmin.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format on PostgreSQL, a file copy on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="default: backups/pcnadmin-<timestamp>.backup")

    def handle(self, *args, file=None, **options):
        path = Path(file or f"backups/pcnadmin-{datetime.now():%Y%m%d-%H%M%S}.backup")
        try:
            backup(path)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(f"Backed up to {path}")

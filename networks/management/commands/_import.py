from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class ImportCommand(BaseCommand):
    """Shared shape of the CSV import commands: read the file, run the import, report."""

    importer = None

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        result = type(self).importer(path.read_bytes())
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"error: {error}")
            raise CommandError(
                f"Nothing imported: {len(result.errors)} problem(s), first at {result.errors[0]}"
            )
        self.stdout.write(f"Imported {path.name}: {result.summary()}.")
        for rename in result.renames:
            self.stdout.write(f"renamed: {rename}")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from funding import services


class Command(BaseCommand):
    help = (
        "Load financial years, streams, the ARRS role catalogue and the rate schedules (national, "
        "planning-2019) from the shipped rates files, or from the files named (idempotent). A row "
        "an administrator edited is never overwritten: its differences are reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="Rates files (default: fixtures/rates/*).")

    def handle(self, *args, files, **options):
        for file in files:
            if not Path(file).is_file():
                raise CommandError(f"No rates file at {file}.")
        try:
            report = services.rates_load(*files)
        except Exception as exc:  # any problem leaves the database as it was (one transaction)
            raise CommandError(f"Rates not loaded ({exc.__class__.__name__}): {exc}") from exc
        self.stdout.write(
            "Rates loaded: "
            + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.counts.items())
        )
        for line in report.kept:
            self.stdout.write(f"Not overwritten: {line}")

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from funding import services


class Command(BaseCommand):
    help = "Load financial years, DES rates and the ARRS role catalogue from a rates file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(services.DEFAULT_RATES_FILE))

    def handle(self, *args, file, **options):
        if not Path(file).is_file():
            raise CommandError(f"No rates file at {file}.")
        try:
            counts = services.rates_load(file)
        except Exception as exc:  # any problem leaves the database as it was (one transaction)
            raise CommandError(f"Rates not loaded ({exc.__class__.__name__}): {exc}") from exc
        self.stdout.write(
            "Rates loaded: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        )

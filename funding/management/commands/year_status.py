import sys

from django.core.management.base import BaseCommand

from funding.management.commands import _options
from funding.rules import readiness
from funding.selectors import checklist as year_setup

MARKS = {readiness.SET: "set", readiness.MISSING: "MISSING", readiness.OPTIONAL: "not needed"}


class Command(BaseCommand):
    help = (
        "Print a financial year's checklist (what is set, what is missing, what differs from the "
        "year before, for each purpose) and exit 1 while anything needed is missing, 0 when "
        "nothing is, e.g. --year 2026/27 [--rates national]."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2026/27.")
        _options.add_rates(parser)

    def handle(self, *args, year, **options):
        financial_year = _options.financial_year(year)
        schedule, known_on = _options.rates(options)
        checklist = year_setup.year_checklist(financial_year, schedule, known_on)
        self.stdout.write(
            f"{financial_year.label} ({schedule.slug} schedule, as known on {known_on}); "
            f"compared with {checklist.last_year or 'no earlier year'}"
        )
        for _, label, items in checklist.purposes():
            self.stdout.write(f"\n{label}")
            for item in items:
                differs = " (differs)" if item.differs else ""
                note = f" — {item.note}" if item.note else ""
                self.stdout.write(
                    f"  [{MARKS[item.state]}] {item.name}: {item.figure}{differs}; "
                    f"before: {item.last_year}{note}"
                )
        if financial_year.ready_at:
            marked = f"Marked ready by {financial_year.ready_by_name} on {financial_year.ready_at:%Y-%m-%d}."
        else:
            marked = "Not marked ready."
        missing = checklist.missing
        self.stdout.write(f"\n{len(missing)} needed item(s) missing. {marked}")
        if missing:
            sys.exit(1)

from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from funding import selectors as funding_selectors
from funding.management.commands import _options
from funding.models import ArrsRole, ArrsRoleRate, FinancialYear
from funding.rules import AREAS
from funding.statements import RatesUsed
from workforce import rules

# A post's costs for up to twelve months: anything above this is a typo.
MAX_COST = Decimal(10_000_000)


class Command(BaseCommand):
    help = (
        "Print the ARRS reimbursable amount for a role, WTE, number of months and actual cost "
        "(DES rules §5): each month at the maximum in force then for the area, the whole period "
        "priced and rounded once. Example: arrs_quote --role clinical-pharmacist --year 2022/23 "
        "--wte 1 --months 12 --actual-cost 70000 prints 58315.00"
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="Role slug, e.g. clinical-pharmacist.")
        parser.add_argument(
            "--year", help="Financial year, e.g. 2021/22 (or give --from-month instead)."
        )
        parser.add_argument(
            "--wte", required=True, help="Whole-time equivalent, more than 0 and at most 1."
        )
        parser.add_argument("--months", required=True, type=int, help="Months claimed, 1 to 12.")
        parser.add_argument(
            "--actual-cost", required=True, help="Salary plus employer on-costs for the months."
        )
        parser.add_argument(
            "--from-month", help="First month claimed, YYYY-MM (default: the year's first month)."
        )
        parser.add_argument("--area", choices=AREAS, default="national")
        _options.add_rates(parser)

    def _first_month(self, options) -> tuple[FinancialYear, date]:
        first = None
        if options["from_month"]:
            try:
                first = date.fromisoformat(options["from_month"].strip() + "-01")
            except ValueError as error:
                raise CommandError("--from-month must look like 2021-07.") from error
        if options["year"]:
            year = _options.financial_year(options["year"])
        elif first is not None:
            year = FinancialYear.objects.containing(first).first()
            if year is None:
                raise CommandError(f"No financial year containing {first:%B %Y} is set up.")
        else:
            raise CommandError("Give --year or --from-month.")
        first = first or year.start
        if not year.start <= first <= year.end:
            raise CommandError(f"--from-month {options['from_month']} is not in {year.label}.")
        return year, first

    def handle(self, *args, **options):
        role = ArrsRole.objects.filter(slug=options["role"]).first()
        if role is None:
            known = ", ".join(ArrsRole.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"Unknown role {options['role']!r}; known roles: {known}.")
        year, first = self._first_month(options)
        schedule, known_on = _options.rates(options)
        wte = _options.number(options["wte"], "--wte", maximum=Decimal(1), example="0.8")
        cost = _options.number(
            options["actual_cost"], "--actual-cost", maximum=MAX_COST, example="15000"
        )
        rates = funding_selectors.role_rates([role.pk], schedule).get(role.pk, [])
        first_rate = (
            ArrsRoleRate.objects.filter(schedule=schedule).order_by("effective_from").first()
        )
        try:
            working = rules.quote(
                rates=rates,
                role_name=role.name,
                first_month=first,
                months=options["months"],
                wte=wte,
                actual_cost=cost,
                year_end=year.end,
                area=options["area"],
                as_known_on=known_on,
                scheme_start=first_rate.effective_from if first_rate else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Rates: {RatesUsed(schedule.slug, known_on)}")
        if working.note:
            self.stderr.write(working.note)
        self.stdout.write(str(working.reimbursable))

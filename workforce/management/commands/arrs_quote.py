from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from funding import selectors as funding_selectors
from funding.models import ArrsRole
from workforce import rules


def _decimal(value: str, name: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise CommandError(f"--{name} must be a number, not {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Print the ARRS reimbursable amount for a role, WTE, number of months and actual cost "
        "(DES rules §5), each month at the maximum in force then. Example: arrs_quote --role "
        "clinical-pharmacist --year 2021/22 --wte 0.8 --months 3 --actual-cost 15000"
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, help="Role slug, e.g. clinical-pharmacist.")
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2021/22.")
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

    def handle(self, *args, **options):
        role = ArrsRole.objects.filter(slug=options["role"]).first()
        if role is None:
            known = ", ".join(ArrsRole.objects.values_list("slug", flat=True)) or "none loaded"
            raise CommandError(f"Unknown role {options['role']!r}; known roles: {known}.")
        try:
            year = funding_selectors.financial_year_by_slug(options["year"])
        except Http404 as error:
            raise CommandError(f"Unknown financial year {options['year']!r}.") from error
        wte = _decimal(options["wte"], "wte")
        cost = _decimal(options["actual_cost"], "actual-cost")
        first = year.start
        if options["from_month"]:
            try:
                first = date.fromisoformat(options["from_month"] + "-01")
            except ValueError as error:
                raise CommandError("--from-month must look like 2021-07.") from error
            if not year.start <= first <= year.end:
                raise CommandError(f"--from-month {options['from_month']} is not in {year.label}.")
        rates = funding_selectors.role_rates([role.pk]).get(role.pk, [])
        try:
            working = rules.quote(
                rates=rates,
                role_name=role.name,
                first_month=first,
                months=options["months"],
                wte=wte,
                actual_cost=cost,
                year_end=year.end,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(working.reimbursable))

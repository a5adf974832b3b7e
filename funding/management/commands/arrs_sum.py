from django.core.management.base import BaseCommand, CommandError

from funding import selectors
from funding.management.commands import _options


class Command(BaseCommand):
    help = (
        "Print a PCN's ARRS sum for a financial year from its weighted population, to the penny "
        "(DES rules §6), e.g. --year 2020/21 --weighted-population 30000 prints 129321.00."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2020/21.")
        parser.add_argument(
            "--weighted-population", required=True, help="The PCN's weighted population."
        )

    def handle(self, *args, year, weighted_population, **options):
        financial_year = _options.financial_year(year)
        weighted = _options.population(weighted_population)
        terms = selectors.arrs_terms(financial_year)
        if terms is None:
            raise CommandError(f"No ARRS sum rule is set up for {financial_year.label}.")
        entitlement = selectors.arrs_entitlement(terms, weighted)
        self.stdout.write(f"{entitlement.amount}")

from django.core.management.base import BaseCommand, CommandError

from funding import selectors
from funding.management.commands import _options
from funding.statements import RatesUsed


class Command(BaseCommand):
    help = (
        "Print a PCN's ARRS sum for a financial year from its weighted population, to the penny "
        "(DES rules §6), e.g. --year 2023/24 --weighted-population 30000 prints 680130.00; "
        "--gp prints the separate GP sum where the year has one (2024/25)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2020/21.")
        parser.add_argument(
            "--weighted-population", required=True, help="The PCN's weighted population."
        )
        parser.add_argument("--gp", action="store_true", help="Print the separate GP sum.")
        _options.add_rates(parser)

    def handle(self, *args, year, weighted_population, gp, **options):
        financial_year = _options.financial_year(year)
        weighted = _options.population(weighted_population)
        schedule, known_on = _options.rates(options)
        terms = selectors.arrs_terms(financial_year, schedule, known_on)
        if terms is None:
            raise CommandError(
                f"No ARRS sum rule is set up for {financial_year.label} in the {schedule.slug} "
                "schedule."
            )
        entitlement = selectors.arrs_entitlement(terms, weighted)
        self.stderr.write(f"Rates: {RatesUsed(schedule.slug, known_on)}")
        if gp:
            if entitlement.gp_amount is None:
                raise CommandError(
                    f"{financial_year.label} has no separate GP sum in the {schedule.slug} "
                    "schedule."
                )
            self.stdout.write(f"{entitlement.gp_amount}")
            return
        self.stdout.write(f"{entitlement.amount}")

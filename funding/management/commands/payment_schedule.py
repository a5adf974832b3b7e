from django.core.management.base import BaseCommand

from funding import statements
from funding.management.commands import _options


class Command(BaseCommand):
    help = (
        "Print a commissioner's payment schedule for a financial year: one row per payee, stream "
        "and month (the same rows as the payments page). The schedule used goes to standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2020/21.")
        parser.add_argument("--commissioner", required=True, help="Commissioner ODS code.")
        _options.add_format(parser)
        _options.add_rates(parser)

    def handle(self, *args, year, commissioner, format, **options):
        financial_year = _options.financial_year(year)
        schedule, known_on = _options.rates(options)
        result = statements.payment_schedule(
            _options.commissioner(commissioner), financial_year, None, schedule, known_on
        )
        self.stderr.write(f"Rates: {result.rates_used}")
        for name in result.missing:
            self.stderr.write(f"Not set for {financial_year.label}: {name} (no payments shown)")
        for pcn_name, flag in result.flags:
            self.stderr.write(f"{pcn_name}: {flag.message}")
        _options.write(
            self.stdout,
            format,
            statements.PAYMENT_HEADER,
            [statements.payment_row_export(r, result.rates_used) for r in result.rows],
        )

from django.core.management.base import BaseCommand

from funding import statements
from funding.management.commands import _options
from networks.models import PCN


class Command(BaseCommand):
    help = (
        "Print each PCN's entitlement for a financial year: list sizes, every payment stream of "
        "the year, the ARRS sum (and the GP sum) and the total, as CSV or JSON. A stream without "
        "a rate is empty and so is the total. The schedule used goes to standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2019/20.")
        parser.add_argument("--commissioner", help="Only this commissioner's PCNs (ODS code).")
        _options.add_format(parser)
        _options.add_rates(parser)

    def handle(self, *args, year, commissioner, format, **options):
        financial_year = _options.financial_year(year)
        schedule, known_on = _options.rates(options)
        pcns = PCN.objects.select_related("commissioner", "nominated_payee").order_by(
            "commissioner__code", "name"
        )
        if commissioner:
            pcns = pcns.filter(commissioner=_options.commissioner(commissioner))
        summary = statements.entitlement_summary(financial_year, pcns, schedule, known_on)
        self.stderr.write(f"Rates: {summary.rates_used}")
        for name in summary.missing:
            self.stderr.write(f"Not set for {financial_year.label}: {name}")
        _options.write(self.stdout, format, summary.header, summary.export_rows())

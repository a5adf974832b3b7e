from django.core.management.base import BaseCommand

from funding import statements
from funding.management.commands import _options
from networks.models import PCN


class Command(BaseCommand):
    help = (
        "Print each PCN's entitlement for a financial year: list sizes, the four payment streams, "
        "the ARRS sum and the total (streams + ARRS sum), as CSV or JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2019/20.")
        parser.add_argument("--commissioner", help="Only this commissioner's PCNs (ODS code).")
        _options.add_format(parser)

    def handle(self, *args, year, commissioner, format, **options):
        financial_year = _options.financial_year(year)
        pcns = PCN.objects.select_related("commissioner", "nominated_payee").order_by(
            "commissioner__code", "name"
        )
        if commissioner:
            pcns = pcns.filter(commissioner=_options.commissioner(commissioner))
        rows = statements.entitlement_rows(financial_year, pcns)
        _options.write(self.stdout, format, statements.EXPORT_HEADER, [r.as_export() for r in rows])

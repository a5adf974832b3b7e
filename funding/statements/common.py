"""What the presenters share: the labels of bases and payees, which rates a page used, and the
PCNs of a commissioner in a user's scope."""

from dataclasses import dataclass
from datetime import date

from funding import engine
from funding import formatting as fmt
from funding.models import Basis, FinancialYear, PaidTo
from networks.models import PCN, Commissioner

ZERO = engine.ZERO
BASIS_LABELS = dict(Basis.choices)
PAID_TO_LABELS = dict(PaidTo.choices)


@dataclass(frozen=True)
class RatesUsed:
    """Which rates a page, PDF, CSV or command used: the schedule and the day they were known on."""

    schedule: str
    as_known_on: date

    def __str__(self):
        return f"{self.schedule} rates as known on {fmt.day(self.as_known_on)}"


def _rates_used(inputs: engine.YearInputs) -> RatesUsed:
    return RatesUsed(inputs.schedule, inputs.as_known_on)


def commissioner_pcns(commissioner: Commissioner, user=None):
    """The commissioner's PCNs (those in ``user``'s scope when given), with what statements and
    payments show of them, in one query."""
    qs = PCN.objects.filter(commissioner=commissioner)
    if user is not None:
        qs = PCN.objects.visible_to(user).filter(commissioner=commissioner)
    return qs.select_related("commissioner", "nominated_payee").order_by("name")


def all_years(years: list[FinancialYear] | None = None) -> list[FinancialYear]:
    """The years a page's year picker lists: those the view already loaded, else every year."""
    return list(FinancialYear.objects.all()) if years is None else years

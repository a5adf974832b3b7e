"""What a PCN has used of its ARRS sums in a year, as funding's statements need it, without funding
importing workforce (dependencies point one way: workforce → funding → networks). Workforce, which
holds the claims, registers the provider when the apps are ready (``WorkforceConfig.ready``)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class ArrsUse:
    """A PCN's ARRS claims in a financial year: approved (including paid) and pending (submitted
    or queried) reimbursable amounts against the main sum, and the same for lines that count
    against a separate GP sum (2024/25)."""

    approved: Decimal = Decimal("0.00")
    pending: Decimal = Decimal("0.00")
    gp_approved: Decimal = Decimal("0.00")
    gp_pending: Decimal = Decimal("0.00")


Provider = Callable[..., dict[int, ArrsUse]]
_provider: Provider | None = None


def register(provider: Provider) -> None:
    """Set the function that answers ``use_by_pcn`` (workforce.selectors.arrs_use_by_pcn)."""
    global _provider
    _provider = provider


def use_by_pcn(pcn_ids, financial_year) -> dict[int, ArrsUse]:
    """ARRS use per PCN for the year; nothing when no provider is registered (no claims app)."""
    return _provider(pcn_ids, financial_year) if _provider else {}


@dataclass(frozen=True)
class ArrsPaid:
    """What a PCN's paid ARRS claims paid in one month (by the payment run's date)."""

    pcn_id: int
    month: date
    amount: Decimal


PaidProvider = Callable[..., list[ArrsPaid]]
_paid_provider: PaidProvider | None = None


def register_paid(provider: PaidProvider) -> None:
    """Set the function that answers ``paid_by_pcn_month`` (workforce.selectors.arrs_paid)."""
    global _paid_provider
    _paid_provider = provider


def paid_by_pcn_month(pcn_ids, start, end) -> list[ArrsPaid]:
    """ARRS paid on claims to these PCNs by payment runs dated from ``start`` to ``end``, per PCN
    and month; nothing when no provider is registered."""
    return _paid_provider(pcn_ids, start, end) if _paid_provider else []

"""Reads of workforce data, scoped by user."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ArrsUse:
    """A PCN's ARRS claims in a financial year: approved (including paid) and pending (submitted
    or queried) reimbursable amounts."""

    approved: Decimal = Decimal("0.00")
    pending: Decimal = Decimal("0.00")


def arrs_use_by_pcn(pcn_ids, financial_year) -> dict[int, ArrsUse]:
    """ARRS approved and pending per PCN for ``financial_year`` (constant queries, any number of
    PCNs). PCNs without claims are absent from the result."""
    return {}

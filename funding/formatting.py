"""How money, rates, list sizes and periods are written on statements and in PDFs. Formatting
only: every figure arrives already computed and rounded by the engine."""

from datetime import date
from decimal import Decimal

from funding.rules import Period


def gbp(amount: Decimal | None) -> str:
    """£22,214.05 (negative amounts as −£12.00)."""
    if amount is None:
        return "—"
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def plain(amount: Decimal | None) -> str:
    """22,214.05: a table cell whose column heading says it is money."""
    if amount is None:
        return "—"
    return f"{amount:,.2f}"


def rate(amount: Decimal) -> str:
    """A per-patient rate with the decimals it was published with, at least two: £0.514, £1.50."""
    text = f"{amount.normalize():f}"
    whole, _, decimals = text.partition(".")
    return f"£{int(whole):,}.{decimals.ljust(2, '0')}"


def patients(size: Decimal | int, basis: str) -> str:
    """43,218 registered patients; 6,142.50 weighted patients; 41,000.00 adjusted population."""
    if basis == "registered":
        return f"{int(size):,} registered patients"
    if basis == "care_home_beds":
        return f"{int(size):,} bed-months"
    if basis == "adjusted":
        return f"{Decimal(size):,.2f} adjusted population"
    return f"{Decimal(size):,.2f} weighted patients"


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def period(value: Period) -> str:
    """1 Jul 2019 – 31 Mar 2020, 9 months."""
    months = len(value.months)
    return f"{day(value.start)} – {day(value.end)}, {months} month{'s' if months != 1 else ''}"

"""Money to the penny, financial years, payment periods and instalments: DES rules §3 and §4."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

PENNY = Decimal("0.01")


def to_penny(amount: Decimal) -> Decimal:
    """Round to the penny, half-up (0.005 → 0.01; -0.005 → -0.01). DES rules §6: "Round half-up"."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def financial_year_start(day: date) -> date:
    """1 April of the financial year containing ``day``. DES rules §3 (1 April to 31 March)."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Period:
    """A payment period, both dates inclusive. DES rules §3 (years 1 April–31 March; 2019/20
    streams from 1 July 2019)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Period ends ({self.end}) before it starts ({self.start}).")

    @property
    def days(self) -> int:
        """Number of days in the period, counting both ends. DES rules §4 (pro rata by days)."""
        return (self.end - self.start).days + 1

    @property
    def months(self) -> list[date]:
        """First day of each calendar month the period overlaps, in order. DES rules §3."""
        return list(self._months)

    @cached_property
    def _months(self) -> tuple[date, ...]:
        # Worked out once per period: a rate's period is shared by every PCN and share it pays.
        months, month = [], _first_of_month(self.start)
        while month <= self.end:
            months.append(month)
            month = _next_month(month)
        return tuple(months)

    def overlap(self, start: date, end: date | None) -> Period | None:
        """The part of this period inside start..end (end None = open-ended), or None.
        DES rules §1 (memberships have start and end dates)."""
        if end is not None and end < start:
            raise ValueError(f"Membership ends ({end}) before it starts ({start}).")
        first = max(start, self.start)
        last = self.end if end is None else min(end, self.end)
        return Period(first, last) if first <= last else None


def membership_share(whole: Decimal, period: Period, start: date, end: date | None) -> Decimal:
    """The part of a practice's whole-period amount earned while a member from start to end.

    DES rules §4: a practice joining or leaving mid-period earns pro rata by days, and the two
    PCNs' shares add up to the whole, to the penny. Each share is the difference of two rounded
    cumulative figures (days up to the end of membership, days before its start), so the
    shares of consecutive memberships telescope to exactly `whole`.
    """
    part = period.overlap(start, end)
    if part is None:
        return Decimal("0.00")
    days_to_end = (part.end - period.start).days + 1
    days_before = (part.start - period.start).days
    return to_penny(whole * days_to_end / period.days) - to_penny(whole * days_before / period.days)


def monthly_instalments(total: Decimal, months: Sequence[date]) -> list[tuple[date, Decimal]]:
    """Spread a total (already to the penny) over months in equal instalments; the last month
    takes the rounding pennies so the instalments add up to the total exactly. DES rules §3."""
    if not months:
        raise ValueError("Instalments need at least one month.")
    if total != to_penny(total):
        raise ValueError(f"Round the total ({total}) to the penny before spreading it.")
    each = to_penny(total / len(months))
    instalments = [(month, each) for month in months[:-1]]
    return [*instalments, (months[-1], total - each * (len(months) - 1))]

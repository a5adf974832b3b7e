"""Effective-dated rows: which rate, cap or condition is in force on a day as known on a date.
DES rules §5; des-years.md §3."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

AREAS = ("national", "outer-london", "inner-london")


class Effective:
    """A row in force from ``effective_from`` to ``effective_to`` (an open end: until a row starting
    later supersedes it). DES rules §5: rates are effective-dated rows."""

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True)
class RoleRate(Effective):
    """A role's reimbursement terms from ``effective_from`` (to ``effective_to``, or until a row
    starting later supersedes it), as announced on ``announced_on``. DES rules §5: percentages and
    maxima are effective-dated rows, uplifted mid-year; des-years.md §3: national, outer London
    and inner London maxima. A maximum of None is not published."""

    percent: Decimal
    max_annual_per_wte: Decimal | None
    effective_from: date
    effective_to: date | None
    announced_on: date = date.min
    max_outer_london: Decimal | None = None
    max_inner_london: Decimal | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.percent <= 100:
            raise ValueError(f"Reimbursement percentage {self.percent} is not between 0 and 100.")
        for maximum in (self.max_annual_per_wte, self.max_outer_london, self.max_inner_london):
            if maximum is not None and maximum < 0:
                raise ValueError("The maximum annual amount per WTE cannot be negative.")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"Rate ends ({self.effective_to}) before it starts ({self.effective_from})."
            )

    def maximum_for(self, area: str) -> tuple[Decimal | None, str]:
        """The maximum for a post in ``area``, and a note when the area's variant is not
        published and the national maximum applies instead. des-years.md §3 (the high cost area
        supplement, where published)."""
        if area not in AREAS:
            raise ValueError(f"Unknown area {area!r}: expected one of {', '.join(AREAS)}.")
        variant = {
            "outer-london": self.max_outer_london,
            "inner-london": self.max_inner_london,
        }.get(area)
        if area == "national" or variant is not None:
            return (self.max_annual_per_wte if area == "national" else variant), ""
        name = area.replace("-", " ")
        return (
            self.max_annual_per_wte,
            f"No {name} supplement is published for this role: the national maximum applies.",
        )


def in_force(rows: Sequence, day: date, as_known_on: date | None = None):
    """The row in force on ``day`` as known on ``as_known_on`` (None: every row known), or None.

    des-years.md and style.md §3: a row covers its ``effective_from`` to ``effective_to`` (an open
    end runs until a row starting later supersedes it: the national scheme keeps paying last
    year's maxima until an uplift is published); among the rows announced by ``as_known_on`` that
    cover the day, the latest start wins, and for the same start the latest announcement (a
    backdated uplift supersedes without deleting the earlier row). Two rows with the same start
    and announcement are a data error."""
    known = [
        r for r in rows if r.covers(day) and (as_known_on is None or r.announced_on <= as_known_on)
    ]
    if not known:
        return None
    best = max(known, key=lambda r: (r.effective_from, r.announced_on))
    twins = [
        r
        for r in known
        if (r.effective_from, r.announced_on) == (best.effective_from, best.announced_on)
    ]
    if len(twins) > 1:
        raise ValueError(
            f"{len(twins)} rows start on {best.effective_from} with the same announcement date."
        )
    return best


def rate_in_force(
    rates: Sequence[RoleRate], month: date, as_known_on: date | None = None
) -> RoleRate | None:
    """The role's terms in force on the 1st of ``month`` as known on ``as_known_on``, or None
    when the role is not reimbursable then. DES rules §5: "compute a claim month with the maximum
    in force in that month"."""
    return in_force(rates, month.replace(day=1), as_known_on)


def latest_announcements(rows: Sequence, key, as_known_on: date | None = None) -> list:
    """Of rows grouped by ``key(row)``, the one announced last by ``as_known_on`` in each group
    (a stream's rate for a period, a year's ARRS sum rule): a later announcement for the same
    period supersedes the earlier row (des-years.md: core raised on 26 September 2024 back to
    1 April 2024)."""
    best: dict = {}
    for row in rows:
        if as_known_on is not None and row.announced_on > as_known_on:
            continue
        k = key(row)
        if k not in best or row.announced_on > best[k].announced_on:
            best[k] = row
    return list(best.values())

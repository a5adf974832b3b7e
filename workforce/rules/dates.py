"""Claim months and the commissioner's clock: months between dates, working days, terms and
employment in force in a month. Pure: dates in, dates out."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from funding.rules import Period

RESPONSE_WORKING_DAYS = 5  # DES rules §7: the contracts team responds within 5 working days


def working_days_after(start: date, n: int, holidays: Container[date]) -> date:
    """The date n working days (Monday to Friday, not a bank holiday) after start: the
    commissioner's 5-working-day response clock. DES rules §7, commissioner checks."""
    if n < 0:
        raise ValueError(f"Number of working days cannot be negative ({n}).")
    day = start
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            n -= 1
    return day


def months_between(first: date, last: date) -> list[date]:
    """First day of each month from first's month to last's month, inclusive. DES rules §7
    (claims are monthly; backdated to the staff start date within the year)."""
    if last.replace(day=1) < first.replace(day=1):
        raise ValueError(f"The last month ({last:%B %Y}) is before the first ({first:%B %Y}).")
    return Period(first.replace(day=1), last).months


def due_date(submitted_on: date, holidays: Container[date]) -> date:
    """When the commissioner's response to a claim submitted on ``submitted_on`` is due.
    DES rules §7, commissioner checks (England and Wales bank holidays excluded)."""
    return working_days_after(submitted_on, RESPONSE_WORKING_DAYS, holidays)


def last_claimable_month(today: date) -> date:
    """The latest month a PCN can claim on ``today``: the month before (claims are made monthly
    in arrears for costs actually incurred, DES rules §7)."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def payment_date_problem(paid_on: date, today: date) -> str | None:
    """Why a payment run cannot be dated ``paid_on``, or None. A claim is marked paid when the
    money has gone: DES rules §7 (reimbursement of costs actually incurred, paid monthly in
    arrears), so a run dated after today would record as paid what has not been paid."""
    if paid_on > today:
        return (
            f"A payment run is dated the day it is paid: {paid_on:%-d %B %Y} is after today "
            f"({today:%-d %B %Y})."
        )
    return None


@dataclass(frozen=True)
class Term:
    """A staff member's role and WTE from ``effective_from`` (a dated change, never an edit)."""

    effective_from: date
    role: str
    wte: Decimal


def month_end(month: date) -> date:
    """The last day of ``month``."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def term_in_force(terms: Sequence[Term], month: date) -> Term | None:
    """The term that applies to a claim month: the latest one starting on or before the month's
    last day (a change during the month applies to the whole month). None before the first."""
    last_day = month_end(month)
    current = None
    for term in sorted(terms, key=lambda t: t.effective_from):
        if term.effective_from <= last_day:
            current = term
    return current


def in_post(start: date, end: date | None, month: date) -> bool:
    """True when someone employed from ``start`` to ``end`` works any day of ``month``."""
    return start <= month_end(month) and (end is None or end >= month.replace(day=1))

"""Writes for setting a financial year up in the browser: creating the next year from the last,
adding its rates to the national schedule (each row with its source, status and announcement
date, kept in its history), and marking it ready once its checklist is complete.

"Copying the last year" copies no figure (docs/adr/0004-adding-a-year.md): the new year gets its
dates and remembers the year it came from, and its checklist shows last year's figure beside each
one still missing. A figure is entered by a person, with its source; role maxima need no copy,
because a maximum stays in force until a row starting later supersedes it (DES rules §5)."""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from funding.models import (
    NATIONAL,
    ArrsRole,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    PaymentRate,
    PaymentStream,
    RateSchedule,
)
from funding.selectors import checklist as year_setup
from funding.services.common import RatesError, _name
from funding.services.rows import (
    arrs_role_rate_upsert,
    arrs_sum_rule_set,
    payment_rate_upsert,
)


def _edited(row):
    """A row entered in the browser: a later ``load_rates`` never overwrites it."""
    if not row.edited:
        row.edited = True
        row.save(update_fields=["edited"])
    return row


def next_year_dates(last: FinancialYear) -> dict:
    """The year after ``last``: 1 April to 31 March, list sizes at 1 January before (DES §2–3)."""
    start = date(last.start.year + 1, 4, 1)
    return {
        "label": f"{start.year}/{(start.year + 1) % 100:02d}",
        "start": start,
        "end": date(start.year + 1, 3, 31),
        "reference_date": date(start.year, 1, 1),
    }


@transaction.atomic
def year_create_next(*, by) -> FinancialYear:
    """Create the year after the latest one, remembering it as the year it was copied from."""
    last = FinancialYear.objects.select_for_update().order_by("-start").first()
    if last is None:
        raise RatesError("No financial year is set up yet: load the rates first (load_rates).")
    dates = next_year_dates(last)
    year = FinancialYear(copied_from=last, **dates)
    year.full_clean()
    year.save()
    year_setup.forget_banner()
    return year


@transaction.atomic
def year_mark_ready(*, year: FinancialYear, by, at: datetime | None = None) -> FinancialYear:
    """Record that the year's checklist is complete: who and when (kept in the year's history).
    Refused, naming what is missing, while anything needed is not set."""
    year = FinancialYear.objects.select_for_update().get(pk=year.pk)
    if year.ready_at is not None:
        raise RatesError(f"{year.label} was already marked ready by {year.ready_by_name}.")
    checklist = year_setup.year_checklist(year)
    if not checklist.complete:
        raise RatesError(
            f"{year.label} cannot be marked ready while something needed is missing — "
            f"{checklist.missing_text()}."
        )
    year.ready_at = at or timezone.now()
    year.ready_by_name = _name(by)
    year.save(update_fields=["ready_at", "ready_by_name"])
    year_setup.forget_banner()
    return year


def _national() -> RateSchedule:
    return RateSchedule.objects.get(slug=NATIONAL)


@transaction.atomic
def year_stream_rate_add(
    *,
    year: FinancialYear,
    stream: PaymentStream,
    components: list[tuple[str, Decimal]],
    period_start: date,
    period_end: date,
    announced_on: date,
    status: str,
    source: str,
    by=None,
) -> PaymentRate:
    """Add a stream's rate for a period within ``year`` to the national schedule. A row with the
    same start and a later announcement supersedes an earlier one from that day."""
    if not (year.start <= period_start <= period_end <= year.end):
        raise RatesError(f"The period lies within {year.label} ({year.start} – {year.end}).")
    if not components:
        raise RatesError("Enter at least one amount per patient or per bed.")
    list(PaymentRate.objects.select_for_update().filter(stream=stream))
    rate = payment_rate_upsert(
        schedule=_national(),
        stream=stream,
        period_start=period_start,
        period_end=period_end,
        announced_on=announced_on,
        components=components,
        status=status,
        source=source.strip(),
    )
    return _edited(rate)


@transaction.atomic
def year_sum_rule_set(
    *,
    year: FinancialYear,
    per_head: Decimal,
    redistribution_allowed: bool,
    announced_on: date,
    status: str,
    source: str,
    by=None,
) -> ArrsSumRule:
    """Set the year's ARRS sum per weighted patient in the national schedule (DES rules §6); a
    later announcement supersedes an earlier one from that day."""
    rule = arrs_sum_rule_set(
        financial_year=year,
        method=ArrsSumRule.Method.PER_HEAD,
        schedule=_national(),
        announced_on=announced_on,
        per_head=per_head,
        redistribution_allowed=redistribution_allowed,
        status=status,
        source=source.strip(),
    )
    return _edited(rule)


@transaction.atomic
def year_role_rate_add(
    *,
    role: ArrsRole,
    effective_from: date,
    announced_on: date,
    percent: Decimal,
    max_annual_per_wte: Decimal | None,
    max_outer_london: Decimal | None,
    max_inner_london: Decimal | None,
    status: str,
    source: str,
    by=None,
) -> ArrsRoleRate:
    """Add a role's terms from ``effective_from`` to the national schedule; they stay in force
    until a row starting later supersedes them (DES rules §5)."""
    list(ArrsRoleRate.objects.select_for_update().filter(role=role))
    rate = arrs_role_rate_upsert(
        schedule=_national(),
        role=role,
        effective_from=effective_from,
        announced_on=announced_on,
        percent=percent,
        max_annual_per_wte=max_annual_per_wte,
        max_outer_london=max_outer_london,
        max_inner_london=max_inner_london,
        status=status,
        source=source.strip(),
    )
    return _edited(rate)

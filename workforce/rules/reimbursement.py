"""What a claim line is worth: actual costs, the percentage up to the maximum in force each
month, a quote for a period, and the amount a contract manager approves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from funding.rules import Period, RoleRate, rate_in_force, to_penny
from workforce.rules._common import check_wte, money

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class LineComputation:
    """The working of one claim line, as shown to the reviewer. DES rules §5 and §6."""

    actual_cost: Decimal
    percent: Decimal
    percentage_amount: Decimal
    cap: Decimal
    reimbursable: Decimal
    capped: bool
    note: str = ""  # e.g. no London supplement published: the national maximum was used


def actual_costs(
    *,
    salary: Decimal,
    employer_ni: Decimal,
    employer_pension: Decimal,
    apprenticeship_levy: Decimal = Decimal(0),
) -> Decimal:
    """A staff member's actual costs for a claim month: salary plus the employer's on-costs (NI
    and pension) and the apprenticeship levy where paid; nothing else is covered. DES rules §5."""
    return salary + employer_ni + employer_pension + apprenticeship_levy


def reimbursable_amount(
    *, actual_cost: Decimal, wte: Decimal, percent: Decimal, monthly_maxima: Sequence[Decimal]
) -> LineComputation:
    """Reimbursement for one staff member's claim line: the smaller of percent × actual costs
    and Σ over the months claimed of (maximum annual amount in force that month × WTE / 12),
    rounded half-up to the penny once, after taking the smaller.
    DES rules §5 and §6, worked examples 4, 5 and 6.
    """
    if actual_cost < 0:
        raise ValueError(f"Actual costs cannot be negative ({actual_cost}).")
    check_wte(wte)
    if not 0 <= percent <= 100:
        raise ValueError(f"Reimbursement percentage {percent} is not between 0 and 100.")
    if not 1 <= len(monthly_maxima) <= MONTHS_PER_YEAR:
        raise ValueError(f"A claim line covers 1 to 12 months, not {len(monthly_maxima)}.")
    if any(maximum < 0 for maximum in monthly_maxima):
        raise ValueError("Maximum annual amounts cannot be negative.")
    percentage_amount = percent / 100 * actual_cost
    # One division for the whole line: dividing month by month would add rounding noise.
    cap = sum(monthly_maxima, Decimal(0)) * wte / MONTHS_PER_YEAR
    return LineComputation(
        actual_cost=actual_cost,
        percent=percent,
        percentage_amount=percentage_amount,
        cap=cap,
        reimbursable=to_penny(min(percentage_amount, cap)),
        capped=cap < percentage_amount,
    )


def approved_amount(*, claimed: Decimal, approved: Decimal | None, reason: str) -> Decimal:
    """The amount a contract manager approves: the amount claimed, or a lower one with a reason.
    A claim of zero or less (a negative adjustment) is approved as claimed. Approving nothing of
    a positive claim is a rejection, which is final and says why. DES rules §7."""
    if approved is None or approved == claimed:
        return claimed
    if approved == 0 and claimed > 0:
        raise ValueError(
            "Approving £0.00 is a rejection: reject the claim instead, with the reason."
        )
    if claimed <= 0:
        raise ValueError(f"An adjustment of {money(claimed)} is approved as claimed or rejected.")
    if approved < 0 or approved > claimed:
        raise ValueError(
            f"The approved amount must be between £0.00 and the {money(claimed)} claimed."
        )
    if approved != to_penny(approved):
        raise ValueError("The approved amount is in pounds and pence.")
    if not reason.strip():
        raise ValueError("Give a reason for approving less than the amount claimed.")
    return approved


def quote(
    *,
    rates: Sequence[RoleRate],
    role_name: str,
    first_month: date,
    months: int,
    wte: Decimal,
    actual_cost: Decimal,
    year_end: date,
    area: str = "national",
    as_known_on: date | None = None,
    scheme_start: date | None = None,
) -> LineComputation:
    """Reimbursement for ``months`` months of a role from ``first_month`` within one financial
    year, each month at the maximum in force then for the post's area (as known on
    ``as_known_on``), priced for the whole period and rounded once. DES rules §5; des-years.md §3
    (area variants)."""
    if not 1 <= months <= MONTHS_PER_YEAR:
        raise ValueError(f"Months must be between 1 and 12, not {months}.")
    check_wte(wte, "The quote")
    if actual_cost < 0:
        raise ValueError(f"Actual costs cannot be negative ({actual_cost}).")
    first_month = first_month.replace(day=1)
    if scheme_start is not None and first_month < scheme_start.replace(day=1):
        raise ValueError(
            f"{first_month:%B %Y} is before the scheme began ({scheme_start:%-d %B %Y})."
        )
    claim_months = Period(first_month, year_end).months[:months]
    if len(claim_months) < months:
        raise ValueError(
            f"Only {len(claim_months)} months from {first_month:%B %Y} remain in the year."
        )
    maxima = []
    percents = set()
    notes = []
    for month in claim_months:
        rate = rate_in_force(rates, month, as_known_on)
        if rate is None:
            raise ValueError(f"{role_name} is not reimbursable in {month:%B %Y}.")
        maximum, note = rate.maximum_for(area)
        if note and note not in notes:
            notes.append(note)
        if maximum is None:
            raise ValueError(
                f"The maximum for a {role_name.lower()} in {month:%B %Y} is not published: "
                "it cannot be quoted until an administrator enters it."
            )
        maxima.append(maximum)
        percents.add(rate.percent)
    if len(percents) > 1:
        raise ValueError(
            "The reimbursement percentage changes within these months; quote them separately."
        )
    working = reimbursable_amount(
        actual_cost=actual_cost, wte=wte, percent=percents.pop(), monthly_maxima=maxima
    )
    return replace(working, note=" ".join(notes))

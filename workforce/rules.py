"""Pure ARRS reimbursement and additionality rules: no Django, no ORM.

Plain Decimals, dates and small frozen dataclasses in, Decimals out. Every public function
names its source in docs/des-rules.md ("DES rules §n").
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from funding.rules import Period, RoleRate, rate_in_force, to_penny  # noqa: F401 (re-exported)

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


def _check_wte(wte: Decimal, who: str = "A claim line") -> None:
    if not 0 < wte <= 1:
        raise ValueError(f"{who} has WTE {wte}: it must be more than 0 and at most 1.0.")


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
    _check_wte(wte)
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


def claimable_wte(
    *, in_post_wte: Decimal, baseline_wte: Decimal, exempt_wte: Decimal = Decimal(0)
) -> Decimal:
    """WTE of a role a PCN may claim in a month: max(0, in post − baseline) + exempt.
    in_post_wte counts non-exempt staff in the role that month, baseline staff included; a
    vacant baseline post still counts in baseline_wte. exempt_wte is the clinical pharmacists
    transferred from the national schemes. DES rules §7, "Baseline" and "Exception"."""
    if in_post_wte < 0 or baseline_wte < 0 or exempt_wte < 0:
        raise ValueError("WTE in post, baseline WTE and exempt WTE cannot be negative.")
    return max(Decimal(0), in_post_wte - baseline_wte) + exempt_wte


@dataclass(frozen=True)
class StaffMonth:
    """One staff member claimed in a month. DES rules §7, "Claims"."""

    staff_id: int
    role: str
    wte: Decimal
    in_baseline: bool
    transferred: bool

    def __post_init__(self) -> None:
        _check_wte(self.wte, f"Staff member {self.staff_id}")


def _role_name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _wte(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def additionality_problems(
    *,
    claimed: Sequence[StaffMonth],
    in_post_wte_by_role: Mapping[str, Decimal],
    baseline_wte_by_role: Mapping[str, Decimal],
) -> dict[int, str]:
    """Staff claimed in a month who are not additional to the signed-off baseline, with a reason
    a person can read. DES rules §7, commissioner checks.

    Baseline staff are never additional, and transferred clinical pharmacists always are. For
    each role, the other claims are taken in the order given (e.g. by start date) while they
    fit within claimable_wte; the rest are flagged. A role missing from the baseline has none.
    """
    problems: dict[int, str] = {}
    new_claims: dict[str, list[StaffMonth]] = {}
    for staff in claimed:
        if staff.transferred:
            continue
        if staff.in_baseline:
            problems[staff.staff_id] = (
                f"{_role_name(staff.role)}: counts in the signed-off baseline, "
                "so is not additional."
            )
        else:
            new_claims.setdefault(staff.role, []).append(staff)
    for role, staff_months in new_claims.items():
        if role not in in_post_wte_by_role:
            raise ValueError(f"No WTE in post given for {_role_name(role)}.")
        baseline = baseline_wte_by_role.get(role, Decimal(0))
        room = claimable_wte(in_post_wte=in_post_wte_by_role[role], baseline_wte=baseline)
        total = sum((staff.wte for staff in staff_months), Decimal(0))
        message = (
            f"{_role_name(role)}: {_wte(total)} WTE claimed but only {_wte(room)} WTE is "
            f"additional to the baseline of {_wte(baseline)} WTE"
        )
        used = Decimal(0)
        for staff in staff_months:
            used += staff.wte
            if used > room:
                problems[staff.staff_id] = message
    return problems


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

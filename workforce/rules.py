"""Pure ARRS reimbursement and additionality rules: no Django, no ORM.

Plain Decimals, dates and small frozen dataclasses in, Decimals out. Every public function
names its source in docs/des-rules.md ("DES rules §n").
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from funding.rules import (  # noqa: F401 (re-exported)
    Period,
    RoleRate,
    financial_year_start,
    rate_in_force,
    to_penny,
)

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


RESPONSE_WORKING_DAYS = 5  # DES rules §7: the contracts team responds within 5 working days


def due_date(submitted_on: date, holidays: Container[date]) -> date:
    """When the commissioner's response to a claim submitted on ``submitted_on`` is due.
    DES rules §7, commissioner checks (England and Wales bank holidays excluded)."""
    return working_days_after(submitted_on, RESPONSE_WORKING_DAYS, holidays)


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


class Severity:
    BLOCKING = "blocking"  # the claim cannot be submitted (or approved) until it is fixed
    WARNING = "warning"  # shown to both sides; the commissioner decides; not a "clean" claim


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    severity: str = Severity.BLOCKING
    staff_id: int | None = None

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING


@dataclass(frozen=True)
class LineFacts:
    """One claim line as the checks see it: the staff member and the role and WTE claimed."""

    staff_id: int
    staff_name: str
    role: str
    role_name: str
    wte: Decimal
    start_date: date
    end_date: date | None
    in_baseline: bool
    transferred: bool
    reimbursable_role: bool
    amount: Decimal
    max_published: bool = True
    counts_against_gp: bool = False
    conditions: tuple[str, ...] = ()
    max_note: str = ""


@dataclass(frozen=True)
class RoleCap:
    """The WTE cap of a role for the PCN in the claim's month (des-years.md §3), already chosen
    by the PCN's size; ``waived`` when the commissioner recorded a waiver for the year."""

    role_name: str
    max_wte: Decimal
    waived: bool = False


@dataclass(frozen=True)
class ClaimFacts:
    """Everything the claim checks need, loaded by a selector. DES rules §6 and §7."""

    month: date
    today: date
    lines: Sequence[LineFacts]
    year_label: str
    arrs_period_start: date | None = None
    first_submission: bool = True
    is_adjustment: bool = False
    # staff id → reference of another claim for the same person and month
    already_claimed: Mapping[int, str] = None  # type: ignore[assignment]
    # staff claimed in the month by other claims; they hold the additional WTE first
    other_claimed_staff: Sequence[StaffMonth] = ()
    in_post_wte_by_role: Mapping[str, Decimal] = None  # type: ignore[assignment]
    baseline_wte_by_role: Mapping[str, Decimal] | None = None  # None: no accepted baseline
    entitlement: Decimal | None = None
    used_elsewhere: Decimal = Decimal(0)  # approved + pending of the PCN's other claims that year
    wte_allowance: int | None = None
    allowance_roles: tuple[str, ...] = ()
    other_wte_by_role: Mapping[str, Decimal] = None  # type: ignore[assignment]
    gp_entitlement: Decimal | None = None  # the separate GP sum (2024/25), when the year has one
    gp_used_elsewhere: Decimal = Decimal(0)
    caps: Mapping[str, RoleCap] = None  # type: ignore[assignment]  # role slug → cap that month
    # WTE of each role claimed that month by the PCN's other claims (caps count all of them)
    claimed_wte_elsewhere: Mapping[str, Decimal] = None  # type: ignore[assignment]
    # adjustments: the references of other adjustments of the same claim still pending
    pending_adjustments: Sequence[str] = ()


def sum_rule_unset(year_label: str) -> Problem:
    """DES rules §6: the entitlement check needs the year's ARRS sum rule; while it is not set a
    claim may be submitted (a warning) but its approval waits for it."""
    return Problem(
        "sum_rule_unset",
        f"The ARRS sum for {year_label} is not set, so the PCN's entitlement cannot be checked: "
        "the claim can be submitted, but approval waits until an administrator sets it.",
        Severity.WARNING,
    )


def arrs_sum_exceeded(*, approved: Decimal, claimed: Decimal, entitlement: Decimal) -> bool:
    """True when claims already approved (or pending) plus this one pass the PCN's sum for the
    year. DES rules §6 ("the PCN stays within its entitlement"); des-years.md §2 (the 2024/25 GP
    sum is checked the same way, against GP lines only)."""
    return claimed > 0 and approved + claimed > entitlement


def wte_cap_problems(
    *,
    month: date,
    lines: Sequence[LineFacts],
    caps: Mapping[str, RoleCap],
    claimed_wte_elsewhere: Mapping[str, Decimal],
) -> list[Problem]:
    """A role's WTE claimed in a month, by this claim and the PCN's other claims, may not pass its
    cap unless the commissioner waived it. des-years.md §3 (caps by PCN size)."""
    by_role: dict[str, Decimal] = {}
    for line in lines:
        by_role[line.role] = by_role.get(line.role, Decimal(0)) + line.wte
    problems = []
    for role, wte in by_role.items():
        cap = caps.get(role)
        if cap is None or cap.waived:
            continue
        total = wte + claimed_wte_elsewhere.get(role, Decimal(0))
        if total > cap.max_wte:
            problems.append(
                Problem(
                    "wte_cap_exceeded",
                    f"{cap.role_name}: {_wte(total)} WTE claimed for {month:%B %Y} but the PCN's "
                    f"cap is {_wte(cap.max_wte)} WTE (no waiver recorded).",
                )
            )
    return problems


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def claim_month_problems(*, month: date, today: date, first_submission: bool) -> list[Problem]:
    """Claims are monthly, in arrears (no future months), and may be backdated within the year;
    a March claim may still be made in April, the month after the year ends. DES rules §7."""
    first = month.replace(day=1)
    if first > today.replace(day=1):
        return [
            Problem("future_month", f"{first:%B %Y} is in the future: claims are made in arrears.")
        ]
    if first_submission:
        next_year = financial_year_start(first)
        grace_end = month_end(next_year.replace(year=next_year.year + 1))
        if today > grace_end:
            return [
                Problem(
                    "past_year",
                    f"{first:%B %Y} is in a financial year that has ended: claims may be backdated "
                    f"only within the year (or, for its last month, by {grace_end:%-d %B %Y}).",
                )
            ]
    return []


def claim_problems(facts: ClaimFacts) -> list[Problem]:
    """Every problem the commissioner would look for, in the order a reviewer reads them: the
    month, each line (start date, role, duplicate, additionality), then the PCN's entitlement.
    DES rules §6–§7 (BNSSG commissioner checks)."""
    problems: list[Problem] = []
    month = facts.month.replace(day=1)
    problems += claim_month_problems(
        month=month,
        today=facts.today,
        # An adjustment corrects a claim already made, so the backdating limit does not apply.
        first_submission=facts.first_submission and not facts.is_adjustment,
    )
    if not facts.lines:
        problems.append(Problem("no_lines", "The claim has no staff lines."))
    if facts.arrs_period_start and month < facts.arrs_period_start and not facts.is_adjustment:
        problems.append(
            Problem(
                "before_arrs_period",
                f"ARRS claims for {facts.year_label} start from {facts.arrs_period_start:%B %Y}.",
            )
        )
    already = facts.already_claimed or {}
    for line in facts.lines:
        who = line.staff_name
        if not in_post(line.start_date, line.end_date, month):
            when = (
                f"starts on {line.start_date:%-d %B %Y}"
                if line.start_date > month_end(month)
                else f"left on {line.end_date:%-d %B %Y}"
            )
            problems.append(
                Problem(
                    "not_in_post",
                    f"{who} {when}: not in post in {month:%B %Y}.",
                    staff_id=line.staff_id,
                )
            )
        if not line.reimbursable_role:
            problems.append(
                Problem(
                    "role_not_reimbursable",
                    f"{who}: {line.role_name.lower()} is not reimbursable in {month:%B %Y} ({facts.year_label}).",
                    staff_id=line.staff_id,
                )
            )
        if line.reimbursable_role and not line.max_published:
            problems.append(
                Problem(
                    "maximum_not_published",
                    f"{who}: the maximum reimbursable amount for a {line.role_name.lower()} in "
                    f"{month:%B %Y} is not set, so the line cannot be priced until an "
                    "administrator enters it.",
                    staff_id=line.staff_id,
                )
            )
        if line.max_note:
            problems.append(
                Problem(
                    "area_supplement", f"{who}: {line.max_note}", Severity.WARNING, line.staff_id
                )
            )
        for condition in line.conditions:
            problems.append(
                Problem(
                    "eligibility",
                    f"{who}: check the {line.role_name.lower()} condition: {condition}",
                    Severity.WARNING,
                    line.staff_id,
                )
            )
        if line.staff_id in already and not facts.is_adjustment:
            problems.append(
                Problem(
                    "duplicate",
                    f"{who} is already claimed for {month:%B %Y} in {already[line.staff_id]}.",
                    staff_id=line.staff_id,
                )
            )
    for reference in facts.pending_adjustments:
        problems.append(
            Problem(
                "adjustment_open",
                f"{reference} also adjusts this claim and is waiting for a decision: one "
                "adjustment at a time, so that each pays only the difference from what was "
                "already paid.",
            )
        )
    if not facts.is_adjustment:
        problems += _additionality(facts)
        problems += _wte_allowance(facts)
        problems += wte_cap_problems(
            month=month,
            lines=facts.lines,
            caps=facts.caps or {},
            claimed_wte_elsewhere=facts.claimed_wte_elsewhere or {},
        )
    if facts.entitlement is not None:
        gp_lines = facts.gp_entitlement is not None
        allowance_year = facts.wte_allowance is not None
        claimed = sum(
            (
                line.amount
                for line in facts.lines
                if counts_against_sum(line, allowance_year)
                and not (gp_lines and line.counts_against_gp)
            ),
            Decimal(0),
        )
        sums = [("ARRS entitlement", facts.used_elsewhere, claimed, facts.entitlement)]
        if gp_lines:
            gp_claimed = sum(
                (line.amount for line in facts.lines if line.counts_against_gp), Decimal(0)
            )
            sums.append(("GP ARRS sum", facts.gp_used_elsewhere, gp_claimed, facts.gp_entitlement))
        for name, used, amount, ceiling in sums:
            if arrs_sum_exceeded(approved=used, claimed=amount, entitlement=ceiling):
                total = used + amount
                problems.append(
                    Problem(
                        "arrs_sum_exceeded",
                        f"The PCN's {facts.year_label} {name} of {_money(ceiling)} "
                        f"would be exceeded: {_money(used)} approved or pending + "
                        f"{_money(amount)} this claim = {_money(total)} "
                        f"({_money(total - ceiling)} over).",
                    )
                )
    elif facts.lines and not facts.is_adjustment:
        problems.append(sum_rule_unset(facts.year_label))
    return problems


def counts_against_sum(line: LineFacts, allowance_year: bool) -> bool:
    """Whether a line draws on the PCN's ARRS money ceiling. Transferred clinical pharmacists
    are paid from the PCN's sum only from 2020/21: in 2019/20, the WTE-allowance year, they are
    outside its ceiling, as they are outside its WTE count. DES rules §6 and §7, "Exception"."""
    return not (allowance_year and line.transferred)


def _additionality(facts: ClaimFacts) -> list[Problem]:
    if facts.baseline_wte_by_role is None:
        return [
            Problem(
                "no_baseline",
                "The PCN has no accepted baseline, so additionality cannot be checked.",
                Severity.WARNING,
            )
        ]
    claimed = [
        StaffMonth(line.staff_id, line.role, line.wte, line.in_baseline, line.transferred)
        for line in facts.lines
    ]
    ours = {line.staff_id for line in facts.lines}
    others = [s for s in facts.other_claimed_staff if s.staff_id not in ours]
    in_post = dict(facts.in_post_wte_by_role or {})
    for staff in [*others, *claimed]:
        in_post.setdefault(staff.role, Decimal(0))
    found = additionality_problems(
        claimed=[*others, *claimed],
        in_post_wte_by_role=in_post,
        baseline_wte_by_role=facts.baseline_wte_by_role,
    )
    names = {line.staff_id: line.staff_name for line in facts.lines}
    return [
        Problem("not_additional", f"{names[staff_id]}: {message}", Severity.WARNING, staff_id)
        for staff_id, message in found.items()
        if staff_id in ours
    ]


def _wte_allowance(facts: ClaimFacts) -> list[Problem]:
    """2019/20: n WTE of each allowance role (DES rules §6)."""
    if facts.wte_allowance is None:
        return []
    problems = []
    by_role: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    # Transferred pharmacists were funded outside the 2019/20 allowance (DES rules §7).
    for line in facts.lines:
        if line.transferred:
            continue
        by_role[line.role] = by_role.get(line.role, Decimal(0)) + line.wte
        names[line.role] = line.role_name
    for role, wte in by_role.items():
        if role not in facts.allowance_roles:
            problems.append(
                Problem(
                    "role_not_in_allowance",
                    f"{names[role]} is not one of the roles of the {facts.year_label} WTE allowance.",
                )
            )
            continue
        total = wte + (facts.other_wte_by_role or {}).get(role, Decimal(0))
        if total > facts.wte_allowance:
            problems.append(
                Problem(
                    "wte_allowance_exceeded",
                    f"{names[role]}: {_wte(total)} WTE claimed for {facts.month:%B %Y} but the "
                    f"{facts.year_label} allowance is {facts.wte_allowance} WTE.",
                )
            )
    return problems


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
        raise ValueError(f"An adjustment of {_money(claimed)} is approved as claimed or rejected.")
    if approved < 0 or approved > claimed:
        raise ValueError(
            f"The approved amount must be between £0.00 and the {_money(claimed)} claimed."
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
    _check_wte(wte, "The quote")
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

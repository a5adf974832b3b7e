"""The claim checks: every problem the commissioner would look for in a claim, in the order a
reviewer reads them. Pure: ``ClaimFacts`` (loaded by workforce.selectors) in, ``Problem``s out.
DES rules §6–§7 (BNSSG commissioner checks)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from funding.rules import financial_year_start
from workforce.rules.additionality import StaffMonth, additionality_problems
from workforce.rules.caps import wte_allowance_problems, wte_cap_problems
from workforce.rules.dates import in_post, month_end
from workforce.rules.entitlement import arrs_sum_problems, sum_rule_unset
from workforce.rules.facts import ClaimFacts, Problem, Severity


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
                    refers_to=already[line.staff_id],
                )
            )
    for reference in facts.pending_adjustments:
        problems.append(
            Problem(
                "adjustment_open",
                f"{reference} also adjusts this claim and is waiting for a decision: one "
                "adjustment at a time, so that each pays only the difference from what was "
                "already paid.",
                refers_to=reference,
            )
        )
    if not facts.is_adjustment:
        problems += _additionality(facts)
        problems += wte_allowance_problems(facts)
        problems += wte_cap_problems(
            month=month,
            lines=facts.lines,
            caps=facts.caps or {},
            claimed_wte_elsewhere=facts.claimed_wte_elsewhere or {},
        )
    if facts.entitlement is not None:
        problems += arrs_sum_problems(facts)
    elif facts.lines and not facts.is_adjustment:
        problems.append(sum_rule_unset(facts.year_label))
    return problems


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

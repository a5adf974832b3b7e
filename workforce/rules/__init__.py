"""Pure ARRS reimbursement and additionality rules: no Django, no ORM.

Plain Decimals, dates and small frozen dataclasses in, Decimals out. Every public function
names its source in docs/des-rules.md ("DES rules §n"). By topic:

- ``reimbursement``: actual costs, a line's reimbursable amount, quotes, the approved amount (§5–§7)
- ``additionality``: the baseline and claimable WTE, transferred pharmacists (§7)
- ``entitlement``: which lines draw on the ARRS sum and whether a claim or approval passes it (§6)
- ``caps``: WTE caps by PCN size and the 2019/20 WTE allowance (§6; des-years.md §3)
- ``dates``: claim months, terms in force, the 5-working-day response clock (§7)
- ``facts`` and ``claims``: what the claim checks read, and the checks themselves (§6–§7)

Every name is re-exported here, so ``from workforce.rules import X`` and ``rules.X`` work.
"""

from funding.rules import (
    Period,
    RoleRate,
    financial_year_start,
    rate_in_force,
    to_penny,
)
from workforce.rules.additionality import (
    BASELINE_DATE,
    TRANSFERABLE_ROLE,
    StaffMonth,
    additionality_problems,
    claimable_wte,
    may_be_transferred,
)
from workforce.rules.caps import wte_allowance_problems, wte_cap_problems
from workforce.rules.claims import claim_month_problems, claim_problems
from workforce.rules.dates import (
    RESPONSE_WORKING_DAYS,
    Term,
    due_date,
    in_post,
    last_claimable_month,
    month_end,
    months_between,
    payment_date_problem,
    term_in_force,
    working_days_after,
)
from workforce.rules.entitlement import (
    approval_draw,
    approval_sum_problems,
    arrs_sum_exceeded,
    arrs_sum_problems,
    counts_against_sum,
    gp_part_approved,
    gp_sum_in_force,
    sum_rule_unset,
)
from workforce.rules.facts import ClaimFacts, LineFacts, Problem, RoleCap, Severity
from workforce.rules.reimbursement import (
    MONTHS_PER_YEAR,
    LineComputation,
    actual_costs,
    approved_amount,
    quote,
    reimbursable_amount,
)

__all__ = [
    "BASELINE_DATE",
    "MONTHS_PER_YEAR",
    "RESPONSE_WORKING_DAYS",
    "TRANSFERABLE_ROLE",
    "ClaimFacts",
    "LineComputation",
    "LineFacts",
    "Period",
    "Problem",
    "RoleCap",
    "RoleRate",
    "Severity",
    "StaffMonth",
    "Term",
    "actual_costs",
    "additionality_problems",
    "approval_draw",
    "gp_part_approved",
    "approval_sum_problems",
    "approved_amount",
    "arrs_sum_exceeded",
    "arrs_sum_problems",
    "claim_month_problems",
    "claim_problems",
    "claimable_wte",
    "counts_against_sum",
    "due_date",
    "last_claimable_month",
    "payment_date_problem",
    "financial_year_start",
    "gp_sum_in_force",
    "sum_rule_unset",
    "in_post",
    "may_be_transferred",
    "month_end",
    "months_between",
    "quote",
    "rate_in_force",
    "reimbursable_amount",
    "term_in_force",
    "to_penny",
    "working_days_after",
    "wte_allowance_problems",
    "wte_cap_problems",
]

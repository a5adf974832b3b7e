"""The claim page: everything it shows, prepared so the template only displays it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from funding.arrs_use import ArrsUse
from workforce import lifecycle, permissions, rules
from workforce.models import (
    APPROVED_STATUSES,
    PENDING_STATUSES,
    Baseline,
    Claim,
    ClaimLine,
    ClaimStatus,
    Evidence,
)
from workforce.selectors.checks import claim_facts, month_lines, pcn_year
from workforce.selectors.loaders import claims_for
from workforce.selectors.staff import RoleWorkforce, workforce_by_role


@dataclass(frozen=True)
class Actions:
    edit: bool = False
    submit: bool = False
    resubmit: bool = False
    decide: bool = False  # approve, reject, query
    adjust: bool = False
    upload: bool = False
    self_submitted: bool = False


@dataclass
class ClaimPage:
    claim: Claim
    lines: list[ClaimLine]
    problems: list[rules.Problem]
    blocking: list[rules.Problem]
    workforce: list[RoleWorkforce]
    baseline: Baseline | None
    entitlement: object
    use: ArrsUse
    remaining: Decimal | None
    events: list
    evidence: list[Evidence]
    adjustments: list[Claim]
    actions: Actions
    open_question: str = ""
    line_problems: dict = field(default_factory=dict)

    @property
    def warnings(self) -> list[rules.Problem]:
        """Problems for the commissioner to judge: they never hold the claim back."""
        return [p for p in self.problems if not p.blocking]


def claim_page(claim: Claim, user, *, today: date) -> ClaimPage:
    """Everything the claim page shows, prepared here so the template only displays it (a fixed
    number of queries: the PCN and year are loaded once and handed to the claim checks)."""
    lines, others = month_lines(claim)
    loaded = pcn_year(claim)
    # The checks run while the claim can change; a decided claim shows no problems.
    live = claim.status in (ClaimStatus.DRAFT, *PENDING_STATUSES)
    facts = (
        claim_facts(claim, today=today, lines=lines, others=others, loaded=loaded) if live else None
    )
    problems = rules.claim_problems(facts) if live else []
    role_ids = {line.role_id for line in lines}
    by_role = workforce_by_role(
        claim.pcn_id, claim.month, loaded.baseline, staff=loaded.staff, terms=loaded.terms
    )
    entitlement = loaded.entitlement
    use = _use_with(claim, loaded.use_elsewhere)
    remaining = None if entitlement is None else entitlement.amount - use.approved - use.pending
    events = list(claim.events.order_by("at", "pk"))
    question = next((e.reason for e in reversed(events) if e.to_status == ClaimStatus.QUERIED), "")
    line_problems = defaultdict(list)
    for p in problems:
        if p.staff_id is not None:
            line_problems[p.staff_id].append(p.message)
    return ClaimPage(
        claim=claim,
        lines=lines,
        problems=problems,
        blocking=[p for p in problems if p.blocking],
        workforce=[w for role_id, w in by_role.items() if role_id in role_ids],
        baseline=loaded.baseline,
        entitlement=entitlement,
        use=use,
        remaining=remaining,
        events=events,
        evidence=list(claim.evidence.all()),
        adjustments=_adjustments(claim, user),
        actions=_actions(claim, user),
        open_question=question if claim.status == ClaimStatus.QUERIED else "",
        line_problems=dict(line_problems),
    )


def _use_with(claim: Claim, elsewhere: ArrsUse) -> ArrsUse:
    """The year's use including this claim: the other claims' (loaded once) plus its own, as
    arrs_use_by_pcn would sum it."""
    if claim.status in APPROVED_STATUSES and claim.approved_amount is not None:
        return ArrsUse(
            rules.to_penny(elsewhere.approved + claim.approved_amount), elsewhere.pending
        )
    if claim.status in PENDING_STATUSES:
        return ArrsUse(elsewhere.approved, rules.to_penny(elsewhere.pending + claim.total))
    return elsewhere


def _adjustments(claim: Claim, user) -> list[Claim]:
    """The claim's adjustments the user may see. Only an approved or paid original is ever
    adjusted (the "adjust" action of workforce.lifecycle), so no other claim asks the database.
    Another claim's draft is the PCN's own work: commissioners see it once submitted."""
    if claim.is_adjustment or claim.status not in APPROVED_STATUSES:
        return []
    return list(claims_for(user).filter(adjusts=claim).order_by("pk"))


def _actions(claim: Claim, user) -> Actions:
    """The buttons: the life cycle's actions for this person (workforce.lifecycle)."""
    pcn_user = permissions.is_pcn_user_of(user, claim.pcn)
    self_submitted = claim.submitted_by_id == user.pk or claim.created_by_id == user.pk
    mine = lifecycle.actions_for(claim.status, lifecycle.PCN) if pcn_user else frozenset()
    decides = permissions.is_contract_manager_of(user, claim.pcn) and not self_submitted
    theirs = (
        lifecycle.actions_for(claim.status, lifecycle.CONTRACT_MANAGER) if decides else frozenset()
    )
    return Actions(
        edit="edit" in mine,
        submit="submit" in mine,
        resubmit="resubmit" in mine,
        decide={"approve", "reject", "query"} <= theirs,
        adjust="adjust" in mine and not claim.is_adjustment,
        upload="add_evidence" in mine,
        self_submitted=self_submitted,
    )


LINES_HEADER = [
    "claim",
    "month",
    "staff",
    "role",
    "wte",
    "salary",
    "employer_ni",
    "employer_pension",
    "apprenticeship_levy",
    "actual_cost",
    "percent",
    "max_annual_per_wte",
    "area",
    "reimbursable",
    "amount",
]


def claim_line_rows(claim: Claim) -> list[tuple]:
    """The claim's lines with their frozen computation, as CSV rows (one query)."""
    lines = claim.lines.select_related("staff", "role").order_by("staff__name", "pk")
    return [
        (claim.reference, f"{claim.month:%Y-%m}", line.staff.name, line.role.name)
        + tuple(getattr(line, name) for name in LINES_HEADER[4:])
        for line in lines
    ]

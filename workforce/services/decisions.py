"""Claims through their life cycle (workforce.lifecycle): submitted, resubmitted, approved, rejected, queried, bulk approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import holidays as bank_holidays
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from funding import selectors as funding_selectors
from workforce import notifications, permissions, rules, selectors
from workforce.models import (
    APPROVED_STATUSES,
    PENDING_STATUSES,
    Claim,
    ClaimLine,
    ClaimStatus,
)
from workforce.services._common import (
    ClaimProblemsError,
    WorkforceError,
    _at,
    _name,
    _save,
    _today,
)
from workforce.services.claims import (
    _already_reimbursed,
    _event,
    _locked,
    _recompute,
    _require,
)

# --- claims: the life cycle ---------------------------------------------------------------------


def _holidays(day: date):
    return bank_holidays.UK(subdiv="ENG", years=[day.year, day.year + 1])


def _submit(claim: Claim, *, by, at: datetime | None, today: date | None, reason: str) -> Claim:
    permissions.require_pcn_user(by, claim.pcn)
    moment = _at(at)
    today = today or timezone.localdate(moment)
    _recompute(claim)  # the rates in force at submission are frozen on the lines from now on
    problems = selectors.claim_problems(claim, today=today)
    blocking = [p for p in problems if p.blocking]
    if blocking:
        raise ClaimProblemsError(blocking)
    from_status = claim.status
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_by, claim.submitted_by_name, claim.submitted_at = by, _name(by), moment
    claim.due_on = rules.due_date(timezone.localdate(moment), _holidays(timezone.localdate(moment)))
    claim.problem_count = len(problems)
    _save(claim)
    _event(
        claim,
        by=by,
        from_status=from_status,
        to_status=claim.status,
        amount=claim.total,
        reason=reason,
        at=moment,
    )
    notifications.queue(notifications.claim_submitted, claim.pk)
    return claim


@transaction.atomic
def claim_submit(
    *, claim: Claim, by, at: datetime | None = None, today: date | None = None
) -> Claim:
    """Submit a draft: refused while it has blocking problems (future month, not in post, role
    not reimbursable, duplicate, the ARRS entitlement exceeded); warnings go to the reviewer."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "submit")
    return _submit(claim, by=by, at=at, today=today, reason="")


@transaction.atomic
def claim_resubmit(*, claim: Claim, by, answer: str, at: datetime | None = None) -> Claim:
    """Answer the commissioner's query and submit the claim again (the 5-day clock restarts)."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "resubmit")
    if not answer.strip():
        raise WorkforceError("Answer the commissioner's question before resubmitting.")
    return _submit(claim, by=by, at=at, today=None, reason=answer.strip())


def _decide(claim: Claim, *, by, action: str) -> None:
    if by.pk in (claim.submitted_by_id, claim.created_by_id):
        raise permissions.NotAllowed("You submitted this claim, so someone else must decide on it.")
    permissions.require_contract_manager(by, claim.pcn)
    _require(claim, action)


def _approval_problems(claim: Claim, amount: Decimal) -> list[str]:
    """Checks that hold at approval whatever was true at submission: no person-month approved
    twice, and approved claims within the PCN's ARRS entitlement (DES rules §6–7)."""
    problems = []
    if claim.is_adjustment:
        problems += _adjustment_problems(claim)
    else:
        twice = (
            ClaimLine.objects.filter(
                claim__pcn_id=claim.pcn_id,
                claim__month=claim.month,
                claim__status__in=APPROVED_STATUSES,
                claim__adjusts__isnull=True,
                staff_id__in=claim.lines.values("staff_id"),
            )
            .exclude(claim_id=claim.pk)
            .select_related("staff", "claim")
        )
        problems += [
            f"{line.staff.name} is already approved for {claim.month:%B %Y} in {line.claim.reference}."
            for line in twice
        ]
    entitlement = funding_selectors.arrs_entitlements([claim.pcn_id], claim.financial_year).get(
        claim.pcn_id
    )
    if entitlement is None:  # DES rules §6: approval waits for the year's ARRS sum rule
        problems.append(
            f"The ARRS sum for {claim.financial_year} is not set, so the PCN's entitlement "
            "cannot be checked: approval waits until an administrator sets it on the "
            f"{claim.financial_year} checklist (Funding → Financial years)."
        )
        return problems
    allowance_year = entitlement.wte_allowance is not None
    transferred = Decimal(0)
    if allowance_year:
        transferred = claim.lines.filter(staff__transferred=True).aggregate(t=Sum("amount"))["t"]
    drawn = rules.approval_draw(
        amount=amount, transferred=transferred or Decimal(0), allowance_year=allowance_year
    )
    if drawn > 0:
        use = selectors.arrs_use_by_pcn(
            [claim.pcn_id], claim.financial_year, exclude_claim_id=claim.pk
        ).get(claim.pcn_id, selectors.ArrsUse())
        approved = use.approved
        if allowance_year:
            approved -= selectors.transferred_outside_ceiling(
                claim.pcn_id, claim.financial_year, APPROVED_STATUSES, exclude_claim_id=claim.pk
            )
        gp_lines = Decimal("0.00")
        if entitlement.gp_amount is not None:
            gp_lines = sum(
                (line.amount for line in claim.lines.all() if line.counts_against_gp_sum),
                Decimal("0.00"),
            )
        problems += rules.approval_sum_problems(
            drawn=drawn,
            gp_lines=gp_lines,
            approved=approved,
            gp_approved=use.gp_approved,
            entitlement=entitlement.amount,
            gp_entitlement=entitlement.gp_amount,
            year_label=str(claim.financial_year),
        )
    return problems


def _adjustment_problems(claim: Claim) -> list[str]:
    """An adjustment is approved only alone and only while what it was worked out against (what
    was already paid or asked for) still holds."""
    problems = [
        f"{other.reference} also adjusts {claim.adjusts.reference} and is waiting for a "
        "decision: decide one adjustment at a time."
        for other in selectors.other_adjustments(claim, PENDING_STATUSES)
    ]
    paid = _already_reimbursed(claim)
    for line in claim.lines.select_related("staff"):
        now = paid.get(line.staff_id, Decimal(0))
        if line.previous_reimbursable != now:
            problems.append(
                f"{line.staff.name}: £{now:,.2f} is now paid or asked for, not the "
                f"£{line.previous_reimbursable or 0:,.2f} this adjustment was worked out "
                "against; query it so the PCN resubmits."
            )
    return problems


def _approve(claim: Claim, *, by, amount: Decimal | None, reason: str, at) -> Claim:
    try:
        agreed = rules.approved_amount(claimed=claim.total, approved=amount, reason=reason)
    except ValueError as error:
        raise WorkforceError(str(error)) from error
    problems = _approval_problems(claim, agreed)
    if problems:
        raise WorkforceError(" ".join(problems))
    from_status = claim.status
    claim.status = ClaimStatus.APPROVED
    claim.approved_amount = agreed
    claim.decided_by_name, claim.decided_at = _name(by), _at(at)
    _save(claim)
    _event(
        claim,
        by=by,
        from_status=from_status,
        to_status=claim.status,
        amount=agreed,
        reason=reason.strip(),
        at=claim.decided_at,
    )
    notifications.queue(notifications.claim_decided, claim.pk)
    return claim


@transaction.atomic
def claim_approve(
    *, claim: Claim, by, amount: Decimal | None = None, reason: str = "", at: datetime | None = None
) -> Claim:
    """Approve a submitted claim, as claimed or at a lower amount with a reason. The submitter
    cannot approve their own claim; only contract managers of the PCN's commissioner can."""
    claim = _locked(claim)
    _decide(claim, by=by, action="approve")
    return _approve(claim, by=by, amount=amount, reason=reason, at=at)


def _send_back(claim: Claim, *, by, to_status: str, words: str, amount, at) -> Claim:
    """Record a contract manager's rejection or question: the claim leaves ``submitted`` with
    the person's words as the reason, and the PCN is told."""
    claim.status = to_status
    claim.decided_by_name, claim.decided_at = _name(by), _at(at)
    _save(claim)
    _event(
        claim,
        by=by,
        from_status=ClaimStatus.SUBMITTED,
        to_status=to_status,
        amount=amount,
        reason=words,
        at=claim.decided_at,
    )
    notifications.queue(notifications.claim_decided, claim.pk)
    return claim


@transaction.atomic
def claim_reject(*, claim: Claim, by, reason: str, at: datetime | None = None) -> Claim:
    """Refuse a submitted claim; the reason is required and final."""
    claim = _locked(claim)
    _decide(claim, by=by, action="reject")
    if not reason.strip():
        raise WorkforceError("Give the reason for rejecting the claim.")
    return _send_back(
        claim,
        by=by,
        to_status=ClaimStatus.REJECTED,
        words=reason.strip(),
        amount=claim.total,
        at=at,
    )


@transaction.atomic
def claim_query(*, claim: Claim, by, question: str, at: datetime | None = None) -> Claim:
    """Send a question back to the PCN; it answers and resubmits (claim_resubmit)."""
    claim = _locked(claim)
    _decide(claim, by=by, action="query")
    if not question.strip():
        raise WorkforceError("Write the question for the PCN.")
    return _send_back(
        claim, by=by, to_status=ClaimStatus.QUERIED, words=question.strip(), amount=None, at=at
    )


@dataclass
class BulkResult:
    approved: list[Claim]
    skipped: list[tuple[int, str, str]]  # (claim id, its reference, why it was not approved)


def claims_bulk_approve(*, claim_ids, by, today: date | None = None) -> BulkResult:
    """Approve, as claimed, each claim that is clean (no problem at submission or now). Each claim
    is its own transaction: one that cannot be approved is reported and the others go ahead."""
    result = BulkResult([], [])
    today = _today(today)
    for pk in sorted(set(claim_ids)):
        reference = f"Claim {pk}"
        try:
            with transaction.atomic():
                claim = _locked(pk)
                reference = claim.reference
                _decide(claim, by=by, action="approve")
                if claim.problem_count or selectors.claim_problems(claim, today=today):
                    raise WorkforceError("it has problems to look at; open it to decide.")
                result.approved.append(_approve(claim, by=by, amount=None, reason="", at=None))
        except (WorkforceError, permissions.NotAllowed, Claim.DoesNotExist) as error:
            result.skipped.append((pk, reference, str(error)))
    return result

"""Payment runs: finance marks approved claims paid on a date."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from workforce import permissions, rules
from workforce.models import (
    ClaimStatus,
    PaymentRun,
)
from workforce.services._common import (
    WorkforceError,
    _name,
    _save,
)
from workforce.services.claims import (
    _event,
    _locked,
    _require,
)


@transaction.atomic
def payment_run_create(
    *, claim_ids, by, paid_on: date, note: str = "", at: datetime | None = None
) -> PaymentRun:
    """Finance marks approved claims paid in one dated run (all or nothing)."""
    claim_ids = sorted(set(claim_ids))
    if not claim_ids:
        raise WorkforceError("Choose at least one approved claim to pay.")
    today = timezone.localdate(at) if at else timezone.localdate()
    if problem := rules.payment_date_problem(paid_on, today):
        raise WorkforceError(problem)
    run = PaymentRun(paid_on=paid_on, created_by=by, created_by_name=_name(by), note=note)
    claims = []
    for pk in claim_ids:
        claim = _locked(pk)
        permissions.require(
            permissions.is_finance_of(by, claim.pcn),
            f"Only finance staff of {claim.pcn.commissioner.name} mark its claims paid.",
        )
        _require(claim, "pay")
        claims.append(claim)
    _save(run)
    for claim in claims:
        claim.status, claim.payment_run = ClaimStatus.PAID, run
        _save(claim)
        _event(
            claim,
            by=by,
            from_status=ClaimStatus.APPROVED,
            to_status=ClaimStatus.PAID,
            amount=claim.approved_amount,
            reason=f"Payment run {run.pk} of {paid_on:%-d %B %Y}",
            at=at,
        )
    return run


def payment_run_preview(*, claim_ids, by, paid_on: date, note: str = "") -> list:
    """What ``payment_run_create`` would mark paid, checked exactly as it checks (a refusal is
    raised the same way), with nothing kept: the run is made and rolled back."""
    with transaction.atomic():
        run = payment_run_create(claim_ids=claim_ids, by=by, paid_on=paid_on, note=note)
        claims = list(run.claims.select_related("pcn__nominated_payee", "adjusts"))
        transaction.set_rollback(True)
    return claims

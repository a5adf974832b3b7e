"""The audit trail of claims and baselines."""

from __future__ import annotations

from dataclasses import dataclass

from workforce.models import Claim


@dataclass(frozen=True)
class ClaimHistory:
    claim: Claim
    events: list
    evidence: list


def claim_history(claim: Claim) -> ClaimHistory:
    """Every recorded step of a claim (who, when, from → to, amount, reason) and its evidence
    uploads, oldest first."""
    return ClaimHistory(
        claim,
        list(claim.events.order_by("at", "pk")),
        list(claim.evidence.order_by("uploaded_at", "pk")),
    )


def baseline_history(pcn) -> list:
    """Every step of every baseline version of the PCN, oldest first: drafts, corrections with
    their reasons, entry changes, sign-offs, returns, acceptances and supersessions."""
    from workforce.models import BaselineEvent

    return list(
        BaselineEvent.objects.filter(baseline__pcn=pcn)
        .select_related("baseline")
        .order_by("at", "pk")
    )

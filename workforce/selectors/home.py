"""What needs each person now, for the home page: counts of claims by where they stand, the
baselines waiting for a commissioner, the last month a PCN has not claimed, recent payment runs.
A fixed number of queries whatever the data size (``tests/test_home.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from workforce.models import Baseline, BaselineStatus, Claim, ClaimStatus, Notice
from workforce.rules import last_claimable_month


@dataclass(frozen=True)
class ClaimCounts:
    submitted: int
    overdue: int
    queried: int
    drafts: int
    approved: int
    approved_total: Decimal


def claim_counts(user, today: date) -> ClaimCounts:
    """The claims the person sees, counted by status in one query (``Claim.visible_to``: a
    commissioner never counts a PCN's drafts)."""
    submitted = Q(status=ClaimStatus.SUBMITTED)
    approved = Q(status=ClaimStatus.APPROVED)
    row = Claim.objects.visible_to(user).aggregate(
        submitted=Count("pk", filter=submitted),
        overdue=Count("pk", filter=submitted & Q(due_on__lt=today)),
        queried=Count("pk", filter=Q(status=ClaimStatus.QUERIED)),
        drafts=Count("pk", filter=Q(status=ClaimStatus.DRAFT)),
        approved=Count("pk", filter=approved),
        approved_total=Sum("approved_amount", filter=approved),
    )
    return ClaimCounts(**{**row, "approved_total": row["approved_total"] or Decimal("0.00")})


def unread_notices(user) -> int:
    """Unread notices about claims the person still sees (their scope may have changed)."""
    claims = Claim.objects.visible_to(user)
    return Notice.objects.filter(user=user, read_at__isnull=True, claim__in=claims).count()


def baselines_to_accept(user, limit: int = 10) -> list[Baseline]:
    """Baselines a Clinical Director signed off that wait for the commissioner, oldest first."""
    from networks.scopes import scope_for

    baselines = scope_for(user).filter_pcns(Baseline.objects.all(), via="pcn")
    return list(
        baselines.filter(status=BaselineStatus.SIGNED_OFF)
        .select_related("pcn")
        .order_by("signed_off_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class RunSummary:
    pk: int
    paid_on: date
    claims: int
    total: Decimal


def recent_payment_runs(user, limit: int = 5) -> list[RunSummary]:
    """The latest payment runs that paid claims the person sees, with the count and total of
    those claims (one query)."""
    rows = (
        Claim.objects.visible_to(user)
        .filter(payment_run__isnull=False)
        .values("payment_run")
        .annotate(
            paid_on=Max("payment_run__paid_on"),
            claims=Count("pk"),
            total=Sum("approved_amount"),
        )
        .order_by("-paid_on", "-payment_run")[:limit]
    )
    return [RunSummary(r["payment_run"], r["paid_on"], r["claims"], r["total"]) for r in rows]


def last_month_unclaimed(pcn_id: int, today: date) -> date | None:
    """The month before today's, when the PCN has no claim for it yet (a draft counts as
    started; adjustments apart)."""
    month = last_claimable_month(today)
    claims = Claim.objects.filter(pcn_id=pcn_id, month=month, adjusts__isnull=True)
    return None if claims.exists() else month


def open_baseline(pcn_id: int) -> Baseline | None:
    return (
        Baseline.objects.filter(pcn_id=pcn_id)
        .exclude(status=BaselineStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )


__all__ = [
    "ClaimCounts",
    "RunSummary",
    "baselines_to_accept",
    "claim_counts",
    "last_month_unclaimed",
    "open_baseline",
    "unread_notices",
    "recent_payment_runs",
]

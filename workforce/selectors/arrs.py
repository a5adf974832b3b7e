"""What the PCN's claims draw on the ARRS sums: use per PCN and year, what a claim and its
adjustments have already been paid or asked for, and the transferred pharmacists outside the
2019/20 ceiling."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth

from funding.arrs_use import ArrsPaid, ArrsUse
from workforce import rules
from workforce.models import (
    APPROVED_STATUSES,
    OPEN_STATUSES,
    PENDING_STATUSES,
    Claim,
    ClaimLine,
    ClaimStatus,
)


def arrs_use_by_pcn(pcn_ids, financial_year, *, exclude_claim_id=None) -> dict[int, ArrsUse]:
    """ARRS approved and pending per PCN for ``financial_year`` (one query, any number of PCNs).
    PCNs without claims are absent from the result.

    Approved is the approved amount of approved and paid claims, adjustments (positive or
    negative) included; pending is the amount claimed by submitted and queried claims. Each claim
    is read with the sum of its lines against a separate GP sum beside it."""
    qs = Claim.objects.filter(
        pcn_id__in=list(pcn_ids),
        month__gte=financial_year.start,
        month__lte=financial_year.end,
        status__in=[*APPROVED_STATUSES, *PENDING_STATUSES],
    )
    if exclude_claim_id is not None:
        qs = qs.exclude(pk=exclude_claim_id)
    gp_lines = (
        ClaimLine.objects.filter(claim_id=OuterRef("pk"), counts_against_gp_sum=True)
        .values("claim_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    rows = qs.annotate(gp=Subquery(gp_lines)).values_list(
        "pcn_id", "status", "approved_amount", "total", "gp"
    )
    zero = Decimal("0.00")
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: zero))
    for pcn_id, status, approved_amount, total, gp in rows:
        pcn = sums[pcn_id]
        if status in APPROVED_STATUSES:
            pcn["approved"] += approved_amount or zero
            # Lines against a separate GP sum (des-years.md §2, 2024/25) leave the main sum.
            if gp is not None:
                pcn["gp_approved"] += rules.gp_part_approved(gp, approved_amount)
        else:
            pcn["pending"] += total or zero
            pcn["gp_pending"] += gp or zero
    use = {}
    for pcn_id, pcn in sums.items():
        gp_approved = rules.to_penny(pcn["gp_approved"])
        gp_pending = rules.to_penny(pcn["gp_pending"])
        use[pcn_id] = ArrsUse(
            approved=rules.to_penny(pcn["approved"]) - gp_approved,
            pending=rules.to_penny(pcn["pending"]) - gp_pending,
            gp_approved=gp_approved,
            gp_pending=gp_pending,
        )
    return use


def already_reimbursed(original_id: int, *, exclude_claim_id=None) -> dict[int, Decimal]:
    """What has already been paid or asked for, per staff member, on a claim and its adjustments:
    the original line's reimbursable amount plus the line amounts of every adjustment of it that
    is approved, paid or pending (submitted or queried), except ``exclude_claim_id``. An
    adjustment's lines are the difference from this, so two corrections are never both paid in
    full."""
    reimbursed = {
        staff_id: amount
        for staff_id, amount in ClaimLine.objects.filter(claim_id=original_id).values_list(
            "staff_id", "reimbursable"
        )
    }
    adjusted = (
        ClaimLine.objects.filter(
            claim__adjusts_id=original_id,
            claim__status__in=[*APPROVED_STATUSES, *PENDING_STATUSES],
        )
        .exclude(claim_id=exclude_claim_id)
        .values("staff_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in adjusted:
        reimbursed[row["staff_id"]] = reimbursed.get(row["staff_id"], Decimal(0)) + row["total"]
    return reimbursed


def other_adjustments(claim: Claim, statuses=OPEN_STATUSES) -> list[Claim]:
    """The other adjustments of the claim ``claim`` adjusts (or of ``claim`` itself, when it is
    an original) in ``statuses``, oldest first."""
    original_id = claim.adjusts_id or claim.pk
    return list(
        Claim.objects.filter(adjusts_id=original_id, status__in=statuses)
        .exclude(pk=claim.pk)
        .order_by("pk")
    )


def transferred_outside_ceiling(
    pcn_id: int, financial_year, statuses, *, exclude_claim_id=None
) -> Decimal:
    """The amounts of the PCN's claim lines for transferred clinical pharmacists in
    ``financial_year``, in claims of ``statuses``: in the WTE-allowance year (2019/20) they are
    not paid from the ARRS sum (rules.counts_against_sum), so the ceiling checks take them off.
    Of an approved claim, at most what was approved is taken off."""
    rows = (
        ClaimLine.objects.filter(
            claim__pcn_id=pcn_id,
            claim__month__gte=financial_year.start,
            claim__month__lte=financial_year.end,
            claim__status__in=statuses,
            staff__transferred=True,
        )
        .exclude(claim_id=exclude_claim_id)
        .values("claim_id", "claim__status", "claim__approved_amount")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    zero = Decimal("0.00")
    return sum(
        (
            rules.gp_part_approved(r["total"], r["claim__approved_amount"])
            if r["claim__status"] in APPROVED_STATUSES
            else r["total"]
            for r in rows
        ),
        zero,
    )


def arrs_paid(pcn_ids, start, end) -> list[ArrsPaid]:
    """The approved amounts of paid claims (adjustments included) by PCN and the month of their
    payment run's date, from ``start`` to ``end`` (one query)."""
    rows = (
        Claim.objects.filter(
            pcn_id__in=list(pcn_ids),
            status=ClaimStatus.PAID,
            payment_run__paid_on__range=(start, end),
        )
        .annotate(paid_month=TruncMonth("payment_run__paid_on"))
        .values("pcn_id", "paid_month")
        .annotate(amount=Sum("approved_amount"))
        .order_by("pcn_id", "paid_month")
    )
    return [ArrsPaid(r["pcn_id"], r["paid_month"], r["amount"]) for r in rows]

"""The claims queue: the scoped claims with what its table shows, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When

from workforce.models import Claim, ClaimLine, ClaimStatus
from workforce.selectors.loaders import claims_for


def claim_queue(user, *, today: date):
    """Claims in the user's scope with what the queue shows, in one query: the PCN, commissioner
    and year joined, ``is_overdue`` annotated. The line roles of the rows shown come from
    ``claim_roles`` (one more query), not from prefetching every line."""
    return (
        claims_for(user)
        .select_related("pcn__commissioner", "financial_year", "adjusts")
        .annotate(
            is_overdue=Case(
                When(status=ClaimStatus.SUBMITTED, due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def claim_roles(claims) -> dict[int, str]:
    """The sorted distinct role names of each claim's lines ("Clinical pharmacist, Paramedic"),
    in one query: ``claims`` is a list of ids (a page) or a queryset of claims (an export)."""
    if not isinstance(claims, list | tuple | set):
        claims = claims.order_by().values("pk")
    names: dict[int, set[str]] = defaultdict(set)
    for claim_id, name in (
        ClaimLine.objects.filter(claim_id__in=claims)
        .order_by()
        .values_list("claim_id", "role__name")
        .distinct()
    ):
        names[claim_id].add(name)
    return {claim_id: ", ".join(sorted(roles)) for claim_id, roles in names.items()}


def overdue(qs, today: date):
    return qs.filter(status=ClaimStatus.SUBMITTED, due_on__lt=today)


def with_role(qs, role):
    return qs.filter(Exists(ClaimLine.objects.filter(claim=OuterRef("pk"), role=role)))


def next_to_decide(user, *, after: Claim) -> Claim | None:
    """The submitted claim, other than ``after``, that waits longest for this person's decision
    (due first): never one they submitted themselves."""
    return (
        Claim.objects.visible_to(user)
        .filter(status=ClaimStatus.SUBMITTED)
        .exclude(pk=after.pk)
        .exclude(submitted_by=user)
        .order_by("due_on", "pk")
        .first()
    )

"""Payment runs as finance reads them: the claims of a run in the person's scope, grouped by the
payee each PCN nominated (the remittance)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from workforce.models import Claim, PaymentRun
from workforce.selectors.home import RunSummary, recent_payment_runs


@dataclass(frozen=True)
class Payee:
    name: str
    code: str
    claims: list[Claim]
    total: Decimal


def by_payee(claims) -> list[Payee]:
    """Claims grouped by their PCN's nominated payee (a PCN without one is its own group, named
    so), payees by name, each payee's claims by PCN and month."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        payee = claim.pcn.nominated_payee
        key = (
            (payee.name, payee.code)
            if payee
            else (f"{claim.pcn.name} (no nominated payee)", claim.pcn.code)
        )
        groups.setdefault(key, []).append(claim)
    return [
        Payee(
            name,
            code,
            sorted(group, key=lambda c: (c.pcn.name, c.month, c.pk)),
            sum((c.approved_amount for c in group), Decimal("0.00")),
        )
        for (name, code), group in sorted(groups.items())
    ]


def payment_run_for(user, pk: int) -> tuple[PaymentRun, list[Claim]]:
    """A run and the claims in it the person may see; a 404 when they see none of them."""
    claims = list(
        Claim.objects.visible_to(user)
        .filter(payment_run_id=pk)
        .select_related("pcn__nominated_payee", "payment_run", "adjusts")
    )
    if not claims:
        raise Http404("No such payment run.")
    return claims[0].payment_run, claims


def payment_runs_for(user, limit: int = 200) -> list[RunSummary]:
    """The runs that paid claims the person sees, newest first, with their count and total."""
    return recent_payment_runs(user, limit=limit)

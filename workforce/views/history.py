"""The audit trail pages: a claim's history and a PCN's baseline history."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from networks import selectors as network_selectors
from workforce import selectors


@require_GET
def claim_history(request, pk):
    """Everyone who can see the claim can see its history (404 outside scope)."""
    claim = selectors.get_claim_for(request.user, pk)
    return render(
        request, "workforce/claim_history.html", {"history": selectors.claim_history(claim)}
    )


@require_GET
def baseline_history(request, code):
    pcn = network_selectors.get_pcn_for(request.user, code)
    return render(
        request,
        "workforce/baseline_history.html",
        {
            "pcn": pcn,
            "versions": selectors.baseline_versions(pcn),
            "events": selectors.baseline_history(pcn),
        },
    )

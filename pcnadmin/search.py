"""The header's search, part of pcnadmin's shell (it reads the apps): claim references, staff
names, practices and PCNs, each only within the person's scope (the same loaders as their
pages, so a result never leads to a 404)."""

from __future__ import annotations

import re

from django.shortcuts import render
from django.views.decorators.http import require_GET

from networks import selectors as networks
from networks.scopes import scope_for
from workforce.models import Staff
from workforce.selectors import claims_for

MAX_RESULTS = 20
REFERENCE = re.compile(r"^(?:CL|ADJ)?-?0*(\d{1,12})$", re.IGNORECASE)


def find(user, text: str) -> dict:
    """What matches ``text`` for this person: at most MAX_RESULTS of each kind."""
    claims = []
    if match := REFERENCE.match(text.replace(" ", "")):
        claims = list(
            claims_for(user).filter(pk=int(match.group(1))).select_related("pcn", "adjusts")
        )
    pcns = networks.pcns_for(user).filter(name__icontains=text) | networks.pcns_for(user).filter(
        code__iexact=text
    )
    practices = networks.practices_for(user).filter(name__icontains=text) | networks.practices_for(
        user
    ).filter(code__iexact=text)
    staff = scope_for(user).filter_pcns(Staff.objects.all(), via="pcn").filter(name__icontains=text)
    return {
        "claims": claims,
        "pcns": list(pcns.distinct().order_by("name")[:MAX_RESULTS]),
        "practices": list(practices.distinct().order_by("name")[:MAX_RESULTS]),
        "staff": list(staff.select_related("pcn").order_by("name", "pk")[:MAX_RESULTS]),
    }


@require_GET
def search(request):
    """Results for ``?q=``: two characters at least, a hundred at most."""
    text = request.GET.get("q", "").strip()[:100]
    results = find(request.user, text) if len(text) >= 2 else None
    context = {"q": text, "results": results, "max_results": MAX_RESULTS}
    context["found"] = results is not None and any(results.values())
    return render(request, "search.html", context)

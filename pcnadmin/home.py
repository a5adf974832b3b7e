"""The project's home page, part of pcnadmin's shell (it reads the apps; the base helpers and the
error pages in ``pcnadmin.views`` import none): what needs the person now, per user type, each
count linking to the list it counts."""

from __future__ import annotations

from datetime import date

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from funding.models import FinancialYear
from networks.models import PCN
from networks.scopes import UserType, scope_for
from workforce.selectors import home as work

CLAIM_DECIDERS = {UserType.CONTRACT_MANAGER, UserType.ADMINISTRATOR}


def what_needs(user, today: date) -> dict:
    """The home page's facts for this person: a fixed number of queries (``tests/test_home.py``)."""
    scope = scope_for(user)
    facts = {"user_type": scope.user_type, "today": today, "counts": work.claim_counts(user, today)}
    facts["unread"] = work.unread_notices(user)
    if scope.user_type in CLAIM_DECIDERS:
        facts["baselines"] = work.baselines_to_accept(user)
    if scope.user_type == UserType.FINANCE:
        facts["runs"] = work.recent_payment_runs(user)
    if scope.user_type == UserType.ADMINISTRATOR:
        facts["years_not_ready"] = list(
            FinancialYear.objects.filter(ready_at__isnull=True).order_by("start")
        )
    if scope.is_pcn_user and scope.pcn_id:
        pcn = PCN.objects.filter(pk=scope.pcn_id).only("code", "name").first()
        facts |= {
            "pcn": pcn,
            "unclaimed": work.last_month_unclaimed(scope.pcn_id, today),
            "baseline": work.open_baseline(scope.pcn_id),
            "year": FinancialYear.objects.containing(today).first(),
        }
    return facts


@require_GET
def home(request):
    """What needs me: claims waiting, overdue and queried, baselines to accept, the month to
    claim, payments to make, years to set up, each linking to its list."""
    facts = what_needs(request.user, timezone.localdate())
    return render(request, "home.html", facts)

"""One loader per object type: each returns the row when it is in the user's scope and raises
404 otherwise (style.md §6)."""

from __future__ import annotations

from django.http import Http404

from workforce.models import Baseline, Claim, Evidence, Staff


def claims_for(user):
    return Claim.objects.visible_to(user)


def get_claim_for(user, pk: int) -> Claim:
    claim = claims_for(user).select_related("pcn__commissioner", "financial_year").filter(pk=pk)
    claim = claim.first()
    if claim is None:
        raise Http404("No claim with that number is in your scope.")
    return claim


def get_staff_for(user, pk: int) -> Staff:
    staff = Staff.objects.visible_to(user).select_related("pcn__commissioner", "employer")
    staff = staff.filter(pk=pk).first()
    if staff is None:
        raise Http404("No staff member with that number is in your scope.")
    return staff


def get_baseline_for(user, pk: int) -> Baseline:
    from networks.scopes import scope_for

    qs = scope_for(user).filter_pcns(Baseline.objects.all(), via="pcn")
    baseline = qs.select_related("pcn__commissioner").filter(pk=pk).first()
    if baseline is None:
        raise Http404("No baseline with that number is in your scope.")
    return baseline


def get_evidence_for(user, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk, claim__in=claims_for(user)).first()
    if evidence is None:
        raise Http404("No evidence with that number is in your scope.")
    return evidence


def baselines_for(user):
    from networks.scopes import scope_for

    return scope_for(user).filter_pcns(Baseline.objects.all(), via="pcn")

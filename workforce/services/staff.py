"""The staff register: people in reimbursable roles with dated terms; a change is a new term, never an overwrite."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from funding.models import ArrsRole
from networks.models import PCN, Membership, Practice
from workforce import permissions, rules
from workforce.models import (
    APPROVED_STATUSES,
    PENDING_STATUSES,
    ClaimLine,
    Staff,
    StaffTerm,
)
from workforce.services._common import (
    _name,
    _save,
)

# --- staff --------------------------------------------------------------------------------------


def _check_employer(pcn: PCN, employer: Practice | None) -> None:
    if employer is not None and not Membership.objects.filter(pcn=pcn, practice=employer).exists():
        raise ValidationError({"employer": f"{employer.name} is not a member of {pcn.name}."})


def _check_transferred(transferred: bool, role: ArrsRole) -> None:
    if transferred and not rules.may_be_transferred(role.slug):
        raise ValidationError(
            {"transferred": "Only clinical pharmacists transferred from the national schemes."}
        )


@transaction.atomic
def staff_add(
    *,
    pcn: PCN,
    by,
    name: str,
    role: ArrsRole,
    wte: Decimal,
    start_date: date,
    band: str = "",
    employer: Practice | None = None,
    end_date: date | None = None,
    in_baseline: bool = False,
    transferred: bool = False,
    area: str = "",
) -> Staff:
    """Add a person to the PCN's staff register with their first term (role, WTE, band); ``area``
    overrides the PCN's area for the ARRS maxima (des-years.md §3)."""
    permissions.require_pcn_user(by, pcn)
    _check_employer(pcn, employer)
    _check_transferred(transferred, role)
    staff = Staff(
        pcn=pcn,
        name=name.strip(),
        employer=employer,
        start_date=start_date,
        end_date=end_date,
        in_baseline=in_baseline,
        transferred=transferred,
        area=area,
    )
    staff._history_user = by
    _save(staff)
    _save(
        StaffTerm(
            staff=staff,
            effective_from=start_date,
            role=role,
            wte=Decimal(wte),
            band=band,
            reason="Started",
            recorded_by_name=_name(by),
        )
    )
    return staff


@transaction.atomic
def staff_change_terms(
    *,
    staff: Staff,
    by,
    effective_from: date,
    role: ArrsRole,
    wte: Decimal,
    band: str = "",
    reason: str = "",
) -> StaffTerm:
    """Record a dated change of role, WTE or band; earlier terms (and claims on them) stand."""
    staff = Staff.objects.select_for_update().select_related("pcn").get(pk=staff.pk)
    permissions.require_pcn_user(by, staff.pcn)
    _check_transferred(staff.transferred, role)
    if effective_from <= staff.start_date:
        raise ValidationError(
            {
                "effective_from": f"A change takes effect after the start date ({staff.start_date:%-d %B %Y})."
            }
        )
    if staff.end_date and effective_from > staff.end_date:
        raise ValidationError(
            {"effective_from": f"{staff.name} left on {staff.end_date:%-d %B %Y}."}
        )
    if StaffTerm.objects.filter(staff=staff, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": "A change is already recorded from that day."})
    return _save(
        StaffTerm(
            staff=staff,
            effective_from=effective_from,
            role=role,
            wte=Decimal(wte),
            band=band,
            reason=reason.strip(),
            recorded_by_name=_name(by),
        )
    )


@transaction.atomic
def staff_end(*, staff: Staff, by, end_date: date) -> Staff:
    staff = Staff.objects.select_for_update().select_related("pcn").get(pk=staff.pk)
    permissions.require_pcn_user(by, staff.pcn)
    if end_date < staff.start_date:
        raise ValidationError({"end_date": "The last day cannot be before the start date."})
    # A month already claimed (submitted, queried, approved or paid) stays a month in post: the
    # claim would otherwise be for someone who had left. Correct the claim first.
    claimed = (
        ClaimLine.objects.filter(
            staff=staff,
            claim__month__gt=end_date,
            claim__status__in=[*PENDING_STATUSES, *APPROVED_STATUSES],
        )
        .select_related("claim")
        .order_by("claim__month", "claim_id")
        .first()
    )
    if claimed is not None:
        month = claimed.claim.month
        raise ValidationError(
            {
                "end_date": f"{staff.name} is claimed for {month:%B %Y} in "
                f"{claimed.claim.reference} ({claimed.claim.get_status_display().lower()}): "
                f"the last day cannot be before {month:%-d %B %Y}. Correct that claim first "
                "(an adjustment, or an answer to a query)."
            }
        )
    staff.end_date = end_date
    staff._history_user = by
    return _save(staff)

"""Writes to the reference data: commissioners, practices, PCNs, memberships, Clinical Directors,
list sizes and care-home beds."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from networks import rules
from networks.models import (
    PCN,
    CareHomeBeds,
    ClinicalDirector,
    Commissioner,
    ListSize,
    Membership,
    Practice,
    UserScope,
)
from networks.services._common import _save


def commissioner_upsert(
    *, code: str, name: str, kind: str | None = None, parent: Commissioner | None = None
) -> Commissioner:
    """Create the commissioner with ODS ``code``, or bring its name up to date. ``kind`` and
    ``parent`` are changed only when given (a new commissioner defaults to a CCG)."""
    commissioner = Commissioner.objects.filter(code=code).first() or Commissioner(code=code)
    wanted = {
        "name": name,
        "kind": kind or commissioner.kind or Commissioner.Kind.CCG,
        "parent_id": parent.pk if parent else commissioner.parent_id,
    }
    if commissioner.pk and all(getattr(commissioner, f) == v for f, v in wanted.items()):
        return commissioner
    for field, value in wanted.items():
        setattr(commissioner, field, value)
    return _save(commissioner)


def practice_upsert(
    *,
    code: str,
    name: str,
    postcode: str = "",
    opened_on: date | None = None,
    closed_on: date | None = None,
) -> Practice:
    practice = Practice.objects.filter(code=code).first()
    if practice is None:
        return _save(
            Practice(
                code=code, name=name, postcode=postcode, opened_on=opened_on, closed_on=closed_on
            )
        )
    changed = False
    for field, value in {
        "name": name,
        "postcode": postcode,
        "opened_on": opened_on,
        "closed_on": closed_on,
    }.items():
        if value not in (None, "") and getattr(practice, field) != value:
            setattr(practice, field, value)
            changed = True
    return _save(practice) if changed else practice


def pcn_create(
    *, code: str, name: str, commissioner: Commissioner, nominated_payee: Practice | None = None
) -> PCN:
    return _save(
        PCN(code=code, name=name, commissioner=commissioner, nominated_payee=nominated_payee)
    )


def pcn_update(pcn: PCN, **fields) -> PCN:
    """Change a PCN's name, commissioner or nominated payee (validated; history kept)."""
    allowed = {"name", "commissioner", "nominated_payee", "area"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"pcn_update cannot change {sorted(unknown)}")
    if fields.get("nominated_payee") is not None:
        payee = fields["nominated_payee"]
        if not Membership.objects.filter(pcn=pcn, practice=payee).on(date.today()).exists():
            raise ValidationError(
                {"nominated_payee": f"{payee.name} is not a current member of {pcn.name}."}
            )
    for field, value in fields.items():
        setattr(pcn, field, value)
    return _save(pcn)


@transaction.atomic
def membership_start(
    *, practice: Practice, pcn: PCN, start: date, end: date | None = None
) -> Membership:
    """Make ``practice`` a member of ``pcn`` from ``start`` (to ``end``, or open-ended).

    DES §1: a practice is in at most one PCN on any day. The practice row is locked so that two
    imports cannot both add an overlapping membership.
    """
    Practice.objects.select_for_update().filter(pk=practice.pk).first()
    if practice.closed_on and start > practice.closed_on:
        raise ValidationError(f"{practice.name} closed on {practice.closed_on.isoformat()}.")
    return _save(Membership(practice=practice, pcn=pcn, start=start, end=end))


@transaction.atomic
def membership_end(membership: Membership, *, end: date) -> Membership:
    """End a membership on ``end`` (inclusive). The row stays as history."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if end < membership.start:
        raise ValidationError(
            f"A membership cannot end ({end.isoformat()}) before it starts ({membership.start.isoformat()})."
        )
    if membership.end is not None and membership.end <= end:
        return membership
    membership.end = end
    return _save(membership)


@transaction.atomic
def practice_move(*, practice: Practice, to_pcn: PCN, on: date) -> Membership:
    """Move ``practice`` to ``to_pcn`` from ``on``: its current membership ends the day before."""
    current = Membership.objects.select_for_update().filter(practice=practice).on(on).first()
    if current is not None:
        if current.pcn_id == to_pcn.pk:
            return current
        if current.start == on:
            raise ValidationError(
                f"{practice.name} joined {current.pcn.name} on {on.isoformat()}; "
                "end that membership before moving it on the same day."
            )
        membership_end(current, end=on - timedelta(days=1))
    return membership_start(practice=practice, pcn=to_pcn, start=on)


def clinical_director_appoint(
    *,
    pcn: PCN,
    name: str,
    start: date,
    end: date | None = None,
    wte_share: Decimal = Decimal("1.00"),
    user=None,
) -> ClinicalDirector:
    """Appoint a Clinical Director. Job shares are allowed; shares in force together may not
    exceed 1.00 WTE."""
    overlapping = ClinicalDirector.objects.filter(pcn=pcn).overlapping(start, end)
    total = sum((cd.wte_share for cd in overlapping), Decimal(0)) + wte_share
    if total > 1:
        raise ValidationError(
            f"Clinical Director shares for {pcn.name} would add up to {total} WTE; at most 1.00."
        )
    appointment = _save(
        ClinicalDirector(pcn=pcn, name=name, start=start, end=end, wte_share=wte_share, user=user)
    )
    _follow_appointments(appointment)
    return appointment


@transaction.atomic
def clinical_director_end(appointment: ClinicalDirector, *, end: date) -> ClinicalDirector:
    """End a Clinical Director's appointment on ``end`` (inclusive); their access ends with it."""
    appointment = ClinicalDirector.objects.select_for_update().get(pk=appointment.pk)
    appointment.end = end
    _save(appointment)
    _follow_appointments(appointment)
    return appointment


def _follow_appointments(appointment: ClinicalDirector) -> None:
    """A Clinical Director's access follows their appointments to the PCN (issue 12 §11)."""
    if appointment.user_id is None:
        return
    scope = UserScope.objects.filter(user_id=appointment.user_id, pcn=appointment.pcn).first()
    if scope is None:
        return
    scope.start, scope.end = rules.access_span(
        ClinicalDirector.objects.filter(
            user_id=appointment.user_id, pcn=appointment.pcn
        ).values_list("start", "end")
    )
    _save(scope)


def list_size_record(
    *,
    practice: Practice,
    reference_date: date,
    registered: int,
    weighted: Decimal | None = None,
    adjusted: Decimal | None = None,
) -> tuple[ListSize, bool]:
    """Record a practice's list sizes at a reference date; returns (row, changed).

    Recording the same figures again changes nothing (imports are idempotent). A missing weighted
    or adjusted figure keeps the one already known.
    """
    row = ListSize.objects.filter(practice=practice, reference_date=reference_date).first()
    if row is None:
        row = ListSize(practice=practice, reference_date=reference_date)
    elif (
        row.registered == registered
        and (weighted is None or row.weighted == weighted)
        and (adjusted is None or row.adjusted == adjusted)
    ):
        return row, False
    row.registered = registered
    if weighted is not None:
        row.weighted = weighted
    if adjusted is not None:
        row.adjusted = adjusted
    return _save(row), True


@transaction.atomic
def care_home_beds_record(*, pcn: PCN, month: date, beds: int) -> CareHomeBeds:
    """The care-home beds aligned to a PCN in a month (des-years.md §1, Care Home Premium)."""
    row = CareHomeBeds.objects.filter(pcn=pcn, month=month.replace(day=1)).first()
    row = row or CareHomeBeds(pcn=pcn, month=month.replace(day=1))
    if row.pk is None or row.beds != beds:
        row.beds = beds
        _save(row)
    return row


@transaction.atomic
def reference_save(obj):
    """Save a reference-data row edited in the admin, with the same checks as the services above
    (memberships: at most one PCN per practice on any day)."""
    if isinstance(obj, Membership):
        # Lock the practice so two edits cannot both pass the overlap check in Membership.clean.
        Practice.objects.select_for_update().filter(pk=obj.practice_id).first()
    _save(obj)
    if isinstance(obj, ClinicalDirector):
        _follow_appointments(obj)
    return obj

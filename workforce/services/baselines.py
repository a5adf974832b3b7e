"""Baselines (DES rules §7): drafted by the PCN, signed off by the Clinical Director, accepted or sent back by the commissioner, as workforce.lifecycle says."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction

from funding.models import ArrsRole
from networks.models import PCN
from workforce import lifecycle, permissions
from workforce.models import (
    Baseline,
    BaselineEntry,
    BaselineEvent,
    BaselineStatus,
)
from workforce.services._common import (
    BaselineStateError,
    _at,
    _name,
    _save,
    _when,
)

# --- baselines ----------------------------------------------------------------------------------


def _set_entries(baseline: Baseline, entries: dict[ArrsRole, Decimal]) -> None:
    baseline.entries.all().delete()
    for role, wte in entries.items():
        if wte is None or Decimal(wte) == 0:
            continue
        _save(BaselineEntry(baseline=baseline, role=role, wte=Decimal(wte)))


def _entries_text(baseline: Baseline) -> str:
    entries = baseline.entries.select_related("role").order_by("role__name")
    return "; ".join(f"{e.role.name} {e.wte} WTE" for e in entries) or "No reimbursable roles"


def _baseline_event(
    baseline: Baseline, *, by, from_status: str, to_status: str, reason: str = "", at=None
) -> BaselineEvent:
    return _save(
        BaselineEvent(
            baseline=baseline,
            by=by,
            by_name=_name(by),
            from_status=from_status,
            to_status=to_status,
            reason=reason.strip(),
            entries=_entries_text(baseline),
            at=_at(at),
        )
    )


@transaction.atomic
def baseline_draft(*, pcn: PCN, by, entries: dict[ArrsRole, Decimal], reason: str = "") -> Baseline:
    """Start a baseline version for the PCN. The first is version 1; a correction of an accepted
    baseline is the next version and needs a reason. One open version at a time."""
    permissions.require_pcn_user(by, pcn)
    PCN.objects.select_for_update().filter(pk=pcn.pk).first()
    versions = list(Baseline.objects.filter(pcn=pcn).order_by("-version"))
    if any(b.status in lifecycle.OPEN_BASELINE_STATES for b in versions):
        raise BaselineStateError(
            f"{pcn.name} already has a baseline version in progress; change that one."
        )
    if versions and not reason.strip():
        raise BaselineStateError(
            "A correction to the accepted baseline is a new version: give the reason for it."
        )
    baseline = _save(
        Baseline(
            pcn=pcn,
            version=(versions[0].version + 1) if versions else 1,
            reason=reason.strip(),
            drafted_by=by,
            drafted_by_name=_name(by),
        )
    )
    _set_entries(baseline, entries)
    _baseline_event(
        baseline,
        by=by,
        from_status="",
        to_status=BaselineStatus.DRAFT,
        reason=baseline.reason or ("First version" if baseline.version == 1 else ""),
    )
    return baseline


def _locked_baseline(baseline: Baseline) -> Baseline:
    return (
        Baseline.objects.select_for_update().select_related("pcn__commissioner").get(pk=baseline.pk)
    )


@transaction.atomic
def baseline_entries_set(*, baseline: Baseline, by, entries: dict[ArrsRole, Decimal]) -> Baseline:
    baseline = _locked_baseline(baseline)
    permissions.require_pcn_user(by, baseline.pcn)
    if not lifecycle.baseline_allows(baseline.status, "edit"):
        raise BaselineStateError(
            f"Version {baseline.version} is {baseline.get_status_display().lower()}: it can no "
            "longer be changed. A correction is a new version."
        )
    _set_entries(baseline, entries)
    _baseline_event(
        baseline,
        by=by,
        from_status=BaselineStatus.DRAFT,
        to_status=BaselineStatus.DRAFT,
        reason="Entries changed",
    )
    return baseline


@transaction.atomic
def baseline_sign_off(*, baseline: Baseline, by, at: datetime | None = None) -> Baseline:
    """The Clinical Director signs the draft off (DES rules §7)."""
    baseline = _locked_baseline(baseline)
    permissions.require(
        permissions.is_clinical_director_of(by, baseline.pcn),
        f"Only the Clinical Director of {baseline.pcn.name} signs its baseline off.",
    )
    if not lifecycle.baseline_allows(baseline.status, "sign_off"):
        raise BaselineStateError(
            f"Version {baseline.version} was already signed off by {baseline.signed_off_by_name} "
            f"on {_when(baseline.signed_off_at)}."
        )
    baseline.status = BaselineStatus.SIGNED_OFF
    baseline.signed_off_by, baseline.signed_off_by_name = by, _name(by)
    baseline.signed_off_at = _at(at)
    _save(baseline)
    _baseline_event(
        baseline,
        by=by,
        from_status=BaselineStatus.DRAFT,
        to_status=BaselineStatus.SIGNED_OFF,
        at=baseline.signed_off_at,
    )
    return baseline


@transaction.atomic
def baseline_accept(*, baseline: Baseline, by, at: datetime | None = None) -> Baseline:
    """The commissioner accepts a signed-off baseline: it is locked and replaces the previous
    accepted version, which stays as history."""
    baseline = _locked_baseline(baseline)
    permissions.require_contract_manager(by, baseline.pcn)
    if not lifecycle.baseline_allows(baseline.status, "accept"):
        if baseline.status == BaselineStatus.ACCEPTED:
            raise BaselineStateError(
                f"Version {baseline.version} was already accepted by {baseline.accepted_by_name} "
                f"on {_when(baseline.accepted_at)}."
            )
        raise BaselineStateError(
            f"Version {baseline.version} is {baseline.get_status_display().lower()}: the "
            "Clinical Director signs it off before it is accepted."
        )
    moment = _at(at)
    for previous in Baseline.objects.filter(pcn=baseline.pcn, status=BaselineStatus.ACCEPTED):
        previous.status = BaselineStatus.SUPERSEDED
        _save(previous)
        _baseline_event(
            previous,
            by=by,
            from_status=BaselineStatus.ACCEPTED,
            to_status=BaselineStatus.SUPERSEDED,
            reason=f"Replaced by version {baseline.version}.",
            at=moment,
        )
    baseline.status = BaselineStatus.ACCEPTED
    baseline.accepted_by, baseline.accepted_by_name = by, _name(by)
    baseline.accepted_at = moment
    _save(baseline)
    _baseline_event(
        baseline,
        by=by,
        from_status=BaselineStatus.SIGNED_OFF,
        to_status=BaselineStatus.ACCEPTED,
        at=moment,
    )
    return baseline


@transaction.atomic
def baseline_return(*, baseline: Baseline, by, reason: str) -> Baseline:
    """The commissioner sends a signed-off version back to the PCN to be changed and re-signed."""
    baseline = _locked_baseline(baseline)
    permissions.require_contract_manager(by, baseline.pcn)
    if not reason.strip():
        raise BaselineStateError("Say why the baseline goes back to the PCN.")
    if not lifecycle.baseline_allows(baseline.status, "return"):
        raise BaselineStateError(
            f"Version {baseline.version} is {baseline.get_status_display().lower()}; only a "
            "signed-off version can be sent back."
        )
    baseline.status = BaselineStatus.DRAFT
    baseline.signed_off_by, baseline.signed_off_by_name, baseline.signed_off_at = None, "", None
    baseline.reason = (baseline.reason + f"\nReturned by {_name(by)}: {reason.strip()}").strip()
    _save(baseline)
    _baseline_event(
        baseline,
        by=by,
        from_status=BaselineStatus.SIGNED_OFF,
        to_status=BaselineStatus.DRAFT,
        reason=f"Sent back: {reason.strip()}",
    )
    return baseline

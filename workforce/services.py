"""The only code that writes workforce rows (style.md §1): baselines, staff, claims, evidence and
payment runs. Views, the admin, the demo loader and tests call these.

Every claim transition runs in one transaction that locks the PCN row and then the claim row
(always in that order, so two transitions cannot deadlock), checks the current state, and writes
an append-only ``ClaimEvent``. Locking the PCN serialises everything that draws on its ARRS sum,
so two claims racing for the last of it cannot both get it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import holidays as bank_holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from funding import selectors as funding_selectors
from funding.models import ArrsRole
from networks.models import PCN, Membership, Practice
from workforce import lifecycle, notifications, permissions, rules, selectors, uploads
from workforce.models import (
    APPROVED_STATUSES,
    PENDING_STATUSES,
    Baseline,
    BaselineEntry,
    BaselineEvent,
    BaselineStatus,
    Claim,
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    Evidence,
    PaymentRun,
    Staff,
    StaffTerm,
)

CLINICAL_PHARMACIST = "clinical-pharmacist"


class WorkforceError(Exception):
    """A domain rule refused the action; the message is for the person who asked."""


class ClaimStateError(WorkforceError):
    """The claim is not in a state that allows the action (e.g. it was already approved)."""


class BaselineStateError(WorkforceError):
    pass


class ClaimProblemsError(WorkforceError):
    def __init__(self, problems: list[rules.Problem]):
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "System"


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _at(when: datetime | None) -> datetime:
    return when or timezone.now()


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _when(moment: datetime | None) -> str:
    return (
        timezone.localtime(moment).strftime("%-d %B %Y at %H:%M") if moment else "an unknown time"
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


# --- staff --------------------------------------------------------------------------------------


def _check_employer(pcn: PCN, employer: Practice | None) -> None:
    if employer is not None and not Membership.objects.filter(pcn=pcn, practice=employer).exists():
        raise ValidationError({"employer": f"{employer.name} is not a member of {pcn.name}."})


def _check_transferred(transferred: bool, role: ArrsRole) -> None:
    if transferred and role.slug != CLINICAL_PHARMACIST:
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


# --- claims: drafting ---------------------------------------------------------------------------


def _event(claim: Claim, *, by, from_status: str, to_status: str, amount=None, reason="", at=None):
    return _save(
        ClaimEvent(
            claim=claim,
            by=by,
            by_name=_name(by),
            from_status=from_status,
            to_status=to_status,
            amount=amount,
            reason=reason,
            at=_at(at),
        )
    )


def _locked(claim: Claim | int) -> Claim:
    """Lock the claim's PCN, then the claim, and return the claim as it is now."""
    pk = claim if isinstance(claim, int) else claim.pk
    pcn_id = Claim.objects.values_list("pcn_id", flat=True).get(pk=pk)
    PCN.objects.select_for_update().filter(pk=pcn_id).first()
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related("pcn__commissioner", "financial_year", "payment_run")
        .get(pk=pk)
    )


def _state_error(claim: Claim, wanted: str) -> ClaimStateError:
    if claim.status in (ClaimStatus.APPROVED, ClaimStatus.REJECTED):
        what = f"already {claim.get_status_display().lower()} by {claim.decided_by_name} on {_when(claim.decided_at)}"
    elif claim.status == ClaimStatus.PAID:
        run = claim.payment_run
        what = f"already paid in payment run {run.pk} of {run.paid_on:%-d %B %Y}"
    elif claim.status == ClaimStatus.SUBMITTED:
        what = f"submitted by {claim.submitted_by_name} on {_when(claim.submitted_at)} and is waiting for the commissioner"
    elif claim.status == ClaimStatus.QUERIED:
        what = f"queried by {claim.decided_by_name} on {_when(claim.decided_at)} and is waiting for the PCN's answer"
    else:
        what = "still a draft"
    verb = (
        "was"
        if claim.status in (ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.PAID)
        else "is"
    )
    return ClaimStateError(f"This claim {verb} {what}, so it cannot be {wanted}.")


def _require(claim: Claim, action: str) -> None:
    """Refuse ``action`` unless the claim life cycle (workforce.lifecycle) allows it from the
    claim's state."""
    if not lifecycle.allows(claim.status, action):
        raise _state_error(claim, lifecycle.transition(action).refused_as)


@dataclass(frozen=True)
class LineInput:
    staff: Staff
    salary: Decimal
    employer_ni: Decimal
    employer_pension: Decimal
    apprenticeship_levy: Decimal = Decimal("0.00")


def _compute(
    line: ClaimLine,
    rates: dict[int, list[rules.RoleRate]],
    month: date,
    *,
    area: str = "national",
    gp_role_ids=frozenset(),
) -> None:
    """Fill in the line's frozen computation: the rate in force that month, the maximum for the
    post's area, and the amounts. A line whose role has no rate, or whose maximum is not
    published, is kept with nothing reimbursable; the claim checks name the problem."""
    line.actual_cost = (
        line.salary + line.employer_ni + line.employer_pension + line.apprenticeship_levy
    )
    line.area = area
    line.counts_against_gp_sum = line.role_id in gp_role_ids
    # The terms in force in the claim month as known today (a row announced later is not used).
    rate = rules.rate_in_force(rates.get(line.role_id, []), month, timezone.localdate())
    maximum, line.max_note = rate.maximum_for(area) if rate else (None, "")
    if rate is None or maximum is None:
        line.percent = rate.percent if rate else None
        line.max_annual_per_wte = None
        line.percentage_amount = line.cap = Decimal(0)
        line.capped, line.reimbursable = False, Decimal("0.00")
    else:
        working = rules.reimbursable_amount(
            actual_cost=line.actual_cost,
            wte=line.wte,
            percent=rate.percent,
            monthly_maxima=[maximum],
        )
        line.percent, line.max_annual_per_wte = rate.percent, maximum
        line.percentage_amount = working.percentage_amount.quantize(Decimal("0.0001"))
        line.cap = working.cap.quantize(Decimal("0.0001"))
        line.capped, line.reimbursable = working.capped, working.reimbursable
    previous = line.previous_reimbursable
    line.amount = line.reimbursable - (previous or Decimal(0))


def _gp_role_ids(claim: Claim) -> frozenset[int]:
    """Roles whose lines count against the year's separate GP sum in the claim's month
    (des-years.md §2: 2024/25, from 1 October 2024)."""
    rule = funding_selectors.sum_rule(claim.financial_year)
    if rule is None or rule.gp_per_head is None:
        return frozenset()
    if not rule.gp_period_start <= claim.month <= rule.gp_period_end:
        return frozenset()
    return frozenset(r.pk for r in rule.gp_roles.all())


def _recompute(claim: Claim) -> None:
    """Recompute every line with the rates in force now and store the total (drafts only). An
    adjustment is the difference from what was already paid or asked for at this moment."""
    lines = list(claim.lines.select_related("staff"))
    rates = funding_selectors.role_rates({line.role_id for line in lines})
    paid = _already_reimbursed(claim)
    gp = _gp_role_ids(claim)
    for line in lines:
        if claim.is_adjustment:
            line.previous_reimbursable = paid.get(line.staff_id, Decimal(0))
        _compute(line, rates, claim.month, area=line.staff.area or claim.pcn.area, gp_role_ids=gp)
        line.save()
    claim.total = sum((line.amount for line in lines), Decimal("0.00"))
    claim.save(update_fields=["total"])


@transaction.atomic
def claim_create(*, pcn: PCN, month: date, by, at: datetime | None = None) -> Claim:
    """Start a draft claim for ``month`` (its lines are added with claim_lines_set)."""
    permissions.require_pcn_user(by, pcn)
    month = month.replace(day=1)
    year = funding_selectors.financial_year_containing(month)
    if year is None:
        raise WorkforceError(f"No financial year containing {month:%B %Y} is set up.")
    claim = _save(
        Claim(pcn=pcn, month=month, financial_year=year, created_by=by, created_by_name=_name(by))
    )
    _event(claim, by=by, from_status="", to_status=ClaimStatus.DRAFT, at=at)
    return claim


@transaction.atomic
def claim_lines_set(*, claim: Claim, by, lines: list[LineInput]) -> Claim:
    """Replace the lines of a draft (or queried) claim. Each line takes the staff member's role and
    WTE in force in the month and is computed with the rate in force then."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "edit")
    staff_ids = [line.staff.pk for line in lines]
    if len(set(staff_ids)) != len(staff_ids):
        raise WorkforceError("Each staff member appears once in a claim.")
    previous = _already_reimbursed(claim)
    if claim.is_adjustment:
        if set(staff_ids) - set(previous):
            raise WorkforceError("An adjustment corrects the lines of the original claim only.")
    staff = {
        s.pk: s for s in Staff.objects.filter(pk__in=staff_ids, pcn=claim.pcn).select_related("pcn")
    }
    if len(staff) != len(staff_ids):
        raise WorkforceError("Every staff member claimed must be on this PCN's register.")
    terms = selectors._terms_by_staff(staff_ids)
    claim.lines.all().delete()
    rates = funding_selectors.role_rates()
    gp = _gp_role_ids(claim)
    total = Decimal("0.00")
    for given in lines:
        person = staff[given.staff.pk]
        # Before the start date there is no term in force: the first term is used and the claim
        # shows the "not in post" problem rather than failing to save.
        term = selectors.term_on(terms[person.pk], claim.month) or terms[person.pk][0]
        line = ClaimLine(
            claim=claim,
            staff=person,
            role_id=term.role_id,
            wte=term.wte,
            salary=Decimal(given.salary),
            employer_ni=Decimal(given.employer_ni),
            employer_pension=Decimal(given.employer_pension),
            apprenticeship_levy=Decimal(given.apprenticeship_levy or 0),
            previous_reimbursable=previous.get(person.pk),
        )
        _compute(line, rates, claim.month, area=person.area or claim.pcn.area, gp_role_ids=gp)
        _save(line)
        total += line.amount
    claim.total = total
    claim.save(update_fields=["total"])
    return claim


def _already_reimbursed(claim: Claim) -> dict[int, Decimal]:
    if not claim.is_adjustment:
        return {}
    return selectors.already_reimbursed(claim.adjusts_id, exclude_claim_id=claim.pk)


@transaction.atomic
def claim_adjust(*, claim: Claim, by, reason: str, at: datetime | None = None) -> Claim:
    """Start an adjustment of an approved or paid claim: a draft for the same PCN and month with
    the original lines copied; its amounts are the differences (negative or positive)."""
    original = _locked(claim)
    permissions.require_pcn_user(by, original.pcn)
    if original.is_adjustment:
        raise WorkforceError("Adjust the original claim, not an adjustment.")
    _require(original, "adjust")
    if not reason.strip():
        raise WorkforceError("Give the reason for the adjustment.")
    # Under the PCN lock: two adjustments started at once make one.
    open_ones = selectors.other_adjustments(original)
    if open_ones:
        raise WorkforceError(
            f"{open_ones[0].reference} already adjusts this claim "
            f"({open_ones[0].get_status_display().lower()}): finish it, or delete it while it is "
            "a draft, before starting another."
        )
    paid = selectors.already_reimbursed(original.pk)
    adjustment = _save(
        Claim(
            pcn=original.pcn,
            month=original.month,
            financial_year=original.financial_year,
            adjusts=original,
            adjustment_reason=reason.strip(),
            created_by=by,
            created_by_name=_name(by),
        )
    )
    _event(adjustment, by=by, from_status="", to_status=ClaimStatus.DRAFT, reason=reason, at=at)
    for line in original.lines.all():
        _save(
            ClaimLine(
                claim=adjustment,
                staff_id=line.staff_id,
                role_id=line.role_id,
                wte=line.wte,
                salary=line.salary,
                employer_ni=line.employer_ni,
                employer_pension=line.employer_pension,
                apprenticeship_levy=line.apprenticeship_levy,
                actual_cost=line.actual_cost,
                percent=line.percent,
                max_annual_per_wte=line.max_annual_per_wte,
                percentage_amount=line.percentage_amount,
                cap=line.cap,
                capped=line.capped,
                reimbursable=paid[line.staff_id],
                previous_reimbursable=paid[line.staff_id],
                amount=Decimal("0.00"),
            )
        )
    return adjustment


# --- claims: the life cycle ---------------------------------------------------------------------


def _holidays(day: date):
    return bank_holidays.UK(subdiv="ENG", years=[day.year, day.year + 1])


def _submit(claim: Claim, *, by, at: datetime | None, today: date | None, reason: str) -> Claim:
    permissions.require_pcn_user(by, claim.pcn)
    moment = _at(at)
    today = today or timezone.localdate(moment)
    _recompute(claim)  # the rates in force at submission are frozen on the lines from now on
    problems = selectors.claim_problems(claim, today=today)
    blocking = [p for p in problems if p.blocking]
    if blocking:
        raise ClaimProblemsError(blocking)
    from_status = claim.status
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_by, claim.submitted_by_name, claim.submitted_at = by, _name(by), moment
    claim.due_on = rules.due_date(timezone.localdate(moment), _holidays(timezone.localdate(moment)))
    claim.problem_count = len(problems)
    _save(claim)
    _event(
        claim,
        by=by,
        from_status=from_status,
        to_status=claim.status,
        amount=claim.total,
        reason=reason,
        at=moment,
    )
    notifications.queue(notifications.claim_submitted, claim.pk)
    return claim


@transaction.atomic
def claim_submit(
    *, claim: Claim, by, at: datetime | None = None, today: date | None = None
) -> Claim:
    """Submit a draft: refused while it has blocking problems (future month, not in post, role
    not reimbursable, duplicate, the ARRS entitlement exceeded); warnings go to the reviewer."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "submit")
    return _submit(claim, by=by, at=at, today=today, reason="")


@transaction.atomic
def claim_resubmit(*, claim: Claim, by, answer: str, at: datetime | None = None) -> Claim:
    """Answer the commissioner's query and submit the claim again (the 5-day clock restarts)."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "resubmit")
    if not answer.strip():
        raise WorkforceError("Answer the commissioner's question before resubmitting.")
    return _submit(claim, by=by, at=at, today=None, reason=answer.strip())


def _decide(claim: Claim, *, by, action: str) -> None:
    if by.pk in (claim.submitted_by_id, claim.created_by_id):
        raise permissions.NotAllowed("You submitted this claim, so someone else must decide on it.")
    permissions.require_contract_manager(by, claim.pcn)
    _require(claim, action)


def _approval_problems(claim: Claim, amount: Decimal) -> list[str]:
    """Checks that hold at approval whatever was true at submission: no person-month approved
    twice, and approved claims within the PCN's ARRS entitlement (DES rules §6–7)."""
    problems = []
    if claim.is_adjustment:
        problems += _adjustment_problems(claim)
    else:
        twice = (
            ClaimLine.objects.filter(
                claim__pcn_id=claim.pcn_id,
                claim__month=claim.month,
                claim__status__in=APPROVED_STATUSES,
                claim__adjusts__isnull=True,
                staff_id__in=claim.lines.values("staff_id"),
            )
            .exclude(claim_id=claim.pk)
            .select_related("staff", "claim")
        )
        problems += [
            f"{line.staff.name} is already approved for {claim.month:%B %Y} in {line.claim.reference}."
            for line in twice
        ]
    entitlement = funding_selectors.arrs_entitlements([claim.pcn_id], claim.financial_year).get(
        claim.pcn_id
    )
    against = amount  # what this approval draws on the ARRS sums
    if entitlement is not None and entitlement.wte_allowance is not None:
        # 2019/20: transferred pharmacists are outside the ceiling (rules.counts_against_sum).
        transferred = claim.lines.filter(staff__transferred=True).aggregate(t=Sum("amount"))["t"]
        against -= min(amount, transferred or Decimal(0))
    if entitlement is not None and against > 0:
        use = selectors.arrs_use_by_pcn(
            [claim.pcn_id], claim.financial_year, exclude_claim_id=claim.pk
        ).get(claim.pcn_id, selectors.ArrsUse())
        approved = use.approved
        if entitlement.wte_allowance is not None:
            approved -= selectors.transferred_outside_ceiling(
                claim.pcn_id, claim.financial_year, APPROVED_STATUSES, exclude_claim_id=claim.pk
            )
        gp_part = Decimal("0.00")
        if entitlement.gp_amount is not None:
            gp_part = min(
                against,
                sum(
                    (line.amount for line in claim.lines.all() if line.counts_against_gp_sum),
                    Decimal("0.00"),
                ),
            )
        # A reduction approved on the claim comes off its main-sum part (as in arrs_use_by_pcn).
        checks = [("ARRS claims", approved, against - gp_part, "entitlement", entitlement.amount)]
        if entitlement.gp_amount is not None:
            checks.append(
                ("GP ARRS claims", use.gp_approved, gp_part, "GP ARRS sum", entitlement.gp_amount)
            )
        for name, already, part, sum_name, ceiling in checks:
            if rules.arrs_sum_exceeded(approved=already, claimed=part, entitlement=ceiling):
                problems.append(
                    f"Approving £{part:,.2f} would take the PCN's approved {name} to "
                    f"£{already + part:,.2f}, over its {claim.financial_year} {sum_name} of "
                    f"£{ceiling:,.2f}."
                )
    return problems


def _adjustment_problems(claim: Claim) -> list[str]:
    """An adjustment is approved only alone and only while what it was worked out against (what
    was already paid or asked for) still holds."""
    problems = [
        f"{other.reference} also adjusts {claim.adjusts.reference} and is waiting for a "
        "decision: decide one adjustment at a time."
        for other in selectors.other_adjustments(claim, PENDING_STATUSES)
    ]
    paid = _already_reimbursed(claim)
    for line in claim.lines.select_related("staff"):
        now = paid.get(line.staff_id, Decimal(0))
        if line.previous_reimbursable != now:
            problems.append(
                f"{line.staff.name}: £{now:,.2f} is now paid or asked for, not the "
                f"£{line.previous_reimbursable or 0:,.2f} this adjustment was worked out "
                "against; query it so the PCN resubmits."
            )
    return problems


def _approve(claim: Claim, *, by, amount: Decimal | None, reason: str, at) -> Claim:
    try:
        agreed = rules.approved_amount(claimed=claim.total, approved=amount, reason=reason)
    except ValueError as error:
        raise WorkforceError(str(error)) from error
    problems = _approval_problems(claim, agreed)
    if problems:
        raise WorkforceError(" ".join(problems))
    from_status = claim.status
    claim.status = ClaimStatus.APPROVED
    claim.approved_amount = agreed
    claim.decided_by_name, claim.decided_at = _name(by), _at(at)
    _save(claim)
    _event(
        claim,
        by=by,
        from_status=from_status,
        to_status=claim.status,
        amount=agreed,
        reason=reason.strip(),
        at=claim.decided_at,
    )
    notifications.queue(notifications.claim_decided, claim.pk)
    return claim


@transaction.atomic
def claim_approve(
    *, claim: Claim, by, amount: Decimal | None = None, reason: str = "", at: datetime | None = None
) -> Claim:
    """Approve a submitted claim, as claimed or at a lower amount with a reason. The submitter
    cannot approve their own claim; only contract managers of the PCN's commissioner can."""
    claim = _locked(claim)
    _decide(claim, by=by, action="approve")
    return _approve(claim, by=by, amount=amount, reason=reason, at=at)


def _send_back(claim: Claim, *, by, to_status: str, words: str, amount, at) -> Claim:
    """Record a contract manager's rejection or question: the claim leaves ``submitted`` with
    the person's words as the reason, and the PCN is told."""
    claim.status = to_status
    claim.decided_by_name, claim.decided_at = _name(by), _at(at)
    _save(claim)
    _event(
        claim,
        by=by,
        from_status=ClaimStatus.SUBMITTED,
        to_status=to_status,
        amount=amount,
        reason=words,
        at=claim.decided_at,
    )
    notifications.queue(notifications.claim_decided, claim.pk)
    return claim


@transaction.atomic
def claim_reject(*, claim: Claim, by, reason: str, at: datetime | None = None) -> Claim:
    """Refuse a submitted claim; the reason is required and final."""
    claim = _locked(claim)
    _decide(claim, by=by, action="reject")
    if not reason.strip():
        raise WorkforceError("Give the reason for rejecting the claim.")
    return _send_back(
        claim,
        by=by,
        to_status=ClaimStatus.REJECTED,
        words=reason.strip(),
        amount=claim.total,
        at=at,
    )


@transaction.atomic
def claim_query(*, claim: Claim, by, question: str, at: datetime | None = None) -> Claim:
    """Send a question back to the PCN; it answers and resubmits (claim_resubmit)."""
    claim = _locked(claim)
    _decide(claim, by=by, action="query")
    if not question.strip():
        raise WorkforceError("Write the question for the PCN.")
    return _send_back(
        claim, by=by, to_status=ClaimStatus.QUERIED, words=question.strip(), amount=None, at=at
    )


@dataclass
class BulkResult:
    approved: list[Claim]
    skipped: list[tuple[int, str]]


def claims_bulk_approve(*, claim_ids, by, today: date | None = None) -> BulkResult:
    """Approve, as claimed, each claim that is clean (no problem at submission or now). Each claim
    is its own transaction: one that cannot be approved is reported and the others go ahead."""
    result = BulkResult([], [])
    today = _today(today)
    for pk in sorted(set(claim_ids)):
        try:
            with transaction.atomic():
                claim = _locked(pk)
                _decide(claim, by=by, action="approve")
                if claim.problem_count or selectors.claim_problems(claim, today=today):
                    raise WorkforceError("it has problems to look at; open it to decide.")
                result.approved.append(_approve(claim, by=by, amount=None, reason="", at=None))
        except (WorkforceError, permissions.NotAllowed, Claim.DoesNotExist) as error:
            result.skipped.append((pk, str(error)))
    return result


@transaction.atomic
def payment_run_create(
    *, claim_ids, by, paid_on: date, note: str = "", at: datetime | None = None
) -> PaymentRun:
    """Finance marks approved claims paid in one dated run (all or nothing)."""
    claim_ids = sorted(set(claim_ids))
    if not claim_ids:
        raise WorkforceError("Choose at least one approved claim to pay.")
    run = PaymentRun(paid_on=paid_on, created_by=by, created_by_name=_name(by), note=note)
    claims = []
    for pk in claim_ids:
        claim = _locked(pk)
        permissions.require(
            permissions.is_finance_of(by, claim.pcn),
            f"Only finance staff of {claim.pcn.commissioner.name} mark its claims paid.",
        )
        _require(claim, "pay")
        claims.append(claim)
    _save(run)
    for claim in claims:
        claim.status, claim.payment_run = ClaimStatus.PAID, run
        _save(claim)
        _event(
            claim,
            by=by,
            from_status=ClaimStatus.APPROVED,
            to_status=ClaimStatus.PAID,
            amount=claim.approved_amount,
            reason=f"Payment run {run.pk} of {paid_on:%-d %B %Y}",
            at=at,
        )
    return run


@transaction.atomic
def claim_delete_draft(*, claim: Claim, by) -> None:
    """A draft that was never submitted may be thrown away (nothing was decided on it)."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "delete_draft")
    if claim.submitted_at is not None:  # a claim once submitted is never thrown away
        raise _state_error(claim, "deleted")
    if claim.evidence.exists():
        raise WorkforceError("Remove the claim's evidence first.")
    claim.lines.all().delete()
    # The only removal of audit rows: the draft never left the PCN and nothing was decided on it.
    ClaimEvent.objects.filter(claim=claim)._purge()
    claim.delete()


# --- evidence -----------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, claim: Claim, by, upload) -> Evidence:
    """Attach a PDF, PNG or JPEG to a claim that is not decided yet. The type is told by the
    file's first bytes; the stored name is random (the uploader's name is kept as text)."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "add_evidence")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        kind = uploads.evidence_kind(
            name=upload.name, head=head, size=upload.size, max_bytes=settings.EVIDENCE_MAX_BYTES
        )
    except ValueError as error:
        raise WorkforceError(str(error)) from error
    evidence = Evidence(
        claim=claim,
        token=secrets.token_hex(16),
        extension=kind.extension,
        original_name=upload.name[-200:],
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=by,
        uploaded_by_name=_name(by),
    )
    evidence.file.save("evidence", upload, save=False)
    try:
        _save(evidence)
    except Exception:
        default_storage.delete(evidence.file.name)
        raise
    return evidence

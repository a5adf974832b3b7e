"""Claims being drafted: creating, setting lines (each computed with the rate in force), adjusting an approved claim, throwing a draft away; the locks and state checks every claim service uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from funding import selectors as funding_selectors
from networks.models import PCN
from workforce import lifecycle, permissions, readiness, rules, selectors
from workforce.models import (
    Claim,
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    Staff,
)
from workforce.services._common import (
    ClaimStateError,
    WorkforceError,
    _at,
    _name,
    _save,
    _when,
)

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
    line.actual_cost = rules.actual_costs(
        salary=line.salary,
        employer_ni=line.employer_ni,
        employer_pension=line.employer_pension,
        apprenticeship_levy=line.apprenticeship_levy,
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
    if rule is None or not rules.gp_sum_in_force(
        month=claim.month,
        gp_per_head=rule.gp_per_head,
        start=rule.gp_period_start,
        end=rule.gp_period_end,
    ):
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
    refusal = readiness.claim_refusal(pcn.pk, month, year.label)
    if refusal:
        raise WorkforceError(refusal)
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


@transaction.atomic
def claim_start(
    *, pcn: PCN, month: date, by, from_last: bool = False, at: datetime | None = None
) -> tuple[Claim, Claim | None]:
    """Start a draft claim for ``month``; ``from_last``: with the lines of the PCN's latest
    earlier claim (not rejected, adjustments apart) for the staff still in post that month,
    amounts as they were, priced again with the month's rates and open to change before
    submission. Returns the draft and the claim its lines came from (None when none)."""
    claim = claim_create(pcn=pcn, month=month, by=by, at=at)
    if not from_last:
        return claim, None
    last = (
        Claim.objects.filter(pcn=pcn, month__lt=claim.month, adjusts__isnull=True)
        .exclude(status=ClaimStatus.REJECTED)
        .order_by("-month", "-pk")
        .first()
    )
    if last is None:
        return claim, None
    in_post = {staff.pk for staff, _term in selectors.staff_in_post(pcn.pk, claim.month)}
    lines = [
        LineInput(
            line.staff,
            line.salary,
            line.employer_ni,
            line.employer_pension,
            line.apprenticeship_levy,
        )
        for line in last.lines.select_related("staff").order_by("staff__name", "pk")
        if line.staff_id in in_post
    ]
    if lines:
        claim = claim_lines_set(claim=claim, by=by, lines=lines)
    return claim, last

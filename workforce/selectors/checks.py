"""The facts the claim checks (``rules.claim_problems``) need, loaded in a fixed number of
queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from funding import rules as funding_rules
from funding import selectors as funding_selectors
from funding.arrs_use import ArrsUse
from funding.models import ArrsRole, ArrsSumRule
from networks.models import ListSize, Membership
from workforce import rules
from workforce.models import (
    APPROVED_STATUSES,
    PENDING_STATUSES,
    Baseline,
    Claim,
    ClaimLine,
    Staff,
    StaffTerm,
)
from workforce.selectors.arrs import arrs_use_by_pcn, other_adjustments, transferred_outside_ceiling
from workforce.selectors.baselines import accepted_baseline
from workforce.selectors.staff import term_on


@dataclass
class PcnYear:
    """What both the claim checks and the claim page read about the claim's PCN and year, loaded
    once per request: the accepted baseline, the ARRS entitlement and the first day its sum
    covers, the ARRS use by the PCN's other claims that year, and the staff register with their
    terms."""

    baseline: Baseline | None
    entitlement: object
    use_elsewhere: ArrsUse
    staff: list[Staff]
    terms: dict[int, list[StaffTerm]]
    arrs_period_start: date | None = None


def pcn_year(claim: Claim) -> PcnYear:
    """A fixed number of queries, whatever the number of staff: the staff with their terms (one),
    the baseline with its entries (two), the year's ARRS terms (three), the PCN's weighted list
    (two) and the ARRS use by the other claims (two)."""
    year = claim.financial_year
    terms = funding_selectors.arrs_terms(year)
    staff, terms_by_staff = _staff_with_terms(claim.pcn_id)
    return PcnYear(
        baseline=accepted_baseline(claim.pcn_id),
        entitlement=_entitlement(claim.pcn_id, year, terms),
        use_elsewhere=arrs_use_by_pcn([claim.pcn_id], year, exclude_claim_id=claim.pk).get(
            claim.pcn_id, ArrsUse()
        ),
        staff=staff,
        terms=terms_by_staff,
        arrs_period_start=terms.period_start if terms else None,
    )


def _entitlement(pcn_id: int, year, terms):
    """The PCN's ARRS entitlement, as ``funding.selectors.arrs_entitlements`` gives it, from the
    year's terms loaded once (the claim checks need their period start too)."""
    if terms is None:
        return None
    rule = ArrsSumRule(
        financial_year=year, method=terms.method, allowance_fraction=terms.allowance_fraction
    )
    population = funding_selectors.arrs_weighted_population([pcn_id], rule)
    return funding_selectors.arrs_entitlement(terms, population[pcn_id])


def _staff_with_terms(pcn_id: int) -> tuple[list[Staff], dict[int, list[StaffTerm]]]:
    """The PCN's staff who have terms, with their terms oldest first, in one query. Someone with
    no terms has no role or WTE in any month, so counts nowhere."""
    staff: dict[int, Staff] = {}
    terms: dict[int, list[StaffTerm]] = defaultdict(list)
    rows = StaffTerm.objects.filter(staff__pcn_id=pcn_id).select_related("staff", "role")
    for term in rows.order_by("staff_id", "effective_from"):
        staff.setdefault(term.staff_id, term.staff)
        terms[term.staff_id].append(term)
    return list(staff.values()), terms


def month_lines(claim: Claim) -> tuple[list[ClaimLine], list[ClaimLine]]:
    """In one query: the claim's own lines (by staff name), and the lines of the PCN's other
    claims for the same month that are submitted, queried, approved or paid (adjustments
    apart; by start date), which the checks compare it with."""
    # The claims are chosen first, on the claims table alone, so that PostgreSQL reads the
    # lines through their claim index; an OR across the join scans every line in England.
    claims = Claim.objects.filter(
        Q(pk=claim.pk)
        | Q(
            pcn_id=claim.pcn_id,
            month=claim.month,
            adjusts__isnull=True,
            status__in=[*PENDING_STATUSES, *APPROVED_STATUSES],
        )
    ).values("pk")
    rows = list(
        ClaimLine.objects.filter(claim_id__in=claims)
        .select_related("staff", "role", "claim")
        .order_by("staff__name", "pk")
    )
    own = [r for r in rows if r.claim_id == claim.pk]
    rest = sorted(
        (r for r in rows if r.claim_id != claim.pk), key=lambda r: (r.staff.start_date, r.staff_id)
    )
    return own, rest


def claim_facts(
    claim: Claim, *, today: date, lines=None, others=None, loaded: PcnYear | None = None
) -> rules.ClaimFacts:
    """Load everything ``rules.claim_problems`` needs for ``claim`` (a fixed number of queries)."""
    month = claim.month
    year = claim.financial_year
    loaded = loaded or pcn_year(claim)
    baseline, entitlement, use = loaded.baseline, loaded.entitlement, loaded.use_elsewhere
    if lines is None or others is None:
        lines, others = month_lines(claim)
    already = {o.staff_id: o.claim.reference for o in others}
    other_wte: dict[str, Decimal] = defaultdict(Decimal)
    for o in others:
        if not o.staff.transferred:
            other_wte[o.role.slug] += o.wte
    # WTE in post per role that month, transferred pharmacists apart (they are always additional).
    in_post_by_role: dict[str, Decimal] = defaultdict(Decimal)
    terms = loaded.terms
    for s in loaded.staff:
        term = term_on(terms[s.pk], month)
        if term and not s.transferred and rules.in_post(s.start_date, s.end_date, month):
            in_post_by_role[term.role.slug] += term.wte
    conditions, caps = funding_selectors.role_limits(month, as_known_on=timezone.localdate())
    line_facts = [
        rules.LineFacts(
            staff_id=line.staff_id,
            staff_name=line.staff.name,
            role=line.role.slug,
            role_name=line.role.name,
            wte=line.wte,
            start_date=line.staff.start_date,
            end_date=line.staff.end_date,
            in_baseline=line.staff.in_baseline,
            transferred=line.staff.transferred,
            reimbursable_role=line.percent is not None,
            amount=line.amount,
            max_published=line.percent is None or line.max_annual_per_wte is not None,
            counts_against_gp=line.counts_against_gp_sum,
            conditions=tuple(conditions.get(line.role_id, ())),
            max_note=line.max_note,
        )
        for line in sorted(lines, key=lambda x: (x.staff.start_date, x.staff_id))
    ]
    claimed_elsewhere: dict[str, Decimal] = defaultdict(Decimal)
    for o in others:
        claimed_elsewhere[o.role.slug] += o.wte
    return rules.ClaimFacts(
        month=month,
        today=today,
        lines=line_facts,
        year_label=year.label,
        arrs_period_start=loaded.arrs_period_start,
        first_submission=claim.submitted_at is None,
        is_adjustment=claim.is_adjustment,
        already_claimed=already,
        other_claimed_staff=[
            rules.StaffMonth(
                o.staff_id, o.role.slug, o.wte, o.staff.in_baseline, o.staff.transferred
            )
            for o in others
        ],
        in_post_wte_by_role=dict(in_post_by_role),
        baseline_wte_by_role=None
        if baseline is None
        else {e.role.slug: e.wte for e in baseline.entries.all()},
        entitlement=entitlement.amount if entitlement else None,
        used_elsewhere=use.approved
        + use.pending
        - (
            transferred_outside_ceiling(
                claim.pcn_id,
                year,
                [*APPROVED_STATUSES, *PENDING_STATUSES],
                exclude_claim_id=claim.pk,
            )
            if entitlement and entitlement.wte_allowance is not None
            else Decimal(0)
        ),
        wte_allowance=entitlement.wte_allowance if entitlement else None,
        allowance_roles=entitlement.allowance_roles if entitlement else (),
        other_wte_by_role=dict(other_wte),
        gp_entitlement=entitlement.gp_amount if entitlement else None,
        gp_used_elsewhere=use.gp_approved + use.gp_pending,
        caps=role_caps_for(claim, {line.role_id for line in lines}, caps),
        claimed_wte_elsewhere=dict(claimed_elsewhere),
        pending_adjustments=tuple(a.reference for a in other_adjustments(claim, PENDING_STATUSES))
        if claim.is_adjustment
        else (),
    )


def role_caps_for(claim: Claim, role_ids, all_caps=None) -> dict[str, rules.RoleCap]:
    """The WTE caps in force in the claim's month for the roles claimed, chosen by the PCN's
    registered list at the year's reference date, with the commissioner's waivers (des-years.md
    §3), from ``all_caps`` when the caller has read them (``funding.selectors.role_limits``).
    Nothing more is loaded when no role claimed has a cap."""
    if all_caps is None:
        all_caps = funding_selectors.role_caps()
    caps = {role_id: rows for role_id, rows in all_caps.items() if role_id in role_ids}
    today = timezone.localdate()
    in_force = {
        role_id: funding_rules.in_force(rows, claim.month, today) for role_id, rows in caps.items()
    }
    in_force = {k: v for k, v in in_force.items() if v is not None}
    if not in_force:
        return {}
    year = claim.financial_year
    members = Membership.objects.filter(pcn_id=claim.pcn_id).on(year.start)
    registered = (
        ListSize.objects.filter(
            reference_date=year.reference_date,
            practice_id__in=members.values("practice_id"),
        ).aggregate(total=Sum("registered"))["total"]
        or 0
    )
    waived = funding_selectors.cap_waivers(claim.pcn_id, year)
    roles = {
        pk: (slug, name)
        for pk, slug, name in ArrsRole.objects.filter(pk__in=in_force).values_list(
            "pk", "slug", "name"
        )
    }
    return {
        roles[role_id][0]: rules.RoleCap(
            roles[role_id][1],
            funding_rules.wte_cap(
                registered=registered,
                max_wte=row.max_wte,
                max_wte_large=row.max_wte_large,
                large_over=row.large_over,
            ),
            role_id in waived,
        )
        for role_id, row in in_force.items()
    }


def claim_problems(claim: Claim, *, today: date) -> list[rules.Problem]:
    return rules.claim_problems(claim_facts(claim, today=today))

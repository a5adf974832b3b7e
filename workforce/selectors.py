"""Reads of workforce data, scoped by user. Selectors load plain values; ``workforce.rules``
computes; templates only show what these return."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from funding import rules as funding_rules
from funding import selectors as funding_selectors
from funding.arrs_use import ArrsUse
from funding.models import ArrsRole
from networks.models import ListSize, Membership
from workforce import lifecycle, permissions, rules
from workforce.models import (
    APPROVED_STATUSES,
    OPEN_STATUSES,
    PENDING_STATUSES,
    Baseline,
    BaselineStatus,
    Claim,
    ClaimLine,
    ClaimStatus,
    Evidence,
    Staff,
    StaffTerm,
)


def arrs_use_by_pcn(pcn_ids, financial_year, *, exclude_claim_id=None) -> dict[int, ArrsUse]:
    """ARRS approved and pending per PCN for ``financial_year`` (constant queries, any number of
    PCNs). PCNs without claims are absent from the result.

    Approved is the approved amount of approved and paid claims, adjustments (positive or
    negative) included; pending is the amount claimed by submitted and queried claims. Two
    aggregate queries: the claims, and the lines against a separate GP sum."""
    qs = Claim.objects.filter(
        pcn_id__in=list(pcn_ids),
        month__gte=financial_year.start,
        month__lte=financial_year.end,
    )
    if exclude_claim_id is not None:
        qs = qs.exclude(pk=exclude_claim_id)
    rows = (
        qs.filter(status__in=[*APPROVED_STATUSES, *PENDING_STATUSES])
        .values("pcn_id")
        .annotate(
            approved=Sum("approved_amount", filter=Q(status__in=APPROVED_STATUSES)),
            pending=Sum("total", filter=Q(status__in=PENDING_STATUSES)),
        )
        .order_by()
    )
    zero = Decimal("0.00")
    # Lines against a separate GP sum (des-years.md §2, 2024/25) leave the main sum. Per claim, a
    # reduction a contract manager approves comes off its main-sum part first, so its GP part is
    # at most what was approved (the same split as workforce.services._approval_problems).
    gp_claims = (
        ClaimLine.objects.filter(counts_against_gp_sum=True, claim__in=qs)
        .filter(claim__status__in=[*APPROVED_STATUSES, *PENDING_STATUSES])
        .values("claim_id", "claim__pcn_id", "claim__status", "claim__approved_amount")
        .annotate(gp=Sum("amount"))
        .order_by()
    )
    gp: dict[int, dict[str, Decimal]] = defaultdict(lambda: {"approved": zero, "pending": zero})
    for row in gp_claims:
        if row["claim__status"] in APPROVED_STATUSES:
            part = max(zero, min(row["gp"], row["claim__approved_amount"] or zero))
            gp[row["claim__pcn_id"]]["approved"] += part
        else:
            gp[row["claim__pcn_id"]]["pending"] += row["gp"]
    use = {}
    for row in rows:
        g = gp.get(row["pcn_id"], {})
        gp_approved = rules.to_penny(g.get("approved") or zero)
        gp_pending = rules.to_penny(g.get("pending") or zero)
        use[row["pcn_id"]] = ArrsUse(
            approved=rules.to_penny(row["approved"] or zero) - gp_approved,
            pending=rules.to_penny(row["pending"] or zero) - gp_pending,
            gp_approved=gp_approved,
            gp_pending=gp_pending,
        )
    return use


def already_reimbursed(original_id: int, *, exclude_claim_id=None) -> dict[int, Decimal]:
    """What has already been paid or asked for, per staff member, on a claim and its adjustments:
    the original line's reimbursable amount plus the line amounts of every adjustment of it that
    is approved, paid or pending (submitted or queried), except ``exclude_claim_id``. An
    adjustment's lines are the difference from this, so two corrections are never both paid in
    full."""
    reimbursed = {
        staff_id: amount
        for staff_id, amount in ClaimLine.objects.filter(claim_id=original_id).values_list(
            "staff_id", "reimbursable"
        )
    }
    adjusted = (
        ClaimLine.objects.filter(
            claim__adjusts_id=original_id,
            claim__status__in=[*APPROVED_STATUSES, *PENDING_STATUSES],
        )
        .exclude(claim_id=exclude_claim_id)
        .values("staff_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in adjusted:
        reimbursed[row["staff_id"]] = reimbursed.get(row["staff_id"], Decimal(0)) + row["total"]
    return reimbursed


def other_adjustments(claim: Claim, statuses=OPEN_STATUSES) -> list[Claim]:
    """The other adjustments of the claim ``claim`` adjusts (or of ``claim`` itself, when it is
    an original) in ``statuses``, oldest first."""
    original_id = claim.adjusts_id or claim.pk
    return list(
        Claim.objects.filter(adjusts_id=original_id, status__in=statuses)
        .exclude(pk=claim.pk)
        .order_by("pk")
    )


def transferred_outside_ceiling(
    pcn_id: int, financial_year, statuses, *, exclude_claim_id=None
) -> Decimal:
    """The amounts of the PCN's claim lines for transferred clinical pharmacists in
    ``financial_year``, in claims of ``statuses``: in the WTE-allowance year (2019/20) they are
    not paid from the ARRS sum (rules.counts_against_sum), so the ceiling checks take them off.
    Of an approved claim, at most what was approved is taken off."""
    rows = (
        ClaimLine.objects.filter(
            claim__pcn_id=pcn_id,
            claim__month__gte=financial_year.start,
            claim__month__lte=financial_year.end,
            claim__status__in=statuses,
            staff__transferred=True,
        )
        .exclude(claim_id=exclude_claim_id)
        .values("claim_id", "claim__status", "claim__approved_amount")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    zero = Decimal("0.00")
    return sum(
        (
            max(zero, min(r["total"], r["claim__approved_amount"] or zero))
            if r["claim__status"] in APPROVED_STATUSES
            else r["total"]
            for r in rows
        ),
        zero,
    )


# --- loaders: 404 outside the user's scope ------------------------------------------------------


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


# --- the approval queue -------------------------------------------------------------------------


def claim_queue(user, *, today: date):
    """Claims in the user's scope with what the queue shows, in one query: the PCN, commissioner
    and year joined, ``is_overdue`` annotated. The line roles of the rows shown come from
    ``claim_roles`` (one more query), not from prefetching every line."""
    return (
        claims_for(user)
        .select_related("pcn__commissioner", "financial_year", "adjusts")
        .annotate(
            is_overdue=Case(
                When(status=ClaimStatus.SUBMITTED, due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def claim_roles(claims) -> dict[int, str]:
    """The sorted distinct role names of each claim's lines ("Clinical pharmacist, Paramedic"),
    in one query: ``claims`` is a list of ids (a page) or a queryset of claims (an export)."""
    if not isinstance(claims, list | tuple | set):
        claims = claims.order_by().values("pk")
    names: dict[int, set[str]] = defaultdict(set)
    for claim_id, name in (
        ClaimLine.objects.filter(claim_id__in=claims)
        .order_by()
        .values_list("claim_id", "role__name")
        .distinct()
    ):
        names[claim_id].add(name)
    return {claim_id: ", ".join(sorted(roles)) for claim_id, roles in names.items()}


def overdue(qs, today: date):
    return qs.filter(status=ClaimStatus.SUBMITTED, due_on__lt=today)


def with_role(qs, role):
    return qs.filter(Exists(ClaimLine.objects.filter(claim=OuterRef("pk"), role=role)))


# --- staff and baselines ------------------------------------------------------------------------


def accepted_baseline(pcn_id: int) -> Baseline | None:
    return (
        Baseline.objects.filter(pcn_id=pcn_id, status=BaselineStatus.ACCEPTED)
        .prefetch_related("entries__role")
        .first()
    )


def _terms_by_staff(staff_ids) -> dict[int, list[StaffTerm]]:
    terms = defaultdict(list)
    for term in StaffTerm.objects.filter(staff_id__in=staff_ids).select_related("role"):
        terms[term.staff_id].append(term)
    for rows in terms.values():
        rows.sort(key=lambda t: t.effective_from)
    return terms


def term_on(terms: list[StaffTerm], month: date) -> StaffTerm | None:
    """The term that applies to ``month`` (see rules.term_in_force), as the row."""
    plain = [rules.Term(t.effective_from, t.role.slug, t.wte) for t in terms]
    found = rules.term_in_force(plain, month)
    return None if found is None else terms[plain.index(found)]


@dataclass
class StaffRow:
    staff: Staff
    term: StaffTerm | None
    terms: list[StaffTerm]
    in_post: bool


def staff_register(pcn, *, on: date) -> list[StaffRow]:
    """The PCN's staff with the term in force ``on`` (two queries)."""
    staff = list(Staff.objects.filter(pcn=pcn).select_related("employer").order_by("name"))
    terms = _terms_by_staff([s.pk for s in staff])
    return [
        StaffRow(
            s,
            term_on(terms[s.pk], on),
            terms[s.pk],
            rules.in_post(s.start_date, s.end_date, on),
        )
        for s in staff
    ]


@dataclass(frozen=True)
class RoleWorkforce:
    role: ArrsRole
    baseline_wte: Decimal | None
    in_post_wte: Decimal
    transferred_wte: Decimal
    claimable_wte: Decimal | None


def workforce_by_role(
    pcn_id: int, month: date, baseline: Baseline | None, *, staff=None, terms=None
) -> dict[int, RoleWorkforce]:
    """Baseline vs WTE in post per role in ``month`` (transferred pharmacists apart). DES §7.
    ``staff`` and ``terms`` when the caller has loaded them already."""
    if staff is None:
        staff = list(Staff.objects.filter(pcn_id=pcn_id))
        terms = _terms_by_staff([s.pk for s in staff])
    roles: dict[int, ArrsRole] = {}
    in_post: dict[int, Decimal] = defaultdict(Decimal)
    transferred: dict[int, Decimal] = defaultdict(Decimal)
    for s in staff:
        term = term_on(terms[s.pk], month)
        if term is None or not rules.in_post(s.start_date, s.end_date, month):
            continue
        roles[term.role_id] = term.role
        (transferred if s.transferred else in_post)[term.role_id] += term.wte
    base: dict[int, Decimal] = {}
    if baseline is not None:
        for entry in baseline.entries.all():
            roles[entry.role_id] = entry.role
            base[entry.role_id] = entry.wte
    result = {}
    for role_id, role in sorted(roles.items(), key=lambda r: r[1].name):
        b = base.get(role_id, Decimal(0)) if baseline is not None else None
        result[role_id] = RoleWorkforce(
            role,
            b,
            in_post[role_id],
            transferred[role_id],
            None
            if b is None
            else rules.claimable_wte(
                in_post_wte=in_post[role_id], baseline_wte=b, exempt_wte=transferred[role_id]
            ),
        )
    return result


# --- the facts the claim checks need ------------------------------------------------------------


@dataclass
class PcnYear:
    """What both the claim checks and the claim page read about the claim's PCN and year, loaded
    once per request: the accepted baseline, the ARRS entitlement, the ARRS use by the PCN's
    other claims that year, and the staff register with their terms."""

    baseline: Baseline | None
    entitlement: object
    use_elsewhere: ArrsUse
    staff: list[Staff]
    terms: dict[int, list[StaffTerm]]


def pcn_year(claim: Claim) -> PcnYear:
    year = claim.financial_year
    staff = list(Staff.objects.filter(pcn_id=claim.pcn_id))
    return PcnYear(
        baseline=accepted_baseline(claim.pcn_id),
        entitlement=funding_selectors.arrs_entitlements([claim.pcn_id], year).get(claim.pcn_id),
        use_elsewhere=arrs_use_by_pcn([claim.pcn_id], year, exclude_claim_id=claim.pk).get(
            claim.pcn_id, ArrsUse()
        ),
        staff=staff,
        terms=_terms_by_staff([s.pk for s in staff]),
    )


def claim_facts(
    claim: Claim, *, today: date, lines=None, loaded: PcnYear | None = None
) -> rules.ClaimFacts:
    """Load everything ``rules.claim_problems`` needs for ``claim`` (a fixed number of queries)."""
    month = claim.month
    year = claim.financial_year
    if lines is None:
        lines = list(claim.lines.select_related("staff", "role"))
    loaded = loaded or pcn_year(claim)
    baseline, entitlement, use = loaded.baseline, loaded.entitlement, loaded.use_elsewhere
    rule = funding_selectors.sum_rule(year)
    others = list(
        ClaimLine.objects.filter(
            claim__pcn_id=claim.pcn_id,
            claim__month=month,
            claim__adjusts__isnull=True,
            claim__status__in=[*PENDING_STATUSES, *APPROVED_STATUSES],
        )
        .exclude(claim_id=claim.pk)
        .select_related("staff", "role", "claim")
        .order_by("staff__start_date", "staff_id")
    )
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
    conditions = funding_selectors.role_conditions(month, as_known_on=timezone.localdate())
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
        arrs_period_start=funding_selectors.arrs_period_start(rule) if rule else None,
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
        caps=role_caps_for(claim, {line.role_id for line in lines}),
        claimed_wte_elsewhere=dict(claimed_elsewhere),
        pending_adjustments=tuple(a.reference for a in other_adjustments(claim, PENDING_STATUSES))
        if claim.is_adjustment
        else (),
    )


def role_caps_for(claim: Claim, role_ids) -> dict[str, rules.RoleCap]:
    """The WTE caps in force in the claim's month for the roles claimed, chosen by the PCN's
    registered list at the year's reference date, with the commissioner's waivers (des-years.md
    §3). Nothing is loaded when no role claimed has a cap."""
    caps = {
        role_id: rows
        for role_id, rows in funding_selectors.role_caps().items()
        if role_id in role_ids
    }
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


# --- the claim page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Actions:
    edit: bool = False
    submit: bool = False
    resubmit: bool = False
    decide: bool = False  # approve, reject, query
    adjust: bool = False
    upload: bool = False
    self_submitted: bool = False


@dataclass
class ClaimPage:
    claim: Claim
    lines: list[ClaimLine]
    problems: list[rules.Problem]
    blocking: list[rules.Problem]
    workforce: list[RoleWorkforce]
    baseline: Baseline | None
    entitlement: object
    use: ArrsUse
    remaining: Decimal | None
    events: list
    evidence: list[Evidence]
    adjustments: list[Claim]
    actions: Actions
    open_question: str = ""
    line_problems: dict = field(default_factory=dict)


def claim_page(claim: Claim, user, *, today: date) -> ClaimPage:
    """Everything the claim page shows, prepared here so the template only displays it."""
    lines = list(claim.lines.select_related("staff", "role").order_by("staff__name"))
    loaded = pcn_year(claim)
    facts = claim_facts(claim, today=today, lines=lines, loaded=loaded)
    live = claim.status in (ClaimStatus.DRAFT, *PENDING_STATUSES)
    problems = rules.claim_problems(facts) if live else []
    baseline = loaded.baseline
    role_ids = {line.role_id for line in lines}
    by_role = workforce_by_role(
        claim.pcn_id, claim.month, baseline, staff=loaded.staff, terms=loaded.terms
    )
    workforce = [w for role_id, w in by_role.items() if role_id in role_ids]
    entitlement = loaded.entitlement
    # The year's use including this claim: the other claims' (loaded once) plus its own, as
    # arrs_use_by_pcn would sum it.
    use = loaded.use_elsewhere
    if claim.status in APPROVED_STATUSES and claim.approved_amount is not None:
        use = ArrsUse(rules.to_penny(use.approved + claim.approved_amount), use.pending)
    elif claim.status in PENDING_STATUSES:
        use = ArrsUse(use.approved, rules.to_penny(use.pending + claim.total))
    remaining = None if entitlement is None else entitlement.amount - use.approved - use.pending
    events = list(claim.events.order_by("at", "pk"))
    question = next((e.reason for e in reversed(events) if e.to_status == ClaimStatus.QUERIED), "")
    pcn_user = permissions.is_pcn_user_of(user, claim.pcn)
    self_submitted = claim.submitted_by_id == user.pk or claim.created_by_id == user.pk
    # The buttons are the life cycle's actions for this person (workforce.lifecycle).
    mine = lifecycle.actions_for(claim.status, lifecycle.PCN) if pcn_user else frozenset()
    decides = permissions.is_contract_manager_of(user, claim.pcn) and not self_submitted
    theirs = (
        lifecycle.actions_for(claim.status, lifecycle.CONTRACT_MANAGER) if decides else frozenset()
    )
    actions = Actions(
        edit="edit" in mine,
        submit="submit" in mine,
        resubmit="resubmit" in mine,
        decide={"approve", "reject", "query"} <= theirs,
        adjust="adjust" in mine and not claim.is_adjustment,
        upload="add_evidence" in mine,
        self_submitted=self_submitted,
    )
    line_problems = defaultdict(list)
    for p in problems:
        if p.staff_id is not None:
            line_problems[p.staff_id].append(p.message)
    return ClaimPage(
        claim=claim,
        lines=lines,
        problems=problems,
        blocking=[p for p in problems if p.blocking],
        workforce=workforce,
        baseline=baseline,
        entitlement=entitlement,
        use=use,
        remaining=remaining,
        events=events,
        evidence=list(claim.evidence.all()),
        # Another claim's draft is the PCN's own work: commissioners see it once submitted.
        adjustments=list(claims_for(user).filter(adjusts=claim).order_by("pk")),
        actions=actions,
        open_question=question if claim.status == ClaimStatus.QUERIED else "",
        line_problems=dict(line_problems),
    )


def staff_claim_lines(staff: Staff, user) -> list[ClaimLine]:
    """The staff member's claim lines in the claims ``user`` may see (commissioners do not see
    drafts), newest month first."""
    return list(
        ClaimLine.objects.filter(staff=staff, claim__in=claims_for(user))
        .select_related("claim")
        .order_by("-claim__month", "-claim_id")
    )


@dataclass(frozen=True)
class StaffChange:
    at: object
    by: str
    what: str


def staff_changes(staff: Staff) -> list[StaffChange]:
    """Every recorded change to the staff member's record (django-simple-history), oldest
    first, field by field: "Left: not set → 31 May 2021"."""
    records = list(staff.history.select_related("history_user").order_by("history_date", "pk"))
    changes = []
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            what = (
                "Added to the register"
                if record.history_type == "+"
                else "Record kept from here on (earlier changes were not recorded)"
            )
        else:
            delta = record.diff_against(previous)
            what = "; ".join(
                f"{Staff._meta.get_field(c.field).verbose_name.capitalize()}: "
                f"{_shown(getattr(previous, c.field))} → {_shown(getattr(record, c.field))}"
                for c in delta.changes
            )
            if not what:
                continue
        user = record.history_user
        by = (user.get_full_name() or user.username) if user else "System"
        changes.append(StaffChange(record.history_date, by, what))
    return changes


def _shown(value) -> str:
    if value is None or value == "":
        return "not set"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def staff_in_post(pcn_id: int, month: date) -> list[tuple[Staff, StaffTerm | None]]:
    """Staff of the PCN in post in ``month`` with their term then (for the claim lines form)."""
    staff = list(Staff.objects.filter(pcn_id=pcn_id).select_related("employer").order_by("name"))
    terms = _terms_by_staff([s.pk for s in staff])
    return [
        (s, term_on(terms[s.pk], month))
        for s in staff
        if rules.in_post(s.start_date, s.end_date, month)
    ]


def baselines_for(user):
    from networks.scopes import scope_for

    return scope_for(user).filter_pcns(Baseline.objects.all(), via="pcn")


def baseline_versions(pcn) -> list[Baseline]:
    return list(
        Baseline.objects.filter(pcn=pcn).prefetch_related("entries__role").order_by("-version")
    )


# --- audit trail --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimHistory:
    claim: Claim
    events: list
    evidence: list


def claim_history(claim: Claim) -> ClaimHistory:
    """Every recorded step of a claim (who, when, from → to, amount, reason) and its evidence
    uploads, oldest first."""
    return ClaimHistory(
        claim,
        list(claim.events.order_by("at", "pk")),
        list(claim.evidence.order_by("uploaded_at", "pk")),
    )


def baseline_history(pcn) -> list:
    """Every step of every baseline version of the PCN, oldest first: drafts, corrections with
    their reasons, entry changes, sign-offs, returns, acceptances and supersessions."""
    from workforce.models import BaselineEvent

    return list(
        BaselineEvent.objects.filter(baseline__pcn=pcn)
        .select_related("baseline")
        .order_by("at", "pk")
    )

"""The staff register: who is in post when, on which terms, and what changed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from funding.models import ArrsRole
from workforce import rules
from workforce.models import Baseline, Claim, ClaimLine, Staff, StaffTerm
from workforce.selectors.loaders import claims_for


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


def claim_edit_people(claim: Claim) -> list[tuple[Staff, StaffTerm | None, ClaimLine | None]]:
    """The rows of the draft page: the staff in post in the claim's month with their term then,
    and anyone else the claim has a line for (an adjustment: only those), each with their line."""
    lines = list(claim.lines.select_related("staff"))
    if claim.is_adjustment:
        people = [(line.staff, None) for line in lines]
    else:
        people = staff_in_post(claim.pcn_id, claim.month)
        known = {s.pk for s, _ in people}
        people += [(line.staff, None) for line in lines if line.staff_id not in known]
    existing = {line.staff_id: line for line in lines}
    return [(staff, term, existing.get(staff.pk)) for staff, term in people]

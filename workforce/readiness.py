"""What the year set-up needs from workforce, and the check a claim's draft meets before any
figure is typed (DES rules §5: a claim month needs, for each role claimed, a percentage and a
maximum in force that month)."""

from datetime import date

from funding.selectors import checklist as year_setup
from workforce import selectors
from workforce.models import StaffTerm


def roles_in_use(start: date, end: date) -> set[int]:
    """Ids of the roles someone on any PCN's register holds on some day from ``start`` to
    ``end`` (one query): the roles a year's claims need priced (``funding.selectors.checklist``)."""
    terms = (
        StaffTerm.objects.filter(staff__start_date__lte=end, effective_from__lte=end)
        .exclude(staff__end_date__lt=start)
        .order_by("staff_id", "effective_from")
        .values_list("staff_id", "effective_from", "role_id")
    )
    roles: set[int] = set()
    last: dict[int, int] = {}  # staff id → role of the latest term starting on or before start
    for staff_id, effective_from, role_id in terms:
        if effective_from <= start:
            last[staff_id] = role_id
        else:
            roles.add(role_id)
    return roles | set(last.values())


def draft_gaps(pcn_id: int, month: date) -> list[str]:
    """What the roles of the PCN's staff in post in ``month`` lack for a claim, one phrase per
    role ("a maximum for physician associate in May 2027"); empty when each can be priced."""
    people = selectors.staff_in_post(pcn_id, month)
    if not people:
        return []
    terms = selectors._terms_by_staff([s.pk for s, _ in people])
    role_names = {}
    for staff, term in people:
        term = term or terms[staff.pk][0]
        role_names[term.role_id] = term.role.name
    return year_setup.claim_month_gaps(role_names, month)


def claim_refusal(pcn_id: int, month: date, year_label: str) -> str | None:
    """Why a claim for ``month`` cannot be started (a role of the staff in post lacks a
    percentage or a maximum then, each named), or None. Asked before any figure is typed."""
    gaps = draft_gaps(pcn_id, month)
    if gaps:
        return (
            f"A claim for {month:%B %Y} cannot be started yet: the national rates for "
            f"{year_label} lack {'; '.join(gaps)}. An administrator sets them on the "
            f"{year_label} checklist (Funding → Financial years)."
        )
    return None

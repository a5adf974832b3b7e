"""Pure rules about networks (no ORM): list-size sums and data-quality flags."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

TYPICAL_POPULATION = (30_000, 50_000)


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


def latest_on_or_before(rows: Iterable, day: date, date_attr: str = "reference_date"):
    """The row with the latest date on or before ``day`` (None when there is none)."""
    best = None
    for row in rows:
        when = getattr(row, date_attr)
        if when <= day and (best is None or when > getattr(best, date_attr)):
            best = row
    return best


def pcn_list_size(member_lists: Sequence[tuple[int, Decimal | None]]) -> tuple[int, Decimal | None]:
    """DES §2: a PCN's list size is always the sum of its member practices' lists.

    ``member_lists`` holds each member's (registered, weighted); the weighted total is None when
    any member's weighted figure is unknown (it cannot be summed honestly)."""
    registered = sum(r for r, _ in member_lists)
    weights = [w for _, w in member_lists]
    weighted = None if any(w is None for w in weights) else sum(weights, Decimal(0))
    return registered, weighted


def data_quality_flags(
    *,
    registered_total: int,
    practices_without_list: Sequence[str],
    practices_without_weighted: Sequence[str] = (),
    has_clinical_director: bool,
    has_nominated_payee: bool,
    reference_date: date | None,
) -> list[Flag]:
    """Flags shown on a PCN page. DES §1: PCNs typically serve 30,000–50,000 patients (not a
    strict limit, so it is a flag, not an error); every PCN needs a Clinical Director and one
    nominated payee; §2: payments need each member's list size at the reference date."""
    flags = []
    low, high = TYPICAL_POPULATION
    if not low <= registered_total <= high:
        flags.append(
            Flag(
                "population",
                f"Registered population {registered_total:,} is outside the typical "
                f"{low:,}–{high:,} band.",
            )
        )
    when = reference_date.strftime("%-d %B %Y") if reference_date else "the reference date"
    for name in practices_without_list:
        flags.append(Flag("no_list_size", f"{name} has no list size at {when}."))
    for name in practices_without_weighted:
        flags.append(Flag("no_weighted", f"{name} has no weighted list at {when}."))
    if not has_clinical_director:
        flags.append(Flag("no_cd", "No Clinical Director is in post."))
    if not has_nominated_payee:
        flags.append(Flag("no_payee", "No nominated payee is recorded."))
    return flags

"""Pure rules about networks (no ORM): PCN names, memberships, list-size sums, data-quality
flags, import reach, names and numbers a file may hold, and dated access."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

TYPICAL_POPULATION = (30_000, 50_000)


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


PCN_NAME_SUFFIX = " PCN"
PCN_NAME_MAX_LENGTH = 40
_POOR_NAME_WORDS = {"north", "south", "east", "west", "central", "one", "two", "three", "new"}


def pcn_name_problems(name: str) -> list[str]:
    """Every way ``name`` breaks the PCN naming convention: ends with ' PCN', at most 40
    characters including the suffix, and says more than a bare number or direction.
    Source: NHS England PCN naming guidance, Sept 2019 (DES rules §1)."""
    problems = []
    if not name.endswith(PCN_NAME_SUFFIX):
        problems.append(
            f"A PCN name must end with the suffix '{PCN_NAME_SUFFIX.strip()}' "
            "(e.g. 'Barking & Dagenham North PCN')."
        )
    if len(name) > PCN_NAME_MAX_LENGTH:
        problems.append(
            f"A PCN name may have at most {PCN_NAME_MAX_LENGTH} characters including the suffix; "
            f"this one has {len(name)}."
        )
    stem = name.removesuffix(PCN_NAME_SUFFIX).strip()
    words = [w for w in re.split(r"[\s&]+", stem.lower()) if w]
    if not words or all(w.isdigit() or w in _POOR_NAME_WORDS for w in words):
        problems.append(
            "A PCN name needs a place as well as any number or direction "
            "('North PCN' is poor, 'Barking & Dagenham North PCN' is good)."
        )
    return problems


def membership_problems(
    *,
    practice: str,
    start: date,
    end: date | None,
    others: Iterable[tuple[str, date, date | None]],
) -> list[str]:
    """Why ``practice`` cannot be a member from ``start`` to ``end`` (inclusive; an open end is
    for ever), given its other memberships as (PCN name, start, end): DES rules §1, a practice is
    in at most one PCN on any day. Names the earliest membership that shares a day."""
    clashes = sorted(
        (other_start, pcn, other_end)
        for pcn, other_start, other_end in others
        if (other_end is None or other_end >= start) and (end is None or other_start <= end)
    )
    if not clashes:
        return []
    clash_start, pcn, clash_end = clashes[0]
    until = clash_end.isoformat() if clash_end else "an open end"
    return [
        f"{practice} is already a member of {pcn} from {clash_start.isoformat()} to {until}; "
        "a practice is in at most one PCN on any day."
    ]


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
    registered_total: int | None = None,
    practices_without_list: Sequence[str],
    practices_without_weighted: Sequence[str] = (),
    practices_without_adjusted: Sequence[str] = (),
    has_clinical_director: bool | None = None,
    has_nominated_payee: bool,
    reference_date: date | None,
) -> list[Flag]:
    """Flags shown on a PCN page and on its funding pages, worded once for both. DES §1: PCNs
    typically serve 30,000–50,000 patients (not a strict limit, so it is a flag, not an error);
    every PCN needs a Clinical Director and one nominated payee; §2: payments need each member's
    list size at the reference date, and count a missing one as 0. A page that checks only what
    payments need leaves ``registered_total`` and ``has_clinical_director`` out (None)."""
    flags = []
    low, high = TYPICAL_POPULATION
    if registered_total is not None and not low <= registered_total <= high:
        flags.append(
            Flag(
                "population",
                f"Registered population {registered_total:,} is outside the typical "
                f"{low:,}–{high:,} band.",
            )
        )
    when = reference_date.strftime("%-d %B %Y") if reference_date else "the reference date"
    for name in practices_without_list:
        flags.append(
            Flag(
                "no_list_size",
                f"{name} has no list size at {when}: payments count it as 0 patients.",
            )
        )
    for name in practices_without_weighted:
        flags.append(
            Flag("no_weighted", f"{name} has no weighted list at {when}: payments count it as 0.")
        )
    for name in practices_without_adjusted:
        flags.append(
            Flag(
                "no_adjusted",
                f"{name} has no adjusted population at {when}: payments count it as 0.",
            )
        )
    if has_clinical_director is False:
        flags.append(Flag("no_cd", "No Clinical Director is in post."))
    if not has_nominated_payee:
        flags.append(
            Flag("no_payee", "No nominated payee is recorded. PCN payments have nowhere to go.")
        )
    return flags


def owners_from(memberships: Iterable[tuple[date, date | None, int]], day: date) -> frozenset[int]:
    """The commissioners a practice belongs to for data dated ``day``: those of its memberships
    in force on ``day`` or later, or, when it has none, that of its last membership (empty for a
    practice that never joined a PCN).

    ``memberships`` holds (start, end, commissioner id). Source: DES §1 (a practice is in at most
    one PCN on any day, and its PCN's commissioner pays it); issue 12 §1 (a practice's data is its
    commissioner's, and only administrators move a practice between commissioners)."""
    rows = list(memberships)
    current = {c for start, end, c in rows if end is None or end >= day}
    if current:
        return frozenset(current)
    if not rows:
        return frozenset()
    return frozenset({max(rows, key=lambda r: r[0])[2]})


def import_reach(touched: Iterable[int | None], area: frozenset[int]) -> str:
    """Whether an import row touches only the importer's area ("inside"), nothing of it
    ("outside": skipped, national files cover all of England) or both ("mixed": refused).

    ``touched`` holds the commissioner of each thing the row names (None for one not yet known,
    which is never the importer's). Source: issue 12 §1."""
    touched = list(touched)
    ours = [c for c in touched if c is not None and c in area]
    if not ours:
        return "outside"
    return "inside" if len(ours) == len(touched) else "mixed"


# Unicode categories a name may not contain: control characters (line breaks, tabs, NUL, …),
# invisible format characters (right-to-left and other overrides, zero-width characters) and
# line and paragraph separators.
FORBIDDEN_CATEGORIES = {"Cc": "a control character", "Cf": "an invisible formatting character"}
FORBIDDEN_CATEGORIES |= {"Zl": "a line separator", "Zp": "a paragraph separator"}


def name_problems(name: str, label: str) -> list[str]:
    """Why ``name`` cannot be stored as a name, if it cannot. A line break in a PCN name broke
    every later notification for that PCN, and a right-to-left override shows a name as another
    (issue 12 §4, §7; Unicode general categories Cc, Cf, Zl, Zp)."""
    for i, char in enumerate(name, start=1):
        what = FORBIDDEN_CATEGORIES.get(unicodedata.category(char))
        if what:
            return [f"{label} contains {what} (U+{ord(char):04X}) at character {i}; retype it."]
    return []


def is_plain_number(value: str, *, decimals: bool = False) -> bool:
    """Whether ``value`` is written in plain ASCII digits (with at most one decimal point when
    ``decimals``). int() and Decimal() also accept Arabic-Indic and full-width digits,
    underscores and exponents, which no NHS file uses: a figure in any of them is refused, not
    guessed at (issue 12 §7)."""
    whole, point, fraction = value.partition(".") if decimals else (value, "", "")
    digits = whole + fraction
    return bool(whole) and digits.isascii() and digits.isdigit() and (not point or bool(fraction))


def in_force(start: date | None, end: date | None, day: date) -> bool:
    """Whether a dated right (a user's access) holds on ``day``: start ≤ day ≤ end, inclusive,
    an empty date counting as open. Source: issue 12 §11 (access that ends)."""
    return (start is None or start <= day) and (end is None or day <= end)


def access_span(
    appointments: Iterable[tuple[date, date | None]],
) -> tuple[date | None, date | None]:
    """The dates of a Clinical Director's access: from their first appointment's start to their
    last one's end (open when any is open). DES §1: a Clinical Director acts for the PCN while
    appointed; issue 12 §11: their access follows the appointment."""
    rows = list(appointments)
    if not rows:
        return None, None
    start = min(s for s, _ in rows)
    ends = [e for _, e in rows]
    return start, None if any(e is None for e in ends) else max(ends)

"""Is a financial year set up? Pure checks over plain values (no ORM): for each purpose, what is
set, what is missing and what differs from last year. ``funding.selectors.checklist`` loads the values.

The purposes and what each needs:

* **statements** (DES rules §4; des-years.md §1): every stream in force in the year that is worked
  out from a rate needs a rate row for the year; without one the statement shows it as "not set"
  and gives no total. A stream paid on the commissioner's assessment (CAIP, IIF) is recorded per
  PCN, so its rate is optional.
* **approval** (DES rules §6): the entitlement check of a claim needs the year's ARRS sum rule.
  While it is not set a claim may be submitted (with a warning) but not approved.
* **claims** (DES rules §5): a claim month needs, for each role claimed, a percentage and a
  maximum in force that month; a maximum stays in force until a row starting later supersedes it
  (``funding.rules.rate_in_force``), so a year with no new row for a role keeps last year's terms.
  A role is needed once someone is in post in it during the year.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from funding.rules.rates import RoleRate, rate_in_force

STATEMENTS = "statements"
APPROVAL = "approval"
CLAIMS = "claims"
PURPOSES = {
    STATEMENTS: "Statements and payments: each payment stream's rate",
    APPROVAL: "Approving claims: the ARRS sum rule (the entitlement check)",
    CLAIMS: "Claims: each role's percentage and maximum in every month",
}

SET = "set"
MISSING = "missing"
OPTIONAL = "optional"  # not set, and not needed (yet)


@dataclass(frozen=True)
class Sourced:
    """Where a figure comes from, as the checklist shows it."""

    status: str = ""
    source: str = ""
    announced_on: date | None = None


@dataclass(frozen=True)
class StreamFacts:
    """A payment stream in force in the year, with its rate this year and last year as text
    (e.g. "£2.266 × registered + £0.733 × adjusted, 1 Apr 2025 – 31 Mar 2026"), None when not
    set. ``compare`` holds the figures alone, so a new period with the same amounts is not a
    difference."""

    slug: str
    name: str
    recorded: bool
    this_year: str | None
    last_year: str | None
    this_compare: tuple = ()
    last_compare: tuple = ()
    sourced: Sourced = field(default_factory=Sourced)


@dataclass(frozen=True)
class SumRuleFacts:
    """The year's ARRS sum rule as text ("£26.631 per weighted patient") and the figures to
    compare."""

    text: str
    compare: tuple
    sourced: Sourced = field(default_factory=Sourced)


@dataclass(frozen=True)
class RoleFacts:
    """A role of the catalogue: its rate rows (every year) and whether someone is in post in it
    during the year."""

    slug: str
    name: str
    rates: tuple[RoleRate, ...]
    in_use: bool


@dataclass(frozen=True)
class Item:
    purpose: str
    key: str
    name: str
    state: str
    needed: bool
    figure: str
    last_year: str
    differs: bool
    note: str = ""
    sourced: Sourced = field(default_factory=Sourced)

    @property
    def missing(self) -> bool:
        return self.needed and self.state == MISSING


@dataclass(frozen=True)
class Checklist:
    year: str
    last_year: str | None
    items: tuple[Item, ...]

    @property
    def missing(self) -> list[Item]:
        return [i for i in self.items if i.missing]

    @property
    def complete(self) -> bool:
        return not self.missing

    def purpose(self, purpose: str) -> list[Item]:
        return [i for i in self.items if i.purpose == purpose]

    def purposes(self) -> list[tuple[str, str, list[Item]]]:
        return [(p, label, self.purpose(p)) for p, label in PURPOSES.items()]

    def missing_text(self) -> str:
        return "; ".join(f"{i.name}: {i.note or 'not set'}" for i in self.missing)


NOT_SET = "not set"


def stream_item(stream: StreamFacts) -> Item:
    """A stream's line on the checklist (DES rules §4): needed unless recorded per PCN."""
    needed = not stream.recorded
    state = SET if stream.this_year else (MISSING if needed else OPTIONAL)
    note = "" if stream.this_year else "statements show it as not set and give no total"
    if stream.recorded and not stream.this_year:
        note = "recorded per PCN on the commissioner's assessment; a rate is optional"
    return Item(
        STATEMENTS,
        f"stream:{stream.slug}",
        stream.name,
        state,
        needed,
        stream.this_year or NOT_SET,
        stream.last_year or "—",
        bool(stream.this_year and stream.this_compare != stream.last_compare),
        note,
        stream.sourced,
    )


def sum_rule_item(this: SumRuleFacts | None, last: SumRuleFacts | None) -> Item:
    """The year's ARRS sum rule (DES rules §6): needed before any claim of the year is approved."""
    note = "" if this else "claims may be submitted (with a warning) but not approved"
    return Item(
        APPROVAL,
        "sum-rule",
        "ARRS sum rule",
        SET if this else MISSING,
        True,
        this.text if this else NOT_SET,
        last.text if last else "—",
        bool(this and last and this.compare != last.compare),
        note,
        this.sourced if this else Sourced(),
    )


def months_of(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def role_terms_text(rate: RoleRate) -> str:
    value = rate.max_annual_per_wte
    places = 0 if value is not None and value == value.to_integral_value() else 2
    maximum = NOT_SET if value is None else f"£{value:,.{places}f}"
    return f"{rate.percent.normalize():f}% up to {maximum} (from {rate.effective_from:%-d %b %Y})"


def role_gap(rates: Sequence[RoleRate], month: date, as_known_on: date | None) -> str | None:
    """What a claim for the role in ``month`` lacks (DES rules §5): "no percentage" when no row is
    in force (the role is not reimbursable then), "no maximum" when the row in force has none;
    None when it can be priced."""
    rate = rate_in_force(rates, month, as_known_on)
    if rate is None:
        return "no percentage"
    if rate.max_annual_per_wte is None:
        return "no maximum"
    return None


def role_item(role: RoleFacts, start: date, end: date, as_known_on: date | None) -> Item:
    """A role's line on the checklist: its terms in each month of the year, the months a claim
    could not be priced, and last year's terms (in force on the day before the year)."""
    months = months_of(start, end)
    gaps = {m: role_gap(role.rates, m, as_known_on) for m in months}
    in_force = [rate_in_force(role.rates, m, as_known_on) for m in months]
    distinct = list(dict.fromkeys(r for r in in_force if r is not None))
    before = rate_in_force(role.rates, date.fromordinal(start.toordinal() - 1), as_known_on)
    lacking = [m for m, gap in gaps.items() if gap is not None]
    reimbursable = bool(distinct)
    if not lacking:
        state, note = SET, ""
    else:
        state = MISSING if role.in_use else OPTIONAL
        what = sorted({gaps[m] for m in lacking})
        note = f"{' and '.join(what)} in force in {_months_text(lacking)}"
        if not role.in_use:
            note += "; nobody is in post in this role, so it is not needed yet"
    if not reimbursable and not role.in_use:
        state, note = OPTIONAL, "not reimbursable this year; nobody is in post in this role"
    first = in_force[0]
    return Item(
        CLAIMS,
        f"role:{role.slug}",
        role.name,
        state,
        role.in_use,
        "; ".join(role_terms_text(r) for r in distinct) or NOT_SET,
        role_terms_text(before) if before else "—",
        bool(first and before and _terms(first) != _terms(before)),
        note,
    )


def _terms(rate: RoleRate) -> tuple:
    return (rate.percent, rate.max_annual_per_wte, rate.max_outer_london, rate.max_inner_london)


def _months_text(months: list[date]) -> str:
    if len(months) == 1:
        return f"{months[0]:%B %Y}"
    return f"{months[0]:%B %Y} – {months[-1]:%B %Y}"


def checklist(
    *,
    year: str,
    last_year: str | None,
    start: date,
    end: date,
    streams: Sequence[StreamFacts],
    sum_rule: SumRuleFacts | None,
    last_sum_rule: SumRuleFacts | None,
    roles: Sequence[RoleFacts],
    as_known_on: date | None = None,
) -> Checklist:
    """The year's checklist, purpose by purpose, in the order an administrator fills it."""
    items = [stream_item(s) for s in streams]
    items.append(sum_rule_item(sum_rule, last_sum_rule))
    role_items = [role_item(r, start, end, as_known_on) for r in roles]
    # Roles needed first, then the rest, each alphabetically.
    items += sorted(role_items, key=lambda i: (not i.needed, i.name))
    return Checklist(year, last_year, tuple(items))


def claim_gaps(
    roles: Sequence[tuple[str, Sequence[RoleRate]]], month: date, as_known_on: date | None
) -> list[str]:
    """What a claim for ``month`` lacks, one phrase per role of the staff in post ("a maximum
    for physician associate in May 2027"); empty when every role can be priced (DES rules §5)."""
    wanted = {"no percentage": "a percentage", "no maximum": "a maximum"}
    gaps = []
    for name, rates in roles:
        gap = role_gap(rates, month, as_known_on)
        if gap is not None:
            gaps.append(f"{wanted[gap]} for {name.lower()} in {month:%B %Y}")
    return sorted(set(gaps))


def money_text(amount: Decimal) -> str:
    return f"£{amount.normalize():f}"

"""Pure entitlement rules of the Network Contract DES: no Django, no ORM.

Plain Decimals, dates and small frozen dataclasses in, Decimals out. Every public function
names its source in docs/des-rules.md ("DES rules §n"). Money is never a float
and is rounded half-up to the penny only where the rules say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
PRACTICE_BASES = ("registered", "weighted", "adjusted")
BASES = (*PRACTICE_BASES, "care_home_beds")
PAYEES = ("pcn", "practice")
AREAS = ("national", "outer-london", "inner-london")


def to_penny(amount: Decimal) -> Decimal:
    """Round to the penny, half-up (0.005 → 0.01; -0.005 → -0.01). DES rules §6: "Round half-up"."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def financial_year_start(day: date) -> date:
    """1 April of the financial year containing ``day``. DES rules §3 (1 April to 31 March)."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Period:
    """A payment period, both dates inclusive. DES rules §3 (years 1 April–31 March; 2019/20
    streams from 1 July 2019)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Period ends ({self.end}) before it starts ({self.start}).")

    @property
    def days(self) -> int:
        """Number of days in the period, counting both ends. DES rules §4 (pro rata by days)."""
        return (self.end - self.start).days + 1

    @property
    def months(self) -> list[date]:
        """First day of each calendar month the period overlaps, in order. DES rules §3."""
        months, month = [], _first_of_month(self.start)
        while month <= self.end:
            months.append(month)
            month = _next_month(month)
        return months

    def overlap(self, start: date, end: date | None) -> Period | None:
        """The part of this period inside start..end (end None = open-ended), or None.
        DES rules §1 (memberships have start and end dates)."""
        if end is not None and end < start:
            raise ValueError(f"Membership ends ({end}) before it starts ({start}).")
        first = max(start, self.start)
        last = self.end if end is None else min(end, self.end)
        return Period(first, last) if first <= last else None


def membership_share(whole: Decimal, period: Period, start: date, end: date | None) -> Decimal:
    """The part of a practice's whole-period amount earned while a member from start to end.

    DES rules §4: a practice joining or leaving mid-period earns pro rata by days, and the two
    PCNs' shares add up to the whole, to the penny. Each share is the difference of two rounded
    cumulative figures (days up to the end of membership, days before its start), so the
    shares of consecutive memberships telescope to exactly `whole`.
    """
    part = period.overlap(start, end)
    if part is None:
        return Decimal("0.00")
    days_to_end = (part.end - period.start).days + 1
    days_before = (part.start - period.start).days
    return to_penny(whole * days_to_end / period.days) - to_penny(whole * days_before / period.days)


@dataclass(frozen=True)
class MemberList:
    """One membership of a practice in a PCN, with its list sizes at the reference date.
    DES rules §1 (dated membership) and §2 (registered and weighted lists, 1 January)."""

    practice_code: str
    practice_name: str
    registered: int
    weighted: Decimal
    start: date
    end: date | None
    adjusted: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if self.registered < 0 or self.weighted < 0 or self.adjusted < 0:
            raise ValueError(f"{self.practice_name}: list sizes cannot be negative.")
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"{self.practice_name}: membership ends ({self.end}) before it starts "
                f"({self.start})."
            )

    def list_size(self, basis: str) -> Decimal:
        """The list the stream is paid on: registered, weighted or adjusted. DES rules §4,
        "Basis"; des-years.md §1 (the adjusted population from 2022/23)."""
        if basis == "registered":
            return Decimal(self.registered)
        return self.weighted if basis == "weighted" else self.adjusted


@dataclass(frozen=True)
class Component:
    """One part of a stream's rate: an amount per unit of a basis for the rate's period
    (des-years.md §1: 2024/25 core = £2.218 × registered + £0.698 × adjusted)."""

    basis: str
    amount_per_unit: Decimal

    def __post_init__(self) -> None:
        if self.basis not in BASES:
            raise ValueError(f"Unknown basis {self.basis!r}: expected one of {', '.join(BASES)}.")
        if self.amount_per_unit < 0:
            raise ValueError("A rate per unit cannot be negative.")


@dataclass(frozen=True, init=False)
class StreamRate:
    """A stream's amount for its period, as one or more components. DES rules §4 (rates are
    data); des-years.md §1.

    ``backdated_members_on``: practices that are members on that day are paid for the whole
    period (§4: 2019/20 core funding is "whole year (backdated to 1 April 2019)" although PCNs
    began on 1 July 2019). ``StreamRate(stream, amount, period, basis, paid_to)`` is the
    one-component shorthand."""

    stream: str
    components: tuple[Component, ...]
    period: Period
    paid_to: str
    backdated_members_on: date | None
    recorded: bool

    def __init__(
        self,
        stream: str,
        amount_per_patient: Decimal | None = None,
        period: Period | None = None,
        basis: str | None = None,
        paid_to: str = "pcn",
        backdated_members_on: date | None = None,
        *,
        components: Sequence[Component] | None = None,
        recorded: bool = False,
    ) -> None:
        if components is None:
            components = (
                () if amount_per_patient is None else (Component(basis, amount_per_patient),)
            )
        object.__setattr__(self, "stream", stream)
        object.__setattr__(self, "components", tuple(components))
        object.__setattr__(self, "period", period)
        object.__setattr__(self, "paid_to", paid_to)
        object.__setattr__(self, "backdated_members_on", backdated_members_on)
        object.__setattr__(self, "recorded", recorded)
        if paid_to not in PAYEES:
            raise ValueError(f"Unknown payee {paid_to!r}: expected one of {', '.join(PAYEES)}.")
        if not self.components and not recorded:
            raise ValueError(f"The {stream} rate has no components.")
        if self.per_bed and (len(self.components) > 1 or paid_to != "pcn"):
            raise ValueError("A per-bed rate has one component and is paid to the PCN.")

    @property
    def basis(self) -> str:
        """The basis of a one-component rate (the first component's otherwise)."""
        return self.components[0].basis if self.components else ""

    @property
    def amount_per_patient(self) -> Decimal:
        """The amount per unit of a one-component rate; the sum of the components' otherwise."""
        return sum((c.amount_per_unit for c in self.components), Decimal(0))

    @property
    def per_bed(self) -> bool:
        return any(c.basis == "care_home_beds" for c in self.components)

    def whole_period_amount(self, member: MemberList) -> Decimal:
        """to_penny(Σ components' amount × the member's list on their basis). DES rules §4."""
        return to_penny(
            sum(
                (c.amount_per_unit * member.list_size(c.basis) for c in self.components), Decimal(0)
            )
        )


@dataclass(frozen=True)
class PracticeShare:
    """One practice's part of a stream. DES rules §4. ``sizes``: the practice's list on each
    component's basis, in the rate's order (``list_size`` is the first)."""

    practice_code: str
    practice_name: str
    list_size: Decimal
    days: int
    amount: Decimal
    whole_period: bool
    part: Period | None = None
    sizes: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class StreamEntitlement:
    """A PCN's entitlement to one stream, with the figures a statement shows. DES rules §4.
    ``full_period_sizes``: Σ whole-period members' lists on each component's basis."""

    rate: StreamRate
    full_period_list_size: Decimal
    pooled_amount: Decimal
    shares: tuple[PracticeShare, ...]
    amount: Decimal
    full_period_sizes: tuple[Decimal, ...] = ()


def backdated(rate: StreamRate, members: Sequence[MemberList]) -> list[MemberList]:
    """Members as the stream pays them: one in force on ``rate.backdated_members_on`` counts from
    the period start. DES rules §4 (core funding 2019/20 backdated to 1 April 2019)."""
    on = rate.backdated_members_on
    if on is None:
        return list(members)
    return [
        replace(m, start=rate.period.start)
        if m.start <= on and (m.end is None or on <= m.end) and m.start > rate.period.start
        else m
        for m in members
    ]


def _shares(rate: StreamRate, members: Sequence[MemberList]) -> list[PracticeShare]:
    shares = []
    for member in backdated(rate, members):
        part = rate.period.overlap(member.start, member.end)
        if part is None:
            continue
        sizes = tuple(member.list_size(c.basis) for c in rate.components)
        whole = rate.whole_period_amount(member)
        is_whole = part == rate.period
        amount = whole if is_whole else membership_share(whole, rate.period, part.start, part.end)
        shares.append(
            PracticeShare(
                member.practice_code,
                member.practice_name,
                sizes[0],
                part.days,
                amount,
                is_whole,
                part,
                sizes,
            )
        )
    return shares


def stream_entitlement(rate: StreamRate, members: Sequence[MemberList]) -> StreamEntitlement:
    """A PCN's entitlement to one stream from its members' lists. DES rules §2 and §4.

    Whole-period members are pooled and rounded once, to_penny(rate × Σ list): the figure
    "rate × list size" on a statement (§2: the PCN's list is the sum of its practices).
    Part-period members each have their whole-period figure to_penny(rate × list) split by
    membership_share, so a practice moving PCN mid-period gives the two PCNs shares that add
    to its whole figure exactly. A move on the period's first day makes the practice a
    whole-period member of its new PCN. Members outside the period contribute nothing.
    """
    if rate.per_bed:
        raise ValueError("A per-bed stream is computed by care_home_premium, not from lists.")
    shares = _shares(rate, members)
    whole = [s for s in shares if s.whole_period]
    sizes = tuple(sum((s.sizes[i] for s in whole), Decimal(0)) for i in range(len(rate.components)))
    pooled = to_penny(
        sum(
            (c.amount_per_unit * size for c, size in zip(rate.components, sizes, strict=True)),
            Decimal(0),
        )
    )
    part = sum((s.amount for s in shares if not s.whole_period), Decimal("0.00"))
    full_size = sizes[0] if sizes else Decimal(0)
    return StreamEntitlement(rate, full_size, pooled, tuple(shares), pooled + part, sizes)


def care_home_premium(rate: StreamRate, beds_by_month: dict[date, int]) -> tuple[Decimal, int]:
    """The Care Home Premium for a rate's period: Σ over its months of the beds aligned to the PCN
    that month × the amount per bed for the period ÷ the months of the period, rounded once
    (des-years.md §1: £120 a bed a year = £10 a bed a month; £60 for August 2020 – March 2021 =
    £7.50 a month). Returns the amount and the bed-months counted."""
    if not rate.per_bed:
        raise ValueError(f"The {rate.stream} rate is not paid per bed.")
    months = rate.period.months
    bed_months = sum(beds_by_month.get(month, 0) for month in months)
    if bed_months < 0:
        raise ValueError("Bed counts cannot be negative.")
    return to_penny(rate.components[0].amount_per_unit * bed_months / len(months)), bed_months


def practice_payments(rate: StreamRate, members: Sequence[MemberList]) -> list[PracticeShare]:
    """Per-practice amounts of a stream paid to each member practice (the network participation
    payment). DES rules §4: whole-period members get to_penny(rate × list); part-period members
    get their membership_share of it."""
    if rate.paid_to != "practice":
        raise ValueError(f"The {rate.stream} stream is paid to the PCN, not to each practice.")
    return _shares(rate, members)


def arrs_sum_per_head(
    weighted_population: Decimal, per_head: Decimal, floor: Decimal = Decimal(0)
) -> Decimal:
    """The Additional Roles Reimbursement Sum from 2020/21: max(to_penny(weighted × per head),
    floor). DES rules §6, worked examples 2 and 3."""
    if weighted_population < 0 or per_head < 0 or floor < 0:
        raise ValueError("Weighted population, per-head amount and floor cannot be negative.")
    return max(to_penny(weighted_population * per_head), to_penny(floor))


def arrs_wte_allowance(
    weighted_population: Decimal, population_per_wte: int = 50_000, minimum: int = 1
) -> int:
    """2019/20 WTE allowance per role: n = max(1, floor(weighted / 50,000)). DES rules §6,
    worked example 1."""
    if weighted_population < 0:
        raise ValueError("Weighted population cannot be negative.")
    if population_per_wte <= 0:
        raise ValueError("Population per WTE must be positive.")
    return max(minimum, int(Decimal(weighted_population) // population_per_wte))


def arrs_allowance_ceiling(n: int, maxima: Sequence[Decimal], fraction: Decimal) -> Decimal:
    """2019/20 money ceiling: fraction × n × Σ role maxima, e.g. 0.75 × n × (37,810 + 34,113).
    DES rules §6, worked example 1."""
    if n < 0 or fraction < 0 or any(m < 0 for m in maxima):
        raise ValueError("WTE allowance, maxima and fraction cannot be negative.")
    return to_penny(fraction * n * sum(maxima, Decimal(0)))


def monthly_instalments(total: Decimal, months: Sequence[date]) -> list[tuple[date, Decimal]]:
    """Spread a total (already to the penny) over months in equal instalments; the last month
    takes the rounding pennies so the instalments add up to the total exactly. DES rules §3."""
    if not months:
        raise ValueError("Instalments need at least one month.")
    if total != to_penny(total):
        raise ValueError(f"Round the total ({total}) to the penny before spreading it.")
    each = to_penny(total / len(months))
    instalments = [(month, each) for month in months[:-1]]
    return [*instalments, (months[-1], total - each * (len(months) - 1))]


class Effective:
    """A row in force from ``effective_from`` to ``effective_to`` (an open end: until a row starting
    later supersedes it). DES rules §5: rates are effective-dated rows."""

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True)
class RoleRate(Effective):
    """A role's reimbursement terms from ``effective_from`` (to ``effective_to``, or until a row
    starting later supersedes it), as announced on ``announced_on``. DES rules §5: percentages and
    maxima are effective-dated rows, uplifted mid-year; des-years.md §3: national, outer London
    and inner London maxima. A maximum of None is not published."""

    percent: Decimal
    max_annual_per_wte: Decimal | None
    effective_from: date
    effective_to: date | None
    announced_on: date = date.min
    max_outer_london: Decimal | None = None
    max_inner_london: Decimal | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.percent <= 100:
            raise ValueError(f"Reimbursement percentage {self.percent} is not between 0 and 100.")
        for maximum in (self.max_annual_per_wte, self.max_outer_london, self.max_inner_london):
            if maximum is not None and maximum < 0:
                raise ValueError("The maximum annual amount per WTE cannot be negative.")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"Rate ends ({self.effective_to}) before it starts ({self.effective_from})."
            )

    def maximum_for(self, area: str) -> tuple[Decimal | None, str]:
        """The maximum for a post in ``area``, and a note when the area's variant is not
        published and the national maximum applies instead. des-years.md §3 (the high cost area
        supplement, where published)."""
        if area not in AREAS:
            raise ValueError(f"Unknown area {area!r}: expected one of {', '.join(AREAS)}.")
        variant = {
            "outer-london": self.max_outer_london,
            "inner-london": self.max_inner_london,
        }.get(area)
        if area == "national" or variant is not None:
            return (self.max_annual_per_wte if area == "national" else variant), ""
        name = area.replace("-", " ")
        return (
            self.max_annual_per_wte,
            f"No {name} supplement is published for this role: the national maximum applies.",
        )


def in_force(rows: Sequence, day: date, as_known_on: date | None = None):
    """The row in force on ``day`` as known on ``as_known_on`` (None: every row known), or None.

    des-years.md and style.md §3: a row covers its ``effective_from`` to ``effective_to`` (an open
    end runs until a row starting later supersedes it: the national scheme keeps paying last
    year's maxima until an uplift is published); among the rows announced by ``as_known_on`` that
    cover the day, the latest start wins, and for the same start the latest announcement (a
    backdated uplift supersedes without deleting the earlier row). Two rows with the same start
    and announcement are a data error."""
    known = [
        r for r in rows if r.covers(day) and (as_known_on is None or r.announced_on <= as_known_on)
    ]
    if not known:
        return None
    best = max(known, key=lambda r: (r.effective_from, r.announced_on))
    twins = [
        r
        for r in known
        if (r.effective_from, r.announced_on) == (best.effective_from, best.announced_on)
    ]
    if len(twins) > 1:
        raise ValueError(
            f"{len(twins)} rows start on {best.effective_from} with the same announcement date."
        )
    return best


def rate_in_force(
    rates: Sequence[RoleRate], month: date, as_known_on: date | None = None
) -> RoleRate | None:
    """The role's terms in force on the 1st of ``month`` as known on ``as_known_on``, or None
    when the role is not reimbursable then. DES rules §5: "compute a claim month with the maximum
    in force in that month"."""
    return in_force(rates, month.replace(day=1), as_known_on)


def latest_announcements(rows: Sequence, key, as_known_on: date | None = None) -> list:
    """Of rows grouped by ``key(row)``, the one announced last by ``as_known_on`` in each group
    (a stream's rate for a period, a year's ARRS sum rule): a later announcement for the same
    period supersedes the earlier row (des-years.md: core raised on 26 September 2024 back to
    1 April 2024)."""
    best: dict = {}
    for row in rows:
        if as_known_on is not None and row.announced_on > as_known_on:
            continue
        k = key(row)
        if k not in best or row.announced_on > best[k].announced_on:
            best[k] = row
    return list(best.values())


def wte_cap(
    *, registered: int, max_wte: Decimal, max_wte_large: Decimal | None, large_over: int
) -> Decimal:
    """The WTE of a role a PCN may claim in a month: ``max_wte``, or ``max_wte_large`` when its
    registered list at the reference date is more than ``large_over`` (des-years.md §3: "1 per PCN,
    2 over 100,000"; over 100,000 means more than 100,000)."""
    if registered < 0:
        raise ValueError("A registered list cannot be negative.")
    if max_wte_large is not None and registered > large_over:
        return max_wte_large
    return max_wte

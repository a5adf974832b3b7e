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
STREAMS = ("clinical_director", "core", "extended_hours", "participation")
BASES = ("registered", "weighted")
PAYEES = ("pcn", "practice")


def to_penny(amount: Decimal) -> Decimal:
    """Round to the penny, half-up (0.005 → 0.01; -0.005 → -0.01). DES rules §6: "Round half-up"."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


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

    def __post_init__(self) -> None:
        if self.registered < 0 or self.weighted < 0:
            raise ValueError(f"{self.practice_name}: list sizes cannot be negative.")
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"{self.practice_name}: membership ends ({self.end}) before it starts "
                f"({self.start})."
            )

    def list_size(self, basis: str) -> Decimal:
        """The list the stream is paid on: registered or weighted. DES rules §4, "Basis"."""
        return Decimal(self.registered) if basis == "registered" else self.weighted


@dataclass(frozen=True)
class StreamRate:
    """A stream's amount per patient for its period. DES rules §4 (rates are data).

    ``backdated_members_on``: practices that are members on that day are paid for the whole
    period (§4: 2019/20 core funding is "whole year (backdated to 1 April 2019)" although PCNs
    began on 1 July 2019)."""

    stream: str
    amount_per_patient: Decimal
    period: Period
    basis: str
    paid_to: str
    backdated_members_on: date | None = None

    def __post_init__(self) -> None:
        for value, allowed, what in (
            (self.stream, STREAMS, "stream"),
            (self.basis, BASES, "basis"),
            (self.paid_to, PAYEES, "payee"),
        ):
            if value not in allowed:
                raise ValueError(f"Unknown {what} {value!r}: expected one of {', '.join(allowed)}.")
        if self.amount_per_patient < 0:
            raise ValueError(f"The {self.stream} rate per patient cannot be negative.")


@dataclass(frozen=True)
class PracticeShare:
    """One practice's part of a stream. DES rules §4."""

    practice_code: str
    practice_name: str
    list_size: Decimal
    days: int
    amount: Decimal
    whole_period: bool
    part: Period | None = None


@dataclass(frozen=True)
class StreamEntitlement:
    """A PCN's entitlement to one stream, with the figures a statement shows. DES rules §4."""

    rate: StreamRate
    full_period_list_size: Decimal
    pooled_amount: Decimal
    shares: tuple[PracticeShare, ...]
    amount: Decimal


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
        size = member.list_size(rate.basis)
        whole = to_penny(rate.amount_per_patient * size)
        is_whole = part == rate.period
        amount = whole if is_whole else membership_share(whole, rate.period, part.start, part.end)
        shares.append(
            PracticeShare(
                member.practice_code, member.practice_name, size, part.days, amount, is_whole, part
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
    shares = _shares(rate, members)
    full_size = sum((s.list_size for s in shares if s.whole_period), Decimal(0))
    pooled = to_penny(rate.amount_per_patient * full_size)
    part = sum((s.amount for s in shares if not s.whole_period), Decimal("0.00"))
    return StreamEntitlement(rate, full_size, pooled, tuple(shares), pooled + part)


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


@dataclass(frozen=True)
class RoleRate:
    """A role's reimbursement terms in force for a stretch of time (both dates inclusive).
    DES rules §5: percentages and maxima are effective-dated rows, uplifted mid-year."""

    percent: Decimal
    max_annual_per_wte: Decimal
    effective_from: date
    effective_to: date | None

    def __post_init__(self) -> None:
        if not 0 <= self.percent <= 100:
            raise ValueError(f"Reimbursement percentage {self.percent} is not between 0 and 100.")
        if self.max_annual_per_wte < 0:
            raise ValueError("The maximum annual amount per WTE cannot be negative.")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"Rate ends ({self.effective_to}) before it starts ({self.effective_from})."
            )

    def covers(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


def rate_in_force(rates: Sequence[RoleRate], month: date) -> RoleRate | None:
    """The role's terms in force on the 1st of `month`, or None when the role is not
    reimbursable then. DES rules §5: "compute a claim month with the maximum in force in that
    month". Overlapping rows are a data error."""
    first = month.replace(day=1)
    matches = [rate for rate in rates if rate.covers(first)]
    if len(matches) > 1:
        raise ValueError(f"{len(matches)} overlapping rates are in force on {first}.")
    return matches[0] if matches else None

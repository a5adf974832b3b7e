"""Payment streams: a PCN's entitlement from its members' lists, the practices' shares and the
Care Home Premium. DES rules §1, §2 and §4; des-years.md §1."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from funding.rules.periods import Period, membership_share, to_penny

PRACTICE_BASES = ("registered", "weighted", "adjusted")
BASES = (*PRACTICE_BASES, "care_home_beds")
PAYEES = ("pcn", "practice")


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


def care_home_instalments(
    rate: StreamRate, beds_by_month: dict[date, int]
) -> list[tuple[date, Decimal]]:
    """The Care Home Premium month by month: each month's figure is the rounded cumulative
    bed-months to its end less what the months before were paid, so the months follow the beds and
    add up to ``care_home_premium`` to the penny. DES rules §3 (monthly payments, the pennies
    kept); des-years.md §1 (an amount a bed for the period)."""
    if not rate.per_bed:
        raise ValueError(f"The {rate.stream} rate is not paid per bed.")
    months = rate.period.months
    per_month = rate.components[0].amount_per_unit / len(months)
    out, cumulative, paid = [], 0, Decimal("0.00")
    for month in months:
        cumulative += beds_by_month.get(month, 0)
        upto = to_penny(per_month * cumulative)
        out.append((month, upto - paid))
        paid = upto
    return out


def lists_on(members: Sequence[MemberList], day: date) -> tuple[int, Decimal, Decimal]:
    """A PCN's registered, weighted and adjusted lists on ``day``: the sums of the lists of the
    practices that are members that day (a list not known counts 0). DES rules §2: a PCN's list
    size is always the sum of its member practices' lists."""
    current = [m for m in members if m.start <= day and (m.end is None or day <= m.end)]
    return (
        sum(m.registered for m in current),
        sum((m.weighted for m in current), Decimal(0)),
        sum((m.adjusted for m in current), Decimal(0)),
    )

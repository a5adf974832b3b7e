"""The entitlement engine: what each PCN is owed for a financial year.

``load_year`` reads everything a year needs for a set of PCNs in a fixed number of queries
(the rates in the year, the memberships overlapping it, the list sizes at its reference date and
the ARRS rule); ``compute`` then works from those plain values with ``funding.rules`` only, so a
commissioner's PCNs are all computed from one load of the data (DES rules §2–6).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from funding import rules, selectors
from funding.models import FinancialYear, PaymentRate, Stream
from networks.models import PCN, ListSize, Membership
from networks.rules import Flag

ZERO = Decimal("0.00")
STREAM_LABELS = dict(Stream.choices)


@dataclass(frozen=True)
class Member:
    """A membership overlapping the year, with the practice's lists at the reference date."""

    practice_id: int
    practice_code: str
    practice_name: str
    start: date
    end: date | None
    registered: int
    weighted: Decimal
    has_list: bool
    has_weighted: bool

    def as_member_list(self) -> rules.MemberList:
        return rules.MemberList(
            self.practice_code,
            self.practice_name,
            self.registered,
            self.weighted,
            self.start,
            self.end,
        )

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class StreamLine:
    """One rate row applied to one PCN: the stream's amount for the rate's period, with the
    practices' shares (each member's part for a practice-paid stream)."""

    rate: rules.StreamRate
    amount: Decimal
    full_period_list_size: Decimal
    pooled_amount: Decimal
    shares: tuple[rules.PracticeShare, ...]

    @property
    def stream(self) -> str:
        return self.rate.stream

    @property
    def label(self) -> str:
        return STREAM_LABELS[self.rate.stream]

    @property
    def part_shares(self) -> tuple[rules.PracticeShare, ...]:
        return tuple(s for s in self.shares if not s.whole_period)


@dataclass(frozen=True)
class Instalment:
    """One monthly payment of one stream to one payee (DES rules §3: equal instalments over the
    period, rounding pennies in the last month)."""

    pcn_code: str
    pcn_name: str
    payee_code: str
    payee_name: str
    stream: str
    month: date
    amount: Decimal

    @property
    def stream_label(self) -> str:
        return STREAM_LABELS[self.stream]


@dataclass
class PcnEntitlement:
    """Everything one PCN is owed for the year."""

    pcn: PCN
    members: list[Member]
    census_day: date
    registered: int
    weighted: Decimal
    lines: list[StreamLine]
    stream_totals: dict[str, Decimal]
    arrs: selectors.ArrsEntitlement | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def streams_total(self) -> Decimal:
        return sum(self.stream_totals.values(), ZERO)

    @property
    def arrs_sum(self) -> Decimal:
        return self.arrs.amount if self.arrs else ZERO

    @property
    def total(self) -> Decimal:
        """The four payment streams plus the ARRS sum."""
        return self.streams_total + self.arrs_sum


@dataclass
class YearInputs:
    """A year's inputs for a set of PCNs, as plain values."""

    year: FinancialYear
    pcns: list[PCN]
    rates: list[rules.StreamRate]
    arrs_terms: selectors.ArrsTerms | None
    members: dict[int, list[Member]]

    @property
    def census_day(self) -> date:
        """The day whose members give a PCN's list size for the year: the day the ARRS sum is set
        (1 April; 1 July 2019, the DES start, in 2019/20), so the weighted population shown is the
        one the ARRS sum uses."""
        return self.arrs_terms.period_start if self.arrs_terms else self.year.start


def rates_in_year(year: FinancialYear) -> list[rules.StreamRate]:
    """The rate rows whose period lies within the year (2022/23 extended hours: April–September
    only), in stream order then by start. One query."""
    rows = PaymentRate.objects.filter(period_start__gte=year.start, period_end__lte=year.end)
    order = {stream: i for i, stream in enumerate(rules.STREAMS)}
    return sorted(
        (
            rules.StreamRate(
                r.stream,
                r.amount_per_patient,
                rules.Period(r.period_start, r.period_end),
                r.basis,
                r.paid_to,
                r.backdated_members_on,
            )
            for r in rows
        ),
        key=lambda rate: (order[rate.stream], rate.period.start),
    )


def load_year(year: FinancialYear, pcns) -> YearInputs:
    """Load the year's inputs for ``pcns`` in six queries, whatever their number: rates (1),
    memberships overlapping the year with their practices (1), list sizes at the reference date
    (1), the ARRS rule with its roles and their maxima (3)."""
    pcns = list(pcns)
    memberships = list(
        Membership.objects.filter(pcn_id__in=[p.pk for p in pcns])
        .overlapping(year.start, year.end)
        .select_related("practice")
        .order_by("practice__name", "start")
    )
    lists = {
        row.practice_id: row
        for row in ListSize.objects.filter(
            practice_id__in={m.practice_id for m in memberships},
            reference_date=year.reference_date,
        )
    }
    members: dict[int, list[Member]] = defaultdict(list)
    for m in memberships:
        size = lists.get(m.practice_id)
        members[m.pcn_id].append(
            Member(
                m.practice_id,
                m.practice.code,
                m.practice.name,
                m.start,
                m.end,
                size.registered if size else 0,
                size.weighted if size and size.weighted is not None else Decimal(0),
                size is not None,
                size is not None and size.weighted is not None,
            )
        )
    return YearInputs(year, pcns, rates_in_year(year), selectors.arrs_terms(year), members)


def _flags(inputs: YearInputs, pcn: PCN, members: list[Member]) -> list[Flag]:
    when = inputs.year.reference_date.strftime("%-d %B %Y")
    flags = []
    for m in members:
        if not m.has_list:
            flags.append(
                Flag(
                    "no_list_size",
                    f"{m.practice_name} ({m.practice_code}) has no list size at {when}: its "
                    "payments are computed with 0 patients.",
                )
            )
        elif not m.has_weighted:
            flags.append(
                Flag(
                    "no_weighted",
                    f"{m.practice_name} ({m.practice_code}) has no weighted list at {when}: its "
                    "participation payment and the PCN's weighted population use 0.",
                )
            )
    if pcn.nominated_payee_id is None:
        flags.append(
            Flag("no_payee", "No nominated payee is recorded: PCN payments have nowhere to go.")
        )
    return flags


def compute(inputs: YearInputs, pcn: PCN) -> PcnEntitlement:
    """One PCN's entitlement from the loaded inputs (no queries)."""
    members = inputs.members.get(pcn.pk, [])
    member_lists = [m.as_member_list() for m in members]
    lines = []
    totals = dict.fromkeys(rules.STREAMS, ZERO)
    for rate in inputs.rates:
        if rate.paid_to == "practice":
            shares = tuple(rules.practice_payments(rate, member_lists))
            amount = sum((s.amount for s in shares), ZERO)
            full = sum((s.list_size for s in shares if s.whole_period), Decimal(0))
            pooled = sum((s.amount for s in shares if s.whole_period), ZERO)
        else:
            entitlement = rules.stream_entitlement(rate, member_lists)
            shares, amount = entitlement.shares, entitlement.amount
            full, pooled = entitlement.full_period_list_size, entitlement.pooled_amount
        lines.append(StreamLine(rate, amount, full, pooled, shares))
        totals[rate.stream] += amount
    census = inputs.census_day
    in_census = [m for m in members if m.covers(census)]
    registered = sum(m.registered for m in in_census)
    weighted = sum((m.weighted for m in in_census), Decimal(0))
    arrs = (
        selectors.arrs_entitlement(inputs.arrs_terms, weighted)
        if inputs.arrs_terms is not None
        else None
    )
    return PcnEntitlement(
        pcn,
        members,
        census,
        registered,
        weighted,
        lines,
        totals,
        arrs,
        _flags(inputs, pcn, members),
    )


def entitlements(year: FinancialYear, pcns) -> list[PcnEntitlement]:
    """Every PCN's entitlement for the year, from one load of the data."""
    inputs = load_year(year, pcns)
    return [compute(inputs, pcn) for pcn in inputs.pcns]


def instalments(entitlement: PcnEntitlement) -> list[Instalment]:
    """The PCN's payment schedule: each PCN-paid stream to the nominated payee in equal monthly
    instalments over the rate's period; each practice's participation payment to the practice
    over the months of its membership in the period. The instalments add up to the entitlement
    to the penny (``rules.monthly_instalments`` puts rounding pennies in the last month)."""
    pcn = entitlement.pcn
    payee = pcn.nominated_payee
    rows = []
    for line in entitlement.lines:
        if line.rate.paid_to == "pcn":
            payments = [
                (
                    payee.code if payee else "",
                    payee.name if payee else "No nominated payee",
                    line.amount,
                    line.rate.period,
                )
            ]
        else:
            payments = [
                (s.practice_code, s.practice_name, s.amount, s.part or line.rate.period)
                for s in line.shares
            ]
        for code, name, amount, period in payments:
            for month, instalment in rules.monthly_instalments(amount, period.months):
                rows.append(
                    Instalment(pcn.code, pcn.name, code, name, line.stream, month, instalment)
                )
    return rows

"""The entitlement engine: what each PCN is owed for a financial year.

``load_year`` reads everything a year needs for a set of PCNs in a fixed number of queries (the
streams in force in the year, their rates in the schedule as known on a date, the memberships
overlapping it, the list sizes at its reference date, the care-home beds, the recorded payments
and the ARRS rule); ``compute`` then works from those plain values with ``funding.rules`` only, so
a commissioner's PCNs are all computed from one load of the data (DES rules §2–6).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from funding import rules, selectors
from funding.models import (
    FinancialYear,
    PaymentRate,
    PaymentStream,
    RateSchedule,
    RecordedPayment,
)
from networks.models import PCN, CareHomeBeds, ListSize, Membership
from networks.rules import Flag

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class StreamInfo:
    """A payment stream in force in the year, as plain values."""

    slug: str
    name: str
    paid_to: str
    recorded: bool


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
    adjusted: Decimal = Decimal(0)
    has_adjusted: bool = False

    def as_member_list(self) -> rules.MemberList:
        return rules.MemberList(
            self.practice_code,
            self.practice_name,
            self.registered,
            self.weighted,
            self.start,
            self.end,
            self.adjusted,
        )

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class RateSource:
    """Where a rate row comes from, for statements: source, status and announcement date."""

    source: str
    status: str
    announced_on: date


@dataclass(frozen=True)
class StreamLine:
    """One rate row applied to one PCN: the stream's amount for the rate's period, with the
    practices' shares (each member's part for a practice-paid stream). For a stream paid on the
    commissioner's assessment, ``amount`` is what was recorded (None: nothing recorded yet) and
    ``ceiling`` what the rate allows."""

    rate: rules.StreamRate
    amount: Decimal | None
    full_period_list_size: Decimal
    pooled_amount: Decimal
    shares: tuple[rules.PracticeShare, ...]
    stream_name: str = ""
    sizes: tuple[Decimal, ...] = ()
    ceiling: Decimal | None = None
    bed_months: int = 0
    source: RateSource | None = None
    recorded: tuple = ()

    @property
    def stream(self) -> str:
        return self.rate.stream

    @property
    def label(self) -> str:
        return self.stream_name or self.rate.stream

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
    stream_label: str = ""


@dataclass
class PcnEntitlement:
    """Everything one PCN is owed for the year. ``missing`` names the streams in force in the
    year that have no rate in the schedule: then the total is not known (``total`` is None)."""

    pcn: PCN
    members: list[Member]
    census_day: date
    registered: int
    weighted: Decimal
    lines: list[StreamLine]
    stream_totals: dict[str, Decimal | None]
    arrs: selectors.ArrsEntitlement | None
    flags: list[Flag] = field(default_factory=list)
    missing: list[StreamInfo] = field(default_factory=list)
    not_recorded: list[StreamInfo] = field(default_factory=list)
    adjusted: Decimal = Decimal(0)
    beds: dict[date, int] = field(default_factory=dict)

    @property
    def streams_total(self) -> Decimal:
        """The streams whose amounts are known (a stream not recorded counts nothing)."""
        return sum((v for v in self.stream_totals.values() if v is not None), ZERO)

    @property
    def arrs_sum(self) -> Decimal:
        return self.arrs.amount if self.arrs else ZERO

    @property
    def gp_sum(self) -> Decimal | None:
        return self.arrs.gp_amount if self.arrs else None

    @property
    def complete(self) -> bool:
        return not self.missing and self.arrs is not None

    @property
    def total(self) -> Decimal | None:
        """The payment streams plus the ARRS sums; None while a stream's rate or the ARRS rule is
        missing, so no wrong total is ever shown."""
        if not self.complete:
            return None
        return self.streams_total + self.arrs_sum + (self.gp_sum or ZERO)


@dataclass
class YearInputs:
    """A year's inputs for a set of PCNs, as plain values."""

    year: FinancialYear
    pcns: list[PCN]
    streams: list[StreamInfo]
    rates: list[tuple[rules.StreamRate, RateSource]]
    arrs_terms: selectors.ArrsTerms | None
    members: dict[int, list[Member]]
    beds: dict[int, dict[date, int]] = field(default_factory=dict)
    recorded: dict[tuple[int, str], list] = field(default_factory=dict)
    schedule: str = "national"
    as_known_on: date | None = None

    @property
    def census_day(self) -> date:
        """The day whose members give a PCN's list size for the year: the day the ARRS sum is set
        (1 April; 1 July 2019, the DES start, in 2019/20), so the weighted population shown is the
        one the ARRS sum uses."""
        return self.arrs_terms.period_start if self.arrs_terms else self.year.start

    @property
    def stream_names(self) -> dict[str, str]:
        return {s.slug: s.name for s in self.streams}


def streams_in_year(year: FinancialYear) -> list[StreamInfo]:
    """The streams in force on any day of the year, in statement order (one query)."""
    rows = PaymentStream.objects.filter(starts_on__lte=year.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=year.start)
    )
    return [StreamInfo(s.slug, s.name, s.paid_to, s.recorded) for s in rows]


def rates_in_year(
    year: FinancialYear, schedule: RateSchedule | None = None, as_known_on: date | None = None
) -> list[tuple[rules.StreamRate, RateSource]]:
    """The rate rows of ``schedule`` (default national) whose period lies within the year, as
    known on ``as_known_on`` (default today): for each stream and period start the latest
    announcement (2022/23 extended hours: April–September only). Two queries."""
    as_known_on = as_known_on or timezone.localdate()
    rows = PaymentRate.objects.filter(
        period_start__gte=year.start, period_end__lte=year.end, announced_on__lte=as_known_on
    ).select_related("stream")
    rows = rows.filter(schedule=schedule) if schedule else rows.filter(schedule__slug="national")
    rows = rules.latest_announcements(
        list(rows.prefetch_related("components")), key=lambda r: (r.stream_id, r.period_start)
    )
    rows.sort(key=lambda r: (r.stream.position, r.stream.slug, r.period_start))
    return [
        (
            rules.StreamRate(
                r.stream.slug,
                period=rules.Period(r.period_start, r.period_end),
                paid_to=r.stream.paid_to,
                backdated_members_on=r.backdated_members_on,
                components=[
                    rules.Component(c.basis, c.amount_per_unit) for c in r.components.all()
                ],
                recorded=r.stream.recorded,
            ),
            RateSource(r.source, r.get_status_display(), r.announced_on),
        )
        for r in rows
    ]


def _members(year: FinancialYear, pcn_ids) -> dict[int, list[Member]]:
    memberships = list(
        Membership.objects.filter(pcn_id__in=pcn_ids)
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
                size.adjusted if size and size.adjusted is not None else Decimal(0),
                size is not None and size.adjusted is not None,
            )
        )
    return members


def load_year(
    year: FinancialYear,
    pcns,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
) -> YearInputs:
    """Load the year's inputs for ``pcns`` in a fixed number of queries, whatever their number:
    streams (1), rates with their components (2), memberships with their practices (1), list
    sizes (1), care-home beds (1), recorded payments (1) and the ARRS rule with its roles and
    their maxima (4)."""
    as_known_on = as_known_on or timezone.localdate()
    pcns = list(pcns)
    pcn_ids = [p.pk for p in pcns]
    beds: dict[int, dict[date, int]] = defaultdict(dict)
    for row in CareHomeBeds.objects.filter(
        pcn_id__in=pcn_ids, month__gte=year.start, month__lte=year.end
    ):
        beds[row.pcn_id][row.month] = row.beds
    recorded: dict[tuple[int, str], list] = defaultdict(list)
    for row in RecordedPayment.objects.filter(
        pcn_id__in=pcn_ids, period_start__gte=year.start, period_end__lte=year.end
    ).select_related("stream"):
        recorded[(row.pcn_id, row.stream.slug)].append(row)
    return YearInputs(
        year,
        pcns,
        streams_in_year(year),
        rates_in_year(year, schedule, as_known_on),
        selectors.arrs_terms(year, schedule, as_known_on),
        _members(year, pcn_ids),
        beds,
        recorded,
        schedule.slug if schedule else "national",
        as_known_on,
    )


def _flags(inputs: YearInputs, pcn: PCN, members: list[Member], bases: set[str]) -> list[Flag]:
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
            continue
        if not m.has_weighted:
            flags.append(
                Flag(
                    "no_weighted",
                    f"{m.practice_name} ({m.practice_code}) has no weighted list at {when}: its "
                    "participation payment and the PCN's weighted population use 0.",
                )
            )
        if "adjusted" in bases and not m.has_adjusted:
            flags.append(
                Flag(
                    "no_adjusted",
                    f"{m.practice_name} ({m.practice_code}) has no adjusted population at {when}: "
                    "the streams paid on it use 0.",
                )
            )
    if pcn.nominated_payee_id is None:
        flags.append(
            Flag("no_payee", "No nominated payee is recorded: PCN payments have nowhere to go.")
        )
    return flags


def _line(inputs: YearInputs, pcn: PCN, rate: rules.StreamRate, source, member_lists) -> StreamLine:
    name = inputs.stream_names.get(rate.stream, rate.stream)
    ceiling, bed_months, full, pooled, shares, sizes = None, 0, Decimal(0), ZERO, (), ()
    if rate.per_bed:
        ceiling, bed_months = rules.care_home_premium(rate, inputs.beds.get(pcn.pk, {}))
        full, pooled = Decimal(bed_months), ceiling
    elif rate.components and rate.paid_to == "practice":
        shares = tuple(rules.practice_payments(rate, member_lists))
        ceiling = sum((s.amount for s in shares), ZERO)
        full = sum((s.list_size for s in shares if s.whole_period), Decimal(0))
        pooled = sum((s.amount for s in shares if s.whole_period), ZERO)
    elif rate.components:
        entitlement = rules.stream_entitlement(rate, member_lists)
        shares, ceiling = entitlement.shares, entitlement.amount
        full, pooled = entitlement.full_period_list_size, entitlement.pooled_amount
        sizes = entitlement.full_period_sizes
    amount, recorded = ceiling, ()
    if rate.recorded:
        recorded = tuple(
            r
            for r in inputs.recorded.get((pcn.pk, rate.stream), [])
            if rate.period.start <= r.period_start and r.period_end <= rate.period.end
        )
        amount = sum((r.amount for r in recorded), ZERO) if recorded else None
    return StreamLine(
        rate, amount, full, pooled, shares, name, sizes, ceiling, bed_months, source, recorded
    )


def compute(inputs: YearInputs, pcn: PCN) -> PcnEntitlement:
    """One PCN's entitlement from the loaded inputs (no queries)."""
    members = inputs.members.get(pcn.pk, [])
    member_lists = [m.as_member_list() for m in members]
    lines = []
    totals: dict[str, Decimal | None] = {}
    with_rate = set()
    for rate, source in inputs.rates:
        line = _line(inputs, pcn, rate, source, member_lists)
        lines.append(line)
        with_rate.add(rate.stream)
        if line.amount is None:
            totals.setdefault(rate.stream, None)
        else:
            totals[rate.stream] = (totals.get(rate.stream) or ZERO) + line.amount
    missing, not_recorded = [], []
    for stream in inputs.streams:
        if stream.slug in with_rate:
            if totals.get(stream.slug) is None:
                not_recorded.append(stream)
            continue
        if stream.recorded:
            year = rules.Period(inputs.year.start, inputs.year.end)
            rate = rules.StreamRate(
                stream.slug, period=year, paid_to=stream.paid_to, components=(), recorded=True
            )
            line = _line(inputs, pcn, rate, None, member_lists)
            lines.append(line)
            totals[stream.slug] = line.amount
            if line.amount is None:
                not_recorded.append(stream)
        else:
            totals[stream.slug] = None
            missing.append(stream)
    census = inputs.census_day
    in_census = [m for m in members if m.covers(census)]
    registered = sum(m.registered for m in in_census)
    weighted = sum((m.weighted for m in in_census), Decimal(0))
    adjusted = sum((m.adjusted for m in in_census), Decimal(0))
    arrs = (
        selectors.arrs_entitlement(inputs.arrs_terms, weighted)
        if inputs.arrs_terms is not None
        else None
    )
    bases = {c.basis for rate, _ in inputs.rates for c in rate.components}
    flags = _flags(inputs, pcn, members, bases)
    for line in lines:
        if line.recorded and line.ceiling is not None and line.amount > line.ceiling:
            flags.append(
                Flag(
                    "recorded_over_ceiling",
                    f"{line.label}: £{line.amount:,.2f} recorded is more than the £{line.ceiling:,.2f} "
                    "its rate allows for the PCN's list: check the assessment.",
                )
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
        flags,
        missing,
        not_recorded,
        adjusted,
        inputs.beds.get(pcn.pk, {}),
    )


def entitlements(
    year: FinancialYear,
    pcns,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
) -> list[PcnEntitlement]:
    """Every PCN's entitlement for the year, from one load of the data."""
    inputs = load_year(year, pcns, schedule, as_known_on)
    return [compute(inputs, pcn) for pcn in inputs.pcns]


def _bed_instalments(line: StreamLine, beds: dict[date, int]) -> list[tuple[date, Decimal]]:
    """Care Home Premium by month: cumulative bed-months rounded, so the months follow the beds
    and still add up to the line's amount to the penny (DES rules §3)."""
    months = line.rate.period.months
    per_month = line.rate.components[0].amount_per_unit / len(months)
    out, cumulative, paid = [], 0, ZERO
    for month in months:
        cumulative += beds.get(month, 0)
        upto = rules.to_penny(per_month * cumulative)
        out.append((month, upto - paid))
        paid = upto
    return out


def instalments(entitlement: PcnEntitlement) -> list[Instalment]:
    """The PCN's payment schedule: each PCN-paid stream to the nominated payee in equal monthly
    instalments over the rate's period; each practice's participation payment to the practice
    over the months of its membership in the period; recorded amounts over their own periods.
    The instalments add up to the entitlement to the penny (``rules.monthly_instalments`` puts
    rounding pennies in the last month). Streams without an amount have no instalments."""
    pcn = entitlement.pcn
    payee = pcn.nominated_payee
    payee_code, payee_name = (payee.code, payee.name) if payee else ("", "No nominated payee")
    rows = []

    def add(code, name, stream, label, pairs):
        for month, amount in pairs:
            rows.append(Instalment(pcn.code, pcn.name, code, name, stream, month, amount, label))

    for line in entitlement.lines:
        if line.amount is None:
            continue
        if line.rate.recorded:
            for r in line.recorded:
                months = rules.Period(r.period_start, r.period_end).months
                add(
                    payee_code,
                    payee_name,
                    line.stream,
                    line.label,
                    rules.monthly_instalments(r.amount, months),
                )
        elif line.rate.per_bed:
            add(
                payee_code,
                payee_name,
                line.stream,
                line.label,
                [(m, a) for m, a in _bed_instalments(line, entitlement.beds) if a],
            )
        elif line.rate.paid_to == "pcn":
            add(
                payee_code,
                payee_name,
                line.stream,
                line.label,
                rules.monthly_instalments(line.amount, line.rate.period.months),
            )
        else:
            for s in line.shares:
                period = s.part or line.rate.period
                add(
                    s.practice_code,
                    s.practice_name,
                    line.stream,
                    line.label,
                    rules.monthly_instalments(s.amount, period.months),
                )
    return rows

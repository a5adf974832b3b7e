"""Presenters: the prepared objects behind the Clinical Director statement, the commissioner
funding summary and the payment schedule. The HTML page, the PDF, the CSV and the commands all
show these objects, so they cannot disagree (style.md §9). Templates only show what is here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from funding import engine, rules
from funding import formatting as fmt
from funding.arrs_use import ArrsUse, use_by_pcn
from funding.models import ArrsSumRule, Basis, FinancialYear, PaidTo, RateSchedule
from funding.snapshot import one_snapshot
from networks.models import PCN, ClinicalDirector, Commissioner
from networks.rules import Flag

ZERO = engine.ZERO
BASIS_LABELS = dict(Basis.choices)
PAID_TO_LABELS = dict(PaidTo.choices)


@dataclass(frozen=True)
class RatesUsed:
    """Which rates a page, PDF, CSV or command used: the schedule and the day they were known on."""

    schedule: str
    as_known_on: date

    def __str__(self):
        return f"{self.schedule} rates as known on {fmt.day(self.as_known_on)}"


def _rates_used(inputs: engine.YearInputs) -> RatesUsed:
    return RatesUsed(inputs.schedule, inputs.as_known_on)


@dataclass(frozen=True)
class StreamRow:
    """One rate row of a statement with how its amount was computed."""

    stream: str
    label: str
    paid_to: str
    rate: str
    basis: str
    period: str
    list_size: str
    amount: Decimal | None
    explanation: str
    part_explanations: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class MemberRow:
    practice_code: str
    practice_name: str
    membership: str
    registered: int | None
    weighted: Decimal | None
    participation: Decimal
    flagged: bool


@dataclass(frozen=True)
class ScheduleRow:
    month: date
    amounts: tuple[Decimal, ...]
    total: Decimal


@dataclass(frozen=True)
class ScheduleTable:
    """Month × stream: what is paid in each month of the year (payment streams only)."""

    columns: tuple[str, ...]
    rows: tuple[ScheduleRow, ...]
    totals: tuple[Decimal, ...]
    total: Decimal


@dataclass(frozen=True)
class ArrsSummary:
    method: str
    amount: Decimal
    explanation: str
    weighted: Decimal
    wte_allowance: int | None
    approved: Decimal
    pending: Decimal
    remaining: Decimal
    gp_amount: Decimal | None = None
    gp_explanation: str = ""
    gp_approved: Decimal = ZERO
    gp_pending: Decimal = ZERO
    gp_remaining: Decimal | None = None
    redistribution_allowed: bool = True
    source: str = ""


@dataclass
class Statement:
    """A Clinical Director's entitlement statement for one PCN and year."""

    pcn: PCN
    commissioner: Commissioner
    year: FinancialYear
    years: list[FinancialYear]
    generated_on: date
    clinical_directors: list[str]
    payee: str
    census_day: date
    registered: int
    weighted: Decimal
    streams: list[StreamRow]
    stream_totals: list[tuple[str, str, Decimal | None, str]]
    streams_total: Decimal
    arrs: ArrsSummary | None
    total: Decimal | None
    members: list[MemberRow]
    members_registered: int
    members_weighted: Decimal
    members_participation: Decimal
    schedule: ScheduleTable
    flags: list[Flag] = field(default_factory=list)
    rates_used: RatesUsed | None = None
    missing: list[str] = field(default_factory=list)
    not_recorded: list[str] = field(default_factory=list)
    adjusted: Decimal = Decimal(0)
    rates_set: bool = False

    @property
    def has_rates(self) -> bool:
        return self.rates_set

    @property
    def has_members(self) -> bool:
        return bool(self.members)


def _components(rate: rules.StreamRate, sizes) -> str:
    """£2.218 × 40,000 registered patients + £0.698 × 41,000.00 adjusted population."""
    return " + ".join(
        f"{fmt.rate(c.amount_per_unit)} × {fmt.patients(size, c.basis)}"
        for c, size in zip(rate.components, sizes, strict=True)
    )


def _rate_text(rate: rules.StreamRate) -> str:
    if not rate.components:
        return "Recorded by the commissioner"
    per = {"care_home_beds": "per bed"}
    return " + ".join(
        f"{fmt.rate(c.amount_per_unit)} {per.get(c.basis, 'per patient')}"
        + (f" ({BASIS_LABELS[c.basis].lower()})" if len(rate.components) > 1 else "")
        for c in rate.components
    )


def _source_text(line: engine.StreamLine) -> str:
    if line.source is None:
        return ""
    return (
        f"{line.source.status}, announced {fmt.day(line.source.announced_on)}: {line.source.source}"
    )


def _explanation(line: engine.StreamLine) -> str:
    rate = line.rate
    when = fmt.period(rate.period)
    backdated = (
        f"; practices that are members on {fmt.day(rate.backdated_members_on)} are paid from "
        f"{fmt.day(rate.period.start)} (backdated)"
        if rate.backdated_members_on
        else ""
    )
    if rate.recorded:
        recorded = " + ".join(
            f"{fmt.gbp(r.amount)} {r.get_state_display().lower()} for "
            f"{fmt.day(r.period_start)} – {fmt.day(r.period_end)}"
            for r in line.recorded
        )
        ceiling = (
            f"; at most {fmt.gbp(line.ceiling)} ({_rate_text(rate)} × the PCN's list, {when})"
            if line.ceiling is not None
            else ""
        )
        if not line.recorded:
            return f"Paid on the commissioner's assessment: nothing recorded yet{ceiling}"
        return f"Recorded by the commissioner: {recorded} = {fmt.gbp(line.amount)}{ceiling}"
    if rate.per_bed:
        return (
            f"{fmt.rate(rate.components[0].amount_per_unit)} a bed for {when}, by the beds aligned "
            f"to the PCN each month: {line.bed_months:,} bed-months ÷ {len(rate.period.months)} "
            f"months = {fmt.gbp(line.amount)}"
        )
    if rate.paid_to == "practice":
        return (
            f"{_rate_text(rate)} × each member practice's list ({when}), paid to the practice: "
            f"{len(line.shares)} practice{'s' if len(line.shares) != 1 else ''} = "
            f"{fmt.gbp(line.amount)}{backdated}"
        )
    sizes = line.sizes or (line.full_period_list_size,)
    return f"{_components(rate, sizes)} ({when}) = {fmt.gbp(line.pooled_amount)}{backdated}"


def _stream_row(line: engine.StreamLine) -> StreamRow:
    rate, basis = line.rate, line.rate.basis
    explanation = _explanation(line)
    parts = tuple(
        f"{s.practice_name} ({s.practice_code}), part of the period: "
        f"{_components(rate, s.sizes or (s.list_size,))} for "
        f"{s.days} of {rate.period.days} days ({fmt.day(s.part.start)} – {fmt.day(s.part.end)}) "
        f"= {fmt.gbp(s.amount)}"
        for s in line.part_shares
    )
    if parts and rate.paid_to == "pcn":
        explanation += (
            f"; with part-period members {' + '.join(fmt.gbp(s.amount) for s in line.part_shares)}"
            f" = {fmt.gbp(line.amount)}"
        )
    bases = ", ".join(BASIS_LABELS[c.basis] for c in rate.components) or "Assessment"
    return StreamRow(
        rate.stream,
        line.label,
        PAID_TO_LABELS[rate.paid_to],
        _rate_text(rate),
        bases,
        fmt.period(rate.period),
        fmt.patients(line.full_period_list_size, basis) if basis else "",
        line.amount,
        explanation,
        parts,
        _source_text(line),
    )


def _membership_text(member: engine.Member, year: FinancialYear) -> str:
    part = rules.Period(year.start, year.end).overlap(member.start, member.end)
    if part is None:
        return "Not a member this year"
    if (part.start, part.end) == (year.start, year.end):
        return "Whole year"
    return f"{fmt.day(part.start)} – {fmt.day(part.end)} ({part.days} days)"


def _members(ent: engine.PcnEntitlement, year: FinancialYear) -> list[MemberRow]:
    participation = defaultdict(lambda: ZERO)
    for line in ent.lines:
        if line.rate.paid_to == "practice":
            for share in line.shares:
                participation[share.practice_code] += share.amount
    return [
        MemberRow(
            m.practice_code,
            m.practice_name,
            _membership_text(m, year),
            m.registered if m.has_list else None,
            m.weighted if m.has_weighted else None,
            participation[m.practice_code],
            not m.has_weighted,
        )
        for m in ent.members
    ]


def schedule_table(
    rows: list[engine.Instalment], streams: list[engine.StreamInfo]
) -> ScheduleTable:
    """Sum instalments into a month × stream table with row and column totals; the columns are
    the year's streams that are paid this year."""
    by_month: dict[date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    paid = set()
    for row in rows:
        by_month[row.month][row.stream] += row.amount
        paid.add(row.stream)
    columns = [s for s in streams if s.slug in paid]
    table_rows = []
    for month in sorted(by_month):
        amounts = tuple(by_month[month][s.slug] for s in columns)
        table_rows.append(ScheduleRow(month, amounts, sum(amounts, ZERO)))
    totals = tuple(sum((r.amounts[i] for r in table_rows), ZERO) for i in range(len(columns)))
    return ScheduleTable(
        tuple(s.name for s in columns),
        tuple(table_rows),
        totals,
        sum(totals, ZERO),
    )


def _arrs(ent: engine.PcnEntitlement, use: ArrsUse) -> ArrsSummary | None:
    if ent.arrs is None:
        return None
    method = dict(ArrsSumRule.Method.choices)[ent.arrs.method]
    gp = ent.arrs.gp_amount
    return ArrsSummary(
        method,
        ent.arrs.amount,
        ent.arrs.explanation,
        ent.arrs.weighted_population,
        ent.arrs.wte_allowance,
        use.approved,
        use.pending,
        ent.arrs.amount - use.approved - use.pending,
        gp,
        ent.arrs.gp_explanation,
        use.gp_approved,
        use.gp_pending,
        None if gp is None else gp - use.gp_approved - use.gp_pending,
        ent.arrs.redistribution_allowed,
        f"{ent.arrs.status}: {ent.arrs.source}" if ent.arrs.source else "",
    )


@one_snapshot()
def pcn_statement(
    pcn: PCN,
    year: FinancialYear,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
) -> Statement:
    """The statement of ``pcn`` (already loaded through a scoped selector) for ``year``, on the
    national rates as known today unless told otherwise."""
    inputs = engine.load_year(year, [pcn], schedule, as_known_on)
    ent = engine.compute(inputs, pcn)
    use = use_by_pcn([pcn.pk], year).get(pcn.pk, ArrsUse())
    directors = [
        cd.name
        for cd in ClinicalDirector.objects.filter(pcn=pcn)
        .overlapping(year.start, year.end)
        .order_by("start", "name")
    ]
    members = _members(ent, year)
    payee = pcn.nominated_payee
    return Statement(
        pcn=pcn,
        commissioner=pcn.commissioner,
        year=year,
        years=list(FinancialYear.objects.all()),
        generated_on=timezone.localdate(),
        clinical_directors=directors,
        payee=f"{payee.name} ({payee.code})" if payee else "None recorded",
        census_day=ent.census_day,
        registered=ent.registered,
        weighted=ent.weighted,
        streams=[_stream_row(line) for line in ent.lines],
        stream_totals=[
            (
                s.slug,
                s.name,
                ent.stream_totals.get(s.slug),
                "Not recorded" if s in ent.not_recorded else "Not set",
            )
            for s in inputs.streams
        ],
        streams_total=ent.streams_total,
        arrs=_arrs(ent, use),
        total=ent.total,
        members=members,
        members_registered=sum(m.registered or 0 for m in members),
        members_weighted=sum((m.weighted or Decimal(0) for m in members), Decimal(0)),
        members_participation=sum((m.participation for m in members), ZERO),
        schedule=schedule_table(engine.instalments(ent), inputs.streams),
        flags=ent.flags,
        rates_used=_rates_used(inputs),
        missing=[s.name for s in ent.missing],
        not_recorded=[s.name for s in ent.not_recorded],
        adjusted=ent.adjusted,
        rates_set=bool(inputs.rates),
    )


@dataclass(frozen=True)
class SummaryRow:
    """One PCN's line of a commissioner's funding summary (and of the ``entitlements`` output):
    ``amounts`` follow the summary's stream columns; None is a stream not set (or not recorded),
    and ``total`` is None while anything it needs is missing."""

    pcn_code: str
    pcn_name: str
    registered: int
    weighted: Decimal
    amounts: tuple[Decimal | None, ...]
    arrs_sum: Decimal | None
    gp_sum: Decimal | None
    total: Decimal | None
    flags: tuple[Flag, ...] = ()
    missing: tuple[str, ...] = ()

    @classmethod
    def of(cls, ent: engine.PcnEntitlement, streams: list[engine.StreamInfo]) -> "SummaryRow":
        return cls(
            ent.pcn.code,
            ent.pcn.name,
            ent.registered,
            ent.weighted,
            tuple(ent.stream_totals.get(s.slug) for s in streams),
            ent.arrs.amount if ent.arrs else None,
            ent.gp_sum,
            ent.total,
            tuple(ent.flags),
            tuple(s.name for s in ent.missing),
        )

    def value(self, name: str, columns: list[str]):
        """A cell by column name (a stream slug, ``arrs_sum``, ``gp_sum`` or ``total``)."""
        if name in columns:
            return self.amounts[columns.index(name)]
        return getattr(self, name)

    def as_export(self, has_gp: bool = False) -> list:
        """pcn_code, pcn_name, registered_patients, weighted_patients, the year's streams,
        arrs_sum, [gp_sum,] total: plain numbers, empty where not set."""
        gp = [self.gp_sum] if has_gp else []
        return [
            self.pcn_code,
            self.pcn_name,
            self.registered,
            self.weighted,
            *self.amounts,
            self.arrs_sum,
            *gp,
            self.total,
        ]


def export_header(streams: list[engine.StreamInfo], has_gp: bool = False) -> list[str]:
    return [
        "pcn_code",
        "pcn_name",
        "registered_patients",
        "weighted_patients",
        *(s.slug for s in streams),
        "arrs_sum",
        *(["gp_sum"] if has_gp else []),
        "total",
        "rates",
    ]


@dataclass
class Summary:
    """A commissioner's funding for a year: one row per PCN and the totals."""

    commissioner: Commissioner
    year: FinancialYear
    years: list[FinancialYear]
    generated_on: date
    rows: list[SummaryRow]
    totals: dict[str, Decimal | int | None]
    has_rates: bool
    has_arrs_rule: bool
    streams: list[engine.StreamInfo] = field(default_factory=list)
    rates_used: RatesUsed | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def flagged_rows(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.flags]

    @property
    def has_gp(self) -> bool:
        return any(r.gp_sum is not None for r in self.rows)

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(name, label) of the money columns: the year's streams, the ARRS sums and the total."""
        gp = [("gp_sum", "GP ARRS sum")] if self.has_gp else []
        return [
            *((s.slug, s.name) for s in self.streams),
            ("arrs_sum", "ARRS sum"),
            *gp,
            ("total", "Total"),
        ]

    @property
    def header(self) -> list[str]:
        return export_header(self.streams, self.has_gp)

    @property
    def grid(self) -> list[tuple[SummaryRow, list]]:
        """Each row with its money cells in column order (for the PDF)."""
        names = [s.slug for s in self.streams]
        return [(r, [r.value(n, names) for n, _ in self.columns]) for r in self.rows]

    @property
    def total_cells(self) -> list:
        return [self.totals.get(n) for n, _ in self.columns]

    def export_rows(self) -> list[list]:
        """The rows with the schedule they were worked out on, so a CSV names its rates."""
        return [[*r.as_export(self.has_gp), str(self.rates_used)] for r in self.rows]


def _sum(values) -> Decimal | None:
    values = list(values)
    if any(v is None for v in values):
        return None
    return sum(values, ZERO)


def _totals(rows: list[SummaryRow], streams: list[engine.StreamInfo]) -> dict:
    slugs = [s.slug for s in streams]
    totals: dict = {
        "registered": sum(r.registered for r in rows),
        "weighted": sum((r.weighted for r in rows), Decimal(0)),
    }
    for i, slug in enumerate(slugs):
        totals[slug] = _sum(r.amounts[i] for r in rows)
    totals["arrs_sum"] = _sum(r.arrs_sum for r in rows)
    totals["gp_sum"] = _sum(r.gp_sum for r in rows) if any(r.gp_sum for r in rows) else None
    totals["total"] = _sum(r.total for r in rows)
    return totals


def commissioner_pcns(commissioner: Commissioner, user=None):
    """The commissioner's PCNs (those in ``user``'s scope when given), with what statements and
    payments show of them, in one query."""
    qs = PCN.objects.filter(commissioner=commissioner)
    if user is not None:
        qs = PCN.objects.visible_to(user).filter(commissioner=commissioner)
    return qs.select_related("commissioner", "nominated_payee").order_by("name")


@one_snapshot()
def commissioner_summary(
    commissioner: Commissioner,
    year: FinancialYear,
    user=None,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
) -> Summary:
    """Every PCN's entitlement for the year in a fixed number of queries, whatever their number."""
    inputs = engine.load_year(year, commissioner_pcns(commissioner, user), schedule, as_known_on)
    return _summary(inputs, commissioner)


def _summary(inputs: engine.YearInputs, commissioner=None) -> Summary:
    ents = [engine.compute(inputs, pcn) for pcn in inputs.pcns]
    rows = [SummaryRow.of(e, inputs.streams) for e in ents]
    with_rate = {rate.stream for rate, _ in inputs.rates}
    missing = [s.name for s in inputs.streams if not s.recorded and s.slug not in with_rate]
    if inputs.arrs_terms is None:
        missing.append("ARRS sum rule")
    return Summary(
        commissioner=commissioner,
        year=inputs.year,
        years=list(FinancialYear.objects.all()),
        generated_on=timezone.localdate(),
        rows=rows,
        totals=_totals(rows, inputs.streams),
        has_rates=bool(inputs.rates),
        has_arrs_rule=inputs.arrs_terms is not None,
        streams=inputs.streams,
        rates_used=_rates_used(inputs),
        missing=missing,
    )


def entitlement_summary(
    year: FinancialYear, pcns, schedule: RateSchedule | None = None, as_known_on=None
) -> Summary:
    """The rows of the ``entitlements`` command: every PCN given, from one load of the data."""
    return _summary(engine.load_year(year, pcns, schedule, as_known_on))


@dataclass
class PaymentSchedule:
    """One row per payee, stream and month for a commissioner's PCNs, with the totals per stream.
    Shared by the payments page, its CSV and the ``payment_schedule`` command."""

    commissioner: Commissioner
    year: FinancialYear
    rows: list[engine.Instalment]
    stream_totals: list[tuple[str, Decimal]]
    total: Decimal
    entitlement_total: Decimal
    flags: list[tuple[str, Flag]]
    years: list[FinancialYear] = field(default_factory=list)
    rates_used: RatesUsed | None = None
    missing: list[str] = field(default_factory=list)


PAYMENT_HEADER = [
    "pcn_code",
    "pcn_name",
    "payee_code",
    "payee_name",
    "stream",
    "month",
    "amount",
    "rates",
]


def payment_row_export(row: engine.Instalment, rates_used: RatesUsed) -> list:
    return [
        row.pcn_code,
        row.pcn_name,
        row.payee_code,
        row.payee_name,
        row.stream,
        row.month.strftime("%Y-%m"),
        row.amount,
        str(rates_used),
    ]


@one_snapshot()
def payment_schedule(
    commissioner: Commissioner,
    year: FinancialYear,
    user=None,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
) -> PaymentSchedule:
    """The commissioner's payment schedule for the year (a fixed number of queries)."""
    inputs = engine.load_year(year, commissioner_pcns(commissioner, user), schedule, as_known_on)
    ents = [engine.compute(inputs, pcn) for pcn in inputs.pcns]
    rows = [row for ent in ents for row in engine.instalments(ent)]
    order = {s.slug: i for i, s in enumerate(inputs.streams)}
    rows.sort(key=lambda r: (r.pcn_name, order.get(r.stream, 99), r.payee_name, r.month))
    by_stream = defaultdict(lambda: ZERO)
    for row in rows:
        by_stream[row.stream] += row.amount
    payee_flags = [(e.pcn.name, f) for e in ents for f in e.flags if f.code == "no_payee"]
    missing = sorted({s.name for e in ents for s in e.missing})
    return PaymentSchedule(
        commissioner,
        year,
        rows,
        [(s.name, by_stream[s.slug]) for s in inputs.streams if s.slug in by_stream],
        sum(by_stream.values(), ZERO),
        sum((e.streams_total for e in ents), ZERO),
        payee_flags,
        list(FinancialYear.objects.all()),
        _rates_used(inputs),
        missing,
    )

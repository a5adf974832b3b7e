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
from funding.models import ArrsSumRule, Basis, FinancialYear, PaidTo
from funding.snapshot import one_snapshot
from networks.models import PCN, ClinicalDirector, Commissioner
from networks.rules import Flag
from workforce.selectors import ArrsUse, arrs_use_by_pcn

ZERO = engine.ZERO
STREAM_COLUMNS = [(s, engine.STREAM_LABELS[s]) for s in rules.STREAMS]
BASIS_LABELS = dict(Basis.choices)
PAID_TO_LABELS = dict(PaidTo.choices)


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
    amount: Decimal
    explanation: str
    part_explanations: tuple[str, ...]


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
    stream_totals: list[tuple[str, str, Decimal]]
    streams_total: Decimal
    arrs: ArrsSummary | None
    total: Decimal
    members: list[MemberRow]
    members_registered: int
    members_weighted: Decimal
    members_participation: Decimal
    schedule: ScheduleTable
    flags: list[Flag] = field(default_factory=list)

    @property
    def has_rates(self) -> bool:
        return bool(self.streams)

    @property
    def has_members(self) -> bool:
        return bool(self.members)


def _stream_row(line: engine.StreamLine) -> StreamRow:
    rate, basis = line.rate, line.rate.basis
    when = fmt.period(rate.period)
    backdated = (
        f"; practices that are members on {fmt.day(rate.backdated_members_on)} are paid from "
        f"{fmt.day(rate.period.start)} (backdated)"
        if rate.backdated_members_on
        else ""
    )
    if rate.paid_to == "practice":
        explanation = (
            f"{fmt.rate(rate.amount_per_patient)} × each member practice's weighted list "
            f"({when}), paid to the practice: {len(line.shares)} practice"
            f"{'s' if len(line.shares) != 1 else ''} = {fmt.gbp(line.amount)}{backdated}"
        )
    else:
        explanation = (
            f"{fmt.rate(rate.amount_per_patient)} × "
            f"{fmt.patients(line.full_period_list_size, basis)} ({when}) = "
            f"{fmt.gbp(line.pooled_amount)}{backdated}"
        )
    parts = tuple(
        f"{s.practice_name} ({s.practice_code}), part of the period: "
        f"{fmt.rate(rate.amount_per_patient)} × {fmt.patients(s.list_size, basis)} for "
        f"{s.days} of {rate.period.days} days ({fmt.day(s.part.start)} – {fmt.day(s.part.end)}) "
        f"= {fmt.gbp(s.amount)}"
        for s in line.part_shares
    )
    if parts and rate.paid_to == "pcn":
        explanation += (
            f"; with part-period members {' + '.join(fmt.gbp(s.amount) for s in line.part_shares)}"
            f" = {fmt.gbp(line.amount)}"
        )
    return StreamRow(
        rate.stream,
        line.label,
        PAID_TO_LABELS[rate.paid_to],
        fmt.rate(rate.amount_per_patient),
        BASIS_LABELS[basis],
        when,
        fmt.patients(line.full_period_list_size, basis),
        line.amount,
        explanation,
        parts,
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


def schedule_table(rows: list[engine.Instalment]) -> ScheduleTable:
    """Sum instalments into a month × stream table with row and column totals."""
    by_month: dict[date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in rows:
        by_month[row.month][row.stream] += row.amount
    table_rows = []
    for month in sorted(by_month):
        amounts = tuple(by_month[month][s] for s in rules.STREAMS)
        table_rows.append(ScheduleRow(month, amounts, sum(amounts, ZERO)))
    totals = tuple(sum((r.amounts[i] for r in table_rows), ZERO) for i in range(len(rules.STREAMS)))
    return ScheduleTable(
        tuple(label for _, label in STREAM_COLUMNS),
        tuple(table_rows),
        totals,
        sum(totals, ZERO),
    )


def _arrs(ent: engine.PcnEntitlement, use: ArrsUse) -> ArrsSummary | None:
    if ent.arrs is None:
        return None
    method = dict(ArrsSumRule.Method.choices)[ent.arrs.method]
    return ArrsSummary(
        method,
        ent.arrs.amount,
        ent.arrs.explanation,
        ent.arrs.weighted_population,
        ent.arrs.wte_allowance,
        use.approved,
        use.pending,
        ent.arrs.amount - use.approved - use.pending,
    )


@one_snapshot()
def pcn_statement(pcn: PCN, year: FinancialYear) -> Statement:
    """The statement of ``pcn`` (already loaded through a scoped selector) for ``year``."""
    ent = engine.entitlements(year, [pcn])[0]
    use = arrs_use_by_pcn([pcn.pk], year).get(pcn.pk, ArrsUse())
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
        stream_totals=[(s, label, ent.stream_totals[s]) for s, label in STREAM_COLUMNS],
        streams_total=ent.streams_total,
        arrs=_arrs(ent, use),
        total=ent.total,
        members=members,
        members_registered=sum(m.registered or 0 for m in members),
        members_weighted=sum((m.weighted or Decimal(0) for m in members), Decimal(0)),
        members_participation=sum((m.participation for m in members), ZERO),
        schedule=schedule_table(engine.instalments(ent)),
        flags=ent.flags,
    )


@dataclass(frozen=True)
class SummaryRow:
    """One PCN's line of a commissioner's funding summary (and of the ``entitlements`` output)."""

    pcn_code: str
    pcn_name: str
    registered: int
    weighted: Decimal
    clinical_director: Decimal
    core: Decimal
    extended_hours: Decimal
    participation: Decimal
    arrs_sum: Decimal
    total: Decimal
    flags: tuple[Flag, ...] = ()

    FIELDS = (
        "registered",
        "weighted",
        "clinical_director",
        "core",
        "extended_hours",
        "participation",
        "arrs_sum",
        "total",
    )

    @classmethod
    def of(cls, ent: engine.PcnEntitlement) -> "SummaryRow":
        t = ent.stream_totals
        return cls(
            ent.pcn.code,
            ent.pcn.name,
            ent.registered,
            ent.weighted,
            t["clinical_director"],
            t["core"],
            t["extended_hours"],
            t["participation"],
            ent.arrs_sum,
            ent.total,
            tuple(ent.flags),
        )

    def as_export(self) -> list:
        """pcn_code, pcn_name, registered_patients, weighted_patients, the four streams, arrs_sum,
        total: plain numbers."""
        return [self.pcn_code, self.pcn_name, *(getattr(self, f) for f in self.FIELDS)]


EXPORT_HEADER = [
    "pcn_code",
    "pcn_name",
    "registered_patients",
    "weighted_patients",
    "clinical_director",
    "core",
    "extended_hours",
    "participation",
    "arrs_sum",
    "total",
]


@dataclass
class Summary:
    """A commissioner's funding for a year: one row per PCN and the totals."""

    commissioner: Commissioner
    year: FinancialYear
    years: list[FinancialYear]
    generated_on: date
    rows: list[SummaryRow]
    totals: dict[str, Decimal | int]
    has_rates: bool
    has_arrs_rule: bool

    @property
    def flagged_rows(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.flags]


def _totals(rows: list[SummaryRow]) -> dict[str, Decimal | int]:
    totals: dict[str, Decimal | int] = {"registered": sum(r.registered for r in rows)}
    for name in SummaryRow.FIELDS[1:]:
        totals[name] = sum((getattr(r, name) for r in rows), ZERO)
    return totals


def commissioner_pcns(commissioner: Commissioner, user=None):
    """The commissioner's PCNs (those in ``user``'s scope when given), with what statements and
    payments show of them, in one query."""
    qs = PCN.objects.filter(commissioner=commissioner)
    if user is not None:
        qs = PCN.objects.visible_to(user).filter(commissioner=commissioner)
    return qs.select_related("commissioner", "nominated_payee").order_by("name")


@one_snapshot()
def commissioner_summary(commissioner: Commissioner, year: FinancialYear, user=None) -> Summary:
    """Every PCN's entitlement for the year in a fixed number of queries, whatever their number."""
    inputs = engine.load_year(year, commissioner_pcns(commissioner, user))
    rows = [SummaryRow.of(engine.compute(inputs, pcn)) for pcn in inputs.pcns]
    return Summary(
        commissioner=commissioner,
        year=year,
        years=list(FinancialYear.objects.all()),
        generated_on=timezone.localdate(),
        rows=rows,
        totals=_totals(rows),
        has_rates=bool(inputs.rates),
        has_arrs_rule=inputs.arrs_terms is not None,
    )


def entitlement_rows(year: FinancialYear, pcns) -> list[SummaryRow]:
    """The rows of the ``entitlements`` command: every PCN given, from one load of the data."""
    return [SummaryRow.of(e) for e in engine.entitlements(year, pcns)]


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


PAYMENT_HEADER = [
    "pcn_code",
    "pcn_name",
    "payee_code",
    "payee_name",
    "stream",
    "month",
    "amount",
]


def payment_row_export(row: engine.Instalment) -> list:
    return [
        row.pcn_code,
        row.pcn_name,
        row.payee_code,
        row.payee_name,
        row.stream,
        row.month.strftime("%Y-%m"),
        row.amount,
    ]


@one_snapshot()
def payment_schedule(commissioner: Commissioner, year: FinancialYear, user=None) -> PaymentSchedule:
    """The commissioner's payment schedule for the year (a fixed number of queries)."""
    ents = engine.entitlements(year, commissioner_pcns(commissioner, user))
    rows = [row for ent in ents for row in engine.instalments(ent)]
    order = {s: i for i, s in enumerate(rules.STREAMS)}
    rows.sort(key=lambda r: (r.pcn_name, order[r.stream], r.payee_name, r.month))
    by_stream = defaultdict(lambda: ZERO)
    for row in rows:
        by_stream[row.stream] += row.amount
    payee_flags = [(e.pcn.name, f) for e in ents for f in e.flags if f.code == "no_payee"]
    return PaymentSchedule(
        commissioner,
        year,
        rows,
        [(label, by_stream[s]) for s, label in STREAM_COLUMNS],
        sum(by_stream.values(), ZERO),
        sum((e.streams_total for e in ents), ZERO),
        payee_flags,
        list(FinancialYear.objects.all()),
    )

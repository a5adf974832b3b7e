"""The Clinical Director's entitlement statement for one PCN and year."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from funding import engine, rules
from funding import formatting as fmt
from funding.arrs_use import ArrsUse, use_by_pcn
from funding.models import ArrsSumRule, FinancialYear, RateSchedule
from funding.snapshot import one_snapshot
from funding.statements.common import ZERO, RatesUsed, _rates_used, all_years
from funding.statements.explain import StreamRow, _stream_row
from networks.models import PCN, ClinicalDirector, Commissioner
from networks.rules import Flag


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

    @property
    def export_header(self) -> list[str]:
        return ["month", *self.columns, "total"]

    def export_rows(self) -> list[tuple]:
        """One row a month, then the totals: the CSV of the page's schedule."""
        rows = [(f"{row.month:%Y-%m}", *row.amounts, row.total) for row in self.rows]
        return [*rows, ("total", *self.totals, self.total)]


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
        ent.arrs.remaining(use.approved, use.pending),
        gp,
        ent.arrs.gp_explanation,
        use.gp_approved,
        use.gp_pending,
        ent.arrs.gp_remaining(use.gp_approved, use.gp_pending),
        ent.arrs.redistribution_allowed,
        f"{ent.arrs.status}: {ent.arrs.source}" if ent.arrs.source else "",
    )


@one_snapshot()
def pcn_statement(
    pcn: PCN,
    year: FinancialYear,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
    years: list[FinancialYear] | None = None,
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
        years=all_years(years),
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

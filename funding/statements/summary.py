"""A commissioner's funding summary for a year (and the rows of the ``entitlements`` command)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from funding import engine
from funding.models import FinancialYear, RateSchedule
from funding.snapshot import one_snapshot
from funding.statements.common import ZERO, RatesUsed, _rates_used, all_years, commissioner_pcns
from networks.models import Commissioner
from networks.rules import Flag


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


@one_snapshot()
def commissioner_summary(
    commissioner: Commissioner,
    year: FinancialYear,
    user=None,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
    years: list[FinancialYear] | None = None,
) -> Summary:
    """Every PCN's entitlement for the year in a fixed number of queries, whatever their number."""
    inputs = engine.load_year(year, commissioner_pcns(commissioner, user), schedule, as_known_on)
    return _summary(inputs, commissioner, years)


def _summary(inputs: engine.YearInputs, commissioner=None, years=None) -> Summary:
    ents = [engine.compute(inputs, pcn) for pcn in inputs.pcns]
    rows = [SummaryRow.of(e, inputs.streams) for e in ents]
    with_rate = {rate.stream for rate, _ in inputs.rates}
    missing = [s.name for s in inputs.streams if not s.recorded and s.slug not in with_rate]
    if inputs.arrs_terms is None:
        missing.append("ARRS sum rule")
    return Summary(
        commissioner=commissioner,
        year=inputs.year,
        years=all_years(years),
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

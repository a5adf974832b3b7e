"""A commissioner's payment schedule for a year: each payee, stream and month."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from funding import arrs_use, engine
from funding.models import FinancialYear, RateSchedule
from funding.snapshot import one_snapshot
from funding.statements.common import ZERO, RatesUsed, _rates_used, all_years, commissioner_pcns
from networks.models import Commissioner
from networks.rules import Flag


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
    # ARRS paid on claims by payment runs dated in the year: (PCN name, PCN code, month, amount).
    arrs_paid: list[tuple] = field(default_factory=list)

    @property
    def arrs_paid_total(self) -> Decimal:
        return sum((amount for *_, amount in self.arrs_paid), ZERO)


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
    years: list[FinancialYear] | None = None,
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
    pcns = {pcn.pk: pcn for pcn in inputs.pcns}
    paid = arrs_use.paid_by_pcn_month(list(pcns), year.start, year.end)
    return PaymentSchedule(
        commissioner,
        year,
        rows,
        [(s.name, by_stream[s.slug]) for s in inputs.streams if s.slug in by_stream],
        sum(by_stream.values(), ZERO),
        sum((e.streams_total for e in ents), ZERO),
        payee_flags,
        all_years(years),
        _rates_used(inputs),
        missing,
        sorted((pcns[p.pcn_id].name, pcns[p.pcn_id].code, p.month, p.amount) for p in paid),
    )


def filter_rows(rows, *, month: str = "", pcn: str = "", payee: str = "") -> list:
    """The schedule's rows for one month (``2024-05``), PCN and payee (ODS codes, any case);
    an empty filter keeps every row."""
    pcn, payee = pcn.strip().upper(), payee.strip().upper()
    return [
        row
        for row in rows
        if (not month or f"{row.month:%Y-%m}" == month)
        and (not pcn or row.pcn_code.upper() == pcn)
        and (not payee or row.payee_code.upper() == payee)
    ]

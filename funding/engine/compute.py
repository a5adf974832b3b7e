"""One PCN's entitlement from the loaded inputs, with ``funding.rules`` only (no queries)."""

from datetime import date
from decimal import Decimal

from funding import rules
from funding.engine.load import load_year
from funding.engine.values import ZERO, Member, PcnEntitlement, StreamLine, YearInputs
from funding.models import FinancialYear, RateSchedule
from networks.models import PCN
from networks.rules import Flag, data_quality_flags


def _flags(inputs: YearInputs, pcn: PCN, members: list[Member], bases: set[str]) -> list[Flag]:
    """The data-quality flags that matter for payments, from the one rule networks shows too."""
    label = "{0.practice_name} ({0.practice_code})".format
    return data_quality_flags(
        practices_without_list=[label(m) for m in members if not m.has_list],
        practices_without_weighted=[label(m) for m in members if m.has_list and not m.has_weighted],
        practices_without_adjusted=[
            label(m) for m in members if "adjusted" in bases and m.has_list and not m.has_adjusted
        ],
        has_nominated_payee=pcn.nominated_payee_id is not None,
        reference_date=inputs.year.reference_date,
    )


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
    registered, weighted, adjusted = rules.lists_on(member_lists, census)
    arrs = (
        rules.arrs_entitlement(inputs.arrs_terms, weighted)
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

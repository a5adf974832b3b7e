"""How each stream's amount was worked out, in words, for the statement's stream rows."""

from dataclasses import dataclass
from decimal import Decimal

from funding import engine, rules
from funding import formatting as fmt
from funding.statements.common import BASIS_LABELS, PAID_TO_LABELS


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

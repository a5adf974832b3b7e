"""A PCN's payment schedule: its entitlement as monthly instalments to each payee."""

from funding import rules
from funding.engine.values import Instalment, PcnEntitlement


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
                [(m, a) for m, a in rules.care_home_instalments(line.rate, entitlement.beds) if a],
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

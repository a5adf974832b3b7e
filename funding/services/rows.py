"""Writing the catalogue and the rate rows one at a time: years, schedules, streams, roles, payment
rates with their components, role rates and ARRS sum rules (a load or an admin edit)."""

from datetime import date
from decimal import Decimal

from funding.models import (
    ArrsRole,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    PaymentRate,
    PaymentRateComponent,
    PaymentStream,
    RateSchedule,
)
from funding.services.common import _money, _save, _upsert


def financial_year_upsert(
    *, label: str, start: date, end: date, reference_date: date, report=None
) -> FinancialYear:
    return _upsert(
        FinancialYear,
        {"label": label},
        {"start": start, "end": end, "reference_date": reference_date},
        report,
        "financial_years",
    )


def schedule_upsert(*, slug: str, name: str, kind: str, description: str = "", report=None):
    return _upsert(
        RateSchedule,
        {"slug": slug},
        {"name": name, "kind": kind, "description": description},
        report,
        "schedules",
    )


def stream_upsert(
    *,
    slug: str,
    name: str,
    paid_to: str,
    starts_on: date,
    ends_on: date | None = None,
    recorded: bool = False,
    position: int = 0,
    description: str = "",
    report=None,
) -> PaymentStream:
    values = {
        "name": name,
        "paid_to": paid_to,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "recorded": recorded,
        "position": position,
        "description": description,
    }
    return _upsert(PaymentStream, {"slug": slug}, values, report, "streams")


def arrs_role_upsert(*, slug: str, name: str, band: str = "", report=None) -> ArrsRole:
    return _upsert(ArrsRole, {"slug": slug}, {"name": name, "band": band}, report, "arrs_roles")


def payment_rate_upsert(
    *,
    schedule: RateSchedule,
    stream: PaymentStream,
    period_start: date,
    period_end: date,
    announced_on: date,
    components: list[tuple[str, Decimal]],
    backdated_members_on: date | None = None,
    status: str = "published",
    source: str = "",
    report=None,
) -> PaymentRate:
    key = {
        "schedule": schedule,
        "stream": stream,
        "period_start": period_start,
        "announced_on": announced_on,
    }
    values = {
        "period_end": period_end,
        "backdated_members_on": backdated_members_on,
        "status": status,
        "source": source,
    }
    rate = _upsert(PaymentRate, key, values, report, "payment_rates")
    wanted = {basis: Decimal(amount) for basis, amount in components}
    have = {c.basis: c for c in rate.components.all()}
    if {b: c.amount_per_unit for b, c in have.items()} != wanted:
        if rate.edited and report is not None:
            report.kept.append(f"payment rate {rate}: components kept as edited")
        else:
            rate.components.all().delete()
            for basis, amount in wanted.items():
                _save(PaymentRateComponent(rate=rate, basis=basis, amount_per_unit=amount))
    return rate


def arrs_role_rate_upsert(
    *,
    schedule: RateSchedule,
    role: ArrsRole,
    effective_from: date,
    announced_on: date,
    percent: Decimal,
    max_annual_per_wte: Decimal | None,
    effective_to: date | None = None,
    max_outer_london: Decimal | None = None,
    max_inner_london: Decimal | None = None,
    status: str = "published",
    source: str = "",
    report=None,
) -> ArrsRoleRate:
    key = {
        "schedule": schedule,
        "role": role,
        "effective_from": effective_from,
        "announced_on": announced_on,
    }
    values = {
        "effective_to": effective_to,
        "percent": Decimal(percent),
        "max_annual_per_wte": _money(max_annual_per_wte),
        "max_outer_london": _money(max_outer_london),
        "max_inner_london": _money(max_inner_london),
        "status": status,
        "source": source,
    }
    return _upsert(ArrsRoleRate, key, values, report, "arrs_role_rates")


def arrs_sum_rule_set(
    *,
    financial_year: FinancialYear,
    method: str,
    schedule: RateSchedule | None = None,
    announced_on: date | None = None,
    roles: list[ArrsRole] = (),
    per_head: Decimal | None = None,
    population_per_wte: int | None = None,
    minimum_wte: int | None = None,
    allowance_fraction: Decimal | None = None,
    redistribution_allowed: bool = True,
    gp_per_head: Decimal | None = None,
    gp_period_start: date | None = None,
    gp_period_end: date | None = None,
    gp_roles: list[ArrsRole] = (),
    status: str = "published",
    source: str = "",
    report=None,
) -> ArrsSumRule:
    schedule = schedule or RateSchedule.objects.get(slug="national")
    key = {
        "schedule": schedule,
        "financial_year": financial_year,
        "announced_on": announced_on or financial_year.start,
    }
    values = {
        "method": method,
        "per_head": _money(per_head),
        "population_per_wte": population_per_wte,
        "minimum_wte": minimum_wte,
        "allowance_fraction": _money(allowance_fraction),
        "redistribution_allowed": redistribution_allowed,
        "gp_per_head": _money(gp_per_head),
        "gp_period_start": gp_period_start,
        "gp_period_end": gp_period_end,
        "status": status,
        "source": source,
    }
    rule = _upsert(ArrsSumRule, key, values, report, "arrs_sum_rules")
    if {r.pk for r in rule.roles.all()} != {r.pk for r in roles}:
        rule.roles.set(roles)
    if {r.pk for r in rule.gp_roles.all()} != {r.pk for r in gp_roles}:
        rule.gp_roles.set(gp_roles)
    return rule

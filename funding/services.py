"""The only code that writes funding rows: financial years, rates, the ARRS sum rule and the role
catalogue. Loading ``fixtures/rates.json`` and admin edits come through here."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from funding.models import ArrsRole, ArrsRoleRate, ArrsSumRule, FinancialYear, PaymentRate

DEFAULT_RATES_FILE = Path(settings.BASE_DIR) / "fixtures" / "rates.json"


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _update(obj, values: dict) -> bool:
    """Set ``values`` on ``obj``; True when anything changed."""
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


def financial_year_upsert(
    *, label: str, start: date, end: date, reference_date: date
) -> FinancialYear:
    year = FinancialYear.objects.filter(label=label).first() or FinancialYear(label=label)
    if _update(year, {"start": start, "end": end, "reference_date": reference_date}) or not year.pk:
        _save(year)
    return year


def payment_rate_upsert(
    *,
    stream: str,
    period_start: date,
    period_end: date,
    amount_per_patient: Decimal,
    basis: str,
    paid_to: str,
    backdated_members_on: date | None = None,
    source: str = "",
) -> PaymentRate:
    rate = PaymentRate.objects.filter(stream=stream, period_start=period_start).first()
    rate = rate or PaymentRate(stream=stream, period_start=period_start)
    values = {
        "period_end": period_end,
        "amount_per_patient": Decimal(amount_per_patient),
        "basis": basis,
        "paid_to": paid_to,
        "backdated_members_on": backdated_members_on,
        "source": source,
    }
    if _update(rate, values) or not rate.pk:
        _save(rate)
    return rate


def arrs_role_upsert(*, slug: str, name: str, band: str = "") -> ArrsRole:
    role = ArrsRole.objects.filter(slug=slug).first() or ArrsRole(slug=slug)
    if _update(role, {"name": name, "band": band}) or not role.pk:
        _save(role)
    return role


def arrs_role_rate_upsert(
    *,
    role: ArrsRole,
    effective_from: date,
    effective_to: date | None,
    percent: Decimal,
    max_annual_per_wte: Decimal,
    source: str = "",
) -> ArrsRoleRate:
    rate = ArrsRoleRate.objects.filter(role=role, effective_from=effective_from).first()
    rate = rate or ArrsRoleRate(role=role, effective_from=effective_from)
    values = {
        "effective_to": effective_to,
        "percent": Decimal(percent),
        "max_annual_per_wte": Decimal(max_annual_per_wte),
        "source": source,
    }
    if _update(rate, values) or not rate.pk:
        _save(rate)
    return rate


def arrs_sum_rule_set(
    *,
    financial_year: FinancialYear,
    method: str,
    roles: list[ArrsRole] = (),
    per_head: Decimal | None = None,
    population_per_wte: int | None = None,
    minimum_wte: int | None = None,
    allowance_fraction: Decimal | None = None,
    source: str = "",
) -> ArrsSumRule:
    rule = ArrsSumRule.objects.filter(financial_year=financial_year).first()
    rule = rule or ArrsSumRule(financial_year=financial_year)
    values = {
        "method": method,
        "per_head": None if per_head is None else Decimal(per_head),
        "population_per_wte": population_per_wte,
        "minimum_wte": minimum_wte,
        "allowance_fraction": None if allowance_fraction is None else Decimal(allowance_fraction),
        "source": source,
    }
    if _update(rule, values) or not rule.pk:
        _save(rule)
    if {r.pk for r in rule.roles.all()} != {r.pk for r in roles}:
        rule.roles.set(roles)
    return rule


@transaction.atomic
def rate_data_save(obj):
    """Save a financial year, rate, role or ARRS rule edited in the admin, with the same checks as
    the upserts above. The rows of the same stream or role are locked first, so two edits cannot
    both pass the overlap check in ``clean``."""
    if isinstance(obj, PaymentRate):
        list(PaymentRate.objects.select_for_update().filter(stream=obj.stream))
    elif isinstance(obj, ArrsRoleRate) and obj.role_id:
        list(ArrsRoleRate.objects.select_for_update().filter(role_id=obj.role_id))
    return _save(obj)


def _date(value):
    return None if value in (None, "") else date.fromisoformat(value)


@transaction.atomic
def rates_load(path: Path | str) -> dict[str, int]:
    """Load a rates file (see fixtures/rates.json) in one transaction; re-loading changes nothing.

    Adding a financial year, a rate or a mid-year uplift is a change to that file (or an admin
    edit), never to code."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    counts = {
        "financial_years": 0,
        "payment_rates": 0,
        "arrs_roles": 0,
        "arrs_role_rates": 0,
        "arrs_sum_rules": 0,
    }
    years = {}
    for row in data.get("financial_years", []):
        year = financial_year_upsert(
            label=row["label"],
            start=_date(row["start"]),
            end=_date(row["end"]),
            reference_date=_date(row["reference_date"]),
        )
        years[year.label] = year
        counts["financial_years"] += 1
    for row in data.get("payment_rates", []):
        payment_rate_upsert(
            stream=row["stream"],
            period_start=_date(row["period_start"]),
            period_end=_date(row["period_end"]),
            amount_per_patient=Decimal(row["amount_per_patient"]),
            basis=row["basis"],
            paid_to=row["paid_to"],
            backdated_members_on=_date(row.get("backdated_members_on")),
            source=row.get("source", ""),
        )
        counts["payment_rates"] += 1
    roles = {}
    for row in data.get("arrs_roles", []):
        role = arrs_role_upsert(slug=row["slug"], name=row["name"], band=row.get("band", ""))
        roles[role.slug] = role
        counts["arrs_roles"] += 1
        for rate in row.get("rates", []):
            arrs_role_rate_upsert(
                role=role,
                effective_from=_date(rate["effective_from"]),
                effective_to=_date(rate.get("effective_to")),
                percent=Decimal(rate["percent"]),
                max_annual_per_wte=Decimal(rate["max_annual_per_wte"]),
                source=rate.get("source", ""),
            )
            counts["arrs_role_rates"] += 1
    for row in data.get("arrs_sum_rules", []):
        year = years.get(row["year"]) or FinancialYear.objects.get(label=row["year"])
        arrs_sum_rule_set(
            financial_year=year,
            method=row["method"],
            roles=[roles.get(s) or ArrsRole.objects.get(slug=s) for s in row.get("roles", [])],
            per_head=row.get("per_head"),
            population_per_wte=row.get("population_per_wte"),
            minimum_wte=row.get("minimum_wte"),
            allowance_fraction=row.get("allowance_fraction"),
            source=row.get("source", ""),
        )
        counts["arrs_sum_rules"] += 1
    return counts

"""Loading the shipped rates files (the catalogue, then each schedule) in one transaction."""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from funding.models import ArrsEligibility, ArrsRole, ArrsRoleCap, FinancialYear, PaymentStream
from funding.services.common import LoadReport, RatesError, _date, _money, _sourced, _upsert
from funding.services.rows import (
    arrs_role_rate_upsert,
    arrs_role_upsert,
    arrs_sum_rule_set,
    financial_year_upsert,
    payment_rate_upsert,
    schedule_upsert,
    stream_upsert,
)

RATES_DIR = Path(settings.BASE_DIR) / "fixtures" / "rates"
# The catalogue (years, streams, roles) first, then every schedule.
SHIPPED_FILES = ("catalogue.json", "national.json", "planning-2019.json")


def _role(roles: dict, slug: str) -> ArrsRole:
    role = roles.get(slug) or ArrsRole.objects.filter(slug=slug).first()
    if role is None:
        raise RatesError(f"Unknown ARRS role {slug!r}: add it to the catalogue first.")
    return role


def _load_catalogue(data: dict, report: LoadReport) -> tuple[dict, dict, dict]:
    years = {}
    for row in data.get("financial_years", []):
        year = financial_year_upsert(
            label=row["label"],
            start=_date(row["start"]),
            end=_date(row["end"]),
            reference_date=_date(row["reference_date"]),
            report=report,
        )
        years[year.label] = year
    streams = {}
    for position, row in enumerate(data.get("streams", []), start=1):
        streams[row["slug"]] = stream_upsert(
            slug=row["slug"],
            name=row["name"],
            paid_to=row.get("paid_to", "pcn"),
            starts_on=_date(row["starts_on"]),
            ends_on=_date(row.get("ends_on")),
            recorded=row.get("recorded", False),
            position=row.get("position", position),
            description=row.get("description", ""),
            report=report,
        )
    roles = {}
    for row in data.get("arrs_roles", []):
        roles[row["slug"]] = arrs_role_upsert(
            slug=row["slug"], name=row["name"], band=row.get("band", ""), report=report
        )
    return years, streams, roles


def _load_schedule(data: dict, years: dict, streams: dict, roles: dict, report: LoadReport):
    meta = data["schedule"]
    schedule = schedule_upsert(
        slug=meta["slug"],
        name=meta["name"],
        kind=meta.get("kind", "planning"),
        description=meta.get("description", ""),
        report=report,
    )
    for row in data.get("payment_rates", []):
        stream = (
            streams.get(row["stream"]) or PaymentStream.objects.filter(slug=row["stream"]).first()
        )
        if stream is None:
            raise RatesError(f"Unknown stream {row['stream']!r}: add it to the catalogue first.")
        payment_rate_upsert(
            schedule=schedule,
            stream=stream,
            period_start=_date(row["period_start"]),
            period_end=_date(row["period_end"]),
            announced_on=_date(row["announced_on"]),
            components=[(c["basis"], c["amount"]) for c in row["components"]],
            backdated_members_on=_date(row.get("backdated_members_on")),
            report=report,
            **_sourced(row),
        )
    for row in data.get("role_rates", []):
        arrs_role_rate_upsert(
            schedule=schedule,
            role=_role(roles, row["role"]),
            effective_from=_date(row["effective_from"]),
            effective_to=_date(row.get("effective_to")),
            announced_on=_date(row["announced_on"]),
            percent=Decimal(row["percent"]),
            max_annual_per_wte=row.get("max_annual_per_wte"),
            max_outer_london=row.get("max_outer_london"),
            max_inner_london=row.get("max_inner_london"),
            report=report,
            **_sourced(row),
        )
    for row in data.get("role_caps", []):
        _upsert(
            ArrsRoleCap,
            {
                "schedule": schedule,
                "role": _role(roles, row["role"]),
                "effective_from": _date(row["effective_from"]),
                "announced_on": _date(row["announced_on"]),
            },
            {
                "effective_to": _date(row.get("effective_to")),
                "max_wte": Decimal(row["max_wte"]),
                "max_wte_large": _money(row.get("max_wte_large")),
                "large_over": row.get("large_over", 100_000),
                "waivable": row.get("waivable", False),
                **_sourced(row),
            },
            report,
            "role_caps",
        )
    for row in data.get("role_conditions", []):
        _upsert(
            ArrsEligibility,
            {
                "schedule": schedule,
                "role": _role(roles, row["role"]),
                "code": row["code"],
                "effective_from": _date(row["effective_from"]),
                "announced_on": _date(row["announced_on"]),
            },
            {"effective_to": _date(row.get("effective_to")), "text": row["text"], **_sourced(row)},
            report,
            "role_conditions",
        )
    for row in data.get("arrs_sum_rules", []):
        year = years.get(row["year"]) or FinancialYear.objects.filter(label=row["year"]).first()
        if year is None:
            raise RatesError(f"Unknown financial year {row['year']!r}.")
        arrs_sum_rule_set(
            schedule=schedule,
            financial_year=year,
            announced_on=_date(row["announced_on"]),
            method=row["method"],
            roles=[_role(roles, s) for s in row.get("roles", [])],
            per_head=row.get("per_head"),
            population_per_wte=row.get("population_per_wte"),
            minimum_wte=row.get("minimum_wte"),
            allowance_fraction=row.get("allowance_fraction"),
            redistribution_allowed=row.get("redistribution_allowed", True),
            gp_per_head=row.get("gp_per_head"),
            gp_period_start=_date(row.get("gp_period_start")),
            gp_period_end=_date(row.get("gp_period_end")),
            gp_roles=[_role(roles, s) for s in row.get("gp_roles", [])],
            report=report,
            **_sourced(row),
        )
    return schedule


@transaction.atomic
def rates_load(*paths: Path | str) -> LoadReport:
    """Load rate files (default: every shipped file, the catalogue first) in one transaction;
    re-loading changes nothing, and a row an administrator edited is kept as edited with its
    differences reported. Adding a financial year, a rate or a mid-year uplift is a change to
    these files (or an edit in the browser), never to code."""
    paths = paths or tuple(RATES_DIR / name for name in SHIPPED_FILES)
    report = LoadReport()
    years, streams, roles = {}, {}, {}
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise RatesError(f"{path}: cannot read it as a rates file ({error}).") from error
        y, s, r = _load_catalogue(data, report)
        years.update(y)
        streams.update(s)
        roles.update(r)
        if "schedule" in data:
            _load_schedule(data, years, streams, roles, report)
    return report

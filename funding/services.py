"""The only code that writes funding rows: financial years, schedules, streams, rates, the ARRS
role catalogue, caps, conditions and sum rules. Loading the shipped rate files, copying a schedule
and admin edits come through here."""

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from funding.models import (
    ArrsCapWaiver,
    ArrsEligibility,
    ArrsRole,
    ArrsRoleCap,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    PaymentRate,
    PaymentRateComponent,
    PaymentStream,
    RateSchedule,
    RecordedPayment,
)

RATES_DIR = Path(settings.BASE_DIR) / "fixtures" / "rates"
# The catalogue (years, streams, roles) first, then every schedule.
SHIPPED_FILES = ("catalogue.json", "national.json", "planning-2019.json")


class RatesError(ValueError):
    """A rates file or a schedule change that cannot be applied; nothing was written."""


def _name(user) -> str:
    """The person as text, frozen on the row (empty for a command or a load)."""
    return (user.get_full_name() or user.get_username()) if user else ""


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _differences(obj, values: dict) -> dict:
    return {f: (getattr(obj, f), v) for f, v in values.items() if getattr(obj, f) != v}


@dataclass
class LoadReport:
    """What a load changed: rows written per kind, and the rows an administrator edited whose
    shipped values differ (kept as edited)."""

    counts: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def __getitem__(self, kind: str) -> int:
        return self.counts.get(kind, 0)


def _upsert(model, key: dict, values: dict, report: LoadReport | None, kind: str):
    """Create or update the row with ``key``; a row an administrator edited is never overwritten:
    its differences from the shipped values are reported instead."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = _save(model(**key, **values))
    else:
        diff = _differences(obj, values)
        if diff and getattr(obj, "edited", False) and report is not None:
            changes = "; ".join(f"{f}: {old} (shipped {new})" for f, (old, new) in diff.items())
            report.kept.append(f"{model._meta.verbose_name} {obj}: kept as edited — {changes}")
        elif diff:
            for f, (_, new) in diff.items():
                setattr(obj, f, new)
            _save(obj)
    if report is not None:
        report.count(kind)
    return obj


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


def _sourced(row: dict) -> dict:
    return {
        "status": row.get("status", "published"),
        "source": row.get("source", ""),
    }


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


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


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


def _date(value):
    return None if value in (None, "") else date.fromisoformat(value)


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


def _copy_row(row, **changes):
    row.pk = None
    row.id = None
    row._state.adding = True
    row._prefetched_objects_cache = {}  # the copy's relations start empty
    row.edited = False
    for name, value in changes.items():
        setattr(row, name, value)
    return _save(row)


@transaction.atomic
def schedule_copy(
    *, source: RateSchedule, commissioner, slug: str, name: str, by=None
) -> RateSchedule:
    """Copy every row of ``source`` into a new local planning schedule private to
    ``commissioner``; claims and statements keep using ``national``."""
    if RateSchedule.objects.filter(slug=slug).exists():
        raise RatesError(f"A schedule named {slug!r} already exists: choose another name.")
    copy = _save(
        RateSchedule(
            slug=slug,
            name=name,
            kind=RateSchedule.Kind.LOCAL,
            commissioner=commissioner,
            copied_from=source,
            description=f"Copied from {source.slug}.",
            created_by_name=_name(by),
        )
    )
    for rate in PaymentRate.objects.filter(schedule=source).prefetch_related("components"):
        components = list(rate.components.all())
        new = _copy_row(rate, schedule=copy)
        for c in components:
            _save(PaymentRateComponent(rate=new, basis=c.basis, amount_per_unit=c.amount_per_unit))
    for model in (ArrsRoleRate, ArrsRoleCap, ArrsEligibility):
        for row in model.objects.filter(schedule=source):
            _copy_row(row, schedule=copy)
    for rule in ArrsSumRule.objects.filter(schedule=source).prefetch_related("roles", "gp_roles"):
        roles, gp_roles = list(rule.roles.all()), list(rule.gp_roles.all())
        new = _copy_row(rule, schedule=copy)
        new.roles.set(roles)
        new.gp_roles.set(gp_roles)
    return copy


@transaction.atomic
def rate_data_save(obj):
    """Save a row edited by an administrator, with the same checks as the loaders. The rows of the
    same stream or role are locked first, so two edits cannot both pass the overlap check in
    ``clean``; the row is marked edited so a later ``load_rates`` never overwrites it."""
    if isinstance(obj, PaymentRate):
        list(
            PaymentRate.objects.select_for_update().filter(
                schedule_id=obj.schedule_id, stream_id=obj.stream_id
            )
        )
    elif isinstance(obj, ArrsRoleRate) and obj.role_id:
        list(ArrsRoleRate.objects.select_for_update().filter(role_id=obj.role_id))
    if hasattr(obj, "edited"):
        obj.edited = True
    return _save(obj)


@transaction.atomic
def recorded_payment_set(
    *,
    pcn,
    stream: PaymentStream,
    period_start: date,
    period_end: date,
    amount: Decimal,
    state: str = RecordedPayment.State.ASSESSED,
    note: str = "",
    by=None,
) -> RecordedPayment:
    """Record what the commissioner assessed or paid for a stream paid on assessment (CAIP, IIF):
    recorded, not scored."""
    if not stream.recorded:
        raise RatesError(f"{stream} is computed from its rate, not recorded.")
    return _upsert(
        RecordedPayment,
        {"pcn": pcn, "stream": stream, "period_start": period_start},
        {
            "period_end": period_end,
            "amount": Decimal(amount),
            "state": state,
            "note": note,
            "recorded_by_name": _name(by),
        },
        None,
        "recorded_payments",
    )


@transaction.atomic
def cap_waiver_record(*, pcn, role: ArrsRole, financial_year: FinancialYear, reason: str, by=None):
    """The commissioner's record that a PCN's WTE cap for a role does not apply that year."""
    if not reason.strip():
        raise RatesError("Give the reason the cap is waived (e.g. local supply is not an issue).")
    return _upsert(
        ArrsCapWaiver,
        {"pcn": pcn, "role": role, "financial_year": financial_year},
        {
            "reason": reason.strip(),
            "recorded_by_name": _name(by),
        },
        None,
        "cap_waivers",
    )


@transaction.atomic
def local_role_rate_update(
    *,
    rate: ArrsRoleRate,
    percent: Decimal,
    max_annual_per_wte: Decimal | None,
    max_outer_london: Decimal | None,
    max_inner_london: Decimal | None,
    source: str,
) -> ArrsRoleRate:
    """Change a role's terms in a local planning schedule (claims and statements never use one);
    the row keeps its history. The national and planning schedules are changed through the
    admin only."""
    rate = ArrsRoleRate.objects.select_for_update().select_related("schedule").get(pk=rate.pk)
    if rate.schedule.kind != RateSchedule.Kind.LOCAL:
        raise RatesError("Only a local planning schedule is edited here.")
    rate.percent = percent
    rate.max_annual_per_wte = max_annual_per_wte
    rate.max_outer_london = max_outer_london
    rate.max_inner_london = max_inner_london
    rate.source = source
    rate.edited = True
    return _save(rate)

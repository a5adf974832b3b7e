"""Reads of the ARRS catalogue as plain values for ``funding.rules`` and ``workforce.rules``: role
rates, caps and conditions, the year's sum rule, and each PCN's ARRS entitlement."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import CharField, F, OuterRef, Subquery, Value
from django.utils import timezone

from funding import rules
from funding.models import (
    NATIONAL,
    ArrsCapWaiver,
    ArrsEligibility,
    ArrsRole,
    ArrsRoleCap,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    RateSchedule,
)
from funding.rules import ArrsEntitlement, ArrsTerms, arrs_entitlement
from networks.models import ListSize, Membership
from pcnadmin.prefetch import give


def _today() -> date:
    return timezone.localdate()


def _role_rate(r: ArrsRoleRate) -> rules.RoleRate:
    return rules.RoleRate(
        r.percent,
        r.max_annual_per_wte,
        r.effective_from,
        r.effective_to,
        r.announced_on,
        r.max_outer_london,
        r.max_inner_london,
    )


def role_rates(
    role_ids=None, schedule: RateSchedule | None = None
) -> dict[int, list[rules.RoleRate]]:
    """Every role's rate rows in ``schedule`` (default national) as ``funding.rules.RoleRate``
    values, by role id (one query). Which row applies to a month, as known on a date, is
    ``rules.rate_in_force``."""
    qs = ArrsRoleRate.objects.order_by("role_id", "effective_from", "announced_on")
    qs = qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug=NATIONAL)
    if role_ids is not None:
        qs = qs.filter(role_id__in=role_ids)
    by_role: dict[int, list[rules.RoleRate]] = {}
    for r in qs:
        by_role.setdefault(r.role_id, []).append(_role_rate(r))
    return by_role


@dataclass(frozen=True)
class CapRow(rules.Effective):
    """A WTE cap row as plain values (see ``funding.models.ArrsRoleCap``)."""

    role_id: int
    effective_from: date
    effective_to: date | None
    announced_on: date
    max_wte: Decimal
    max_wte_large: Decimal | None
    large_over: int
    waivable: bool


@dataclass(frozen=True)
class ConditionRow(rules.Effective):
    role_id: int
    code: str
    text: str
    effective_from: date
    effective_to: date | None
    announced_on: date


CAP_COLUMNS = ("role_id", "effective_from", "effective_to", "announced_on", "max_wte",
               "max_wte_large", "large_over", "waivable")  # fmt: skip
CONDITION_COLUMNS = ("role_id", "code", "text", "effective_from", "effective_to", "announced_on")


def _in_schedule(qs, schedule: RateSchedule | None):
    return qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug=NATIONAL)


def _caps_by_role(rows) -> dict[int, list[CapRow]]:
    by_role: dict[int, list[CapRow]] = {}
    for row in sorted(rows, key=lambda r: (r.role_id, r.effective_from)):
        by_role.setdefault(row.role_id, []).append(row)
    return by_role


def _conditions_in_force(rows, month: date, as_known_on: date | None) -> dict[int, list[str]]:
    versions: dict[tuple[int, str], list[ConditionRow]] = {}
    for row in sorted(rows, key=lambda r: (r.role_id, r.code)):
        versions.setdefault((row.role_id, row.code), []).append(row)
    by_role: dict[int, list[str]] = {}
    for (role_id, _), rows_of_one in versions.items():
        row = rules.in_force(rows_of_one, month, as_known_on)
        if row is not None:
            by_role.setdefault(role_id, []).append(row.text)
    return by_role


def role_caps(schedule: RateSchedule | None = None) -> dict[int, list[CapRow]]:
    """WTE caps by role id in ``schedule`` (default national); one query."""
    rows = _in_schedule(ArrsRoleCap.objects.all(), schedule).values_list(*CAP_COLUMNS)
    return _caps_by_role(CapRow(*row) for row in rows)


def role_conditions(
    month: date, schedule: RateSchedule | None = None, as_known_on: date | None = None
) -> dict[int, list[str]]:
    """The eligibility conditions in force in ``month`` by role id (one query)."""
    qs = _in_schedule(ArrsEligibility.objects.filter(effective_from__lte=month), schedule)
    rows = (ConditionRow(*row) for row in qs.values_list(*CONDITION_COLUMNS))
    return _conditions_in_force(rows, month, as_known_on)


def role_limits(
    month: date, schedule: RateSchedule | None = None, as_known_on: date | None = None
) -> tuple[dict[int, list[str]], dict[int, list[CapRow]]]:
    """``role_conditions(month, …)`` and ``role_caps(…)`` together, in one query: the two
    tables' rows read as one list (a UNION ALL), each padded with empty columns for the other's
    fields."""
    columns = ("kind", *dict.fromkeys((*CAP_COLUMNS, *CONDITION_COLUMNS)))
    fields = {f.name: f for f in (*ArrsRoleCap._meta.fields, *ArrsEligibility._meta.fields)}

    def padded(qs, kind: str, own: tuple[str, ...]):
        values = {"kind": Value(kind, output_field=CharField())}
        for name in columns[1:]:
            field = fields[name.removesuffix("_id")]
            target = field.target_field if name.endswith("_id") else field
            values[name] = F(name) if name in own else Value(None, output_field=target)
        # No ORDER BY inside a UNION (SQLite refuses it); the rows are sorted once read.
        named = qs.order_by().annotate(**{f"x_{k}": v for k, v in values.items()})
        return named.values_list(*(f"x_{k}" for k in columns))

    caps = padded(_in_schedule(ArrsRoleCap.objects.all(), schedule), "cap", CAP_COLUMNS)
    conditions = padded(
        _in_schedule(ArrsEligibility.objects.filter(effective_from__lte=month), schedule),
        "condition",
        CONDITION_COLUMNS,
    )
    cap_rows, condition_rows = [], []
    for row in caps.union(conditions, all=True):
        named = dict(zip(columns, row, strict=True))
        if named["kind"] == "cap":
            cap_rows.append(CapRow(*(named[c] for c in CAP_COLUMNS)))
        else:
            condition_rows.append(ConditionRow(*(named[c] for c in CONDITION_COLUMNS)))
    return _conditions_in_force(condition_rows, month, as_known_on), _caps_by_role(cap_rows)


def cap_waivers(pcn_id: int, year: FinancialYear) -> set[int]:
    """Role ids whose cap the commissioner waived for the PCN in the year."""
    return set(
        ArrsCapWaiver.objects.filter(pcn_id=pcn_id, financial_year=year).values_list(
            "role_id", flat=True
        )
    )


def arrs_period_start(rule) -> date:
    """The first day the year's ARRS sum rule ``rule`` covers (``rules.arrs_period_start``)."""
    year = rule.financial_year
    allowance = rule.method == ArrsSumRule.Method.WTE_ALLOWANCE
    return rules.arrs_period_start(
        year.start, year.end, rule.allowance_fraction if allowance else None
    )


def arrs_weighted_population(pcn_ids, rule) -> dict[int, Decimal]:
    """Σ weighted lists at the year's reference date of the practices that are members of each PCN
    on the first day of its ARRS period (the sum is set then; §6). One query: each membership
    with its practice's weighted list beside it."""
    start = arrs_period_start(rule)
    weighted = ListSize.objects.filter(
        practice_id=OuterRef("practice_id"), reference_date=rule.financial_year.reference_date
    ).values("weighted")[:1]
    members = (
        Membership.objects.filter(pcn_id__in=pcn_ids)
        .on(start)
        .annotate(weighted=Subquery(weighted))
        .values_list("pcn_id", "weighted")
    )
    population = dict.fromkeys(pcn_ids, Decimal(0))
    for pcn_id, listed in members:
        population[pcn_id] += listed or Decimal(0)
    return population


def sum_rule(
    financial_year: FinancialYear, schedule: RateSchedule | None = None, as_known_on=None
) -> ArrsSumRule | None:
    """The year's ARRS sum rule in ``schedule`` (default national) as known on ``as_known_on``
    (default today): the latest announced by then, with its roles and GP roles (one query: the
    rule joined to both role lists; ``rule.roles.all()`` then reads no more)."""
    as_known_on = as_known_on or _today()
    qs = ArrsSumRule.objects.filter(financial_year=financial_year, announced_on__lte=as_known_on)
    qs = qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug=NATIONAL)
    latest = qs.order_by("-announced_on", "-pk").values("pk")[:1]
    rule_fields = [f.attname for f in ArrsSumRule._meta.concrete_fields]
    role_fields = [f.attname for f in ArrsRole._meta.concrete_fields]
    rows = list(
        ArrsSumRule.objects.filter(pk=Subquery(latest)).values(
            *rule_fields,
            *(f"{kind}__{f}" for kind in ("roles", "gp_roles") for f in role_fields),
        )
    )
    if not rows:
        return None
    rule = ArrsSumRule(**{f: rows[0][f] for f in rule_fields})
    rule.financial_year = financial_year
    for kind in ("roles", "gp_roles"):
        roles = {
            row[f"{kind}__id"]: ArrsRole(**{f: row[f"{kind}__{f}"] for f in role_fields})
            for row in rows
            if row[f"{kind}__id"] is not None
        }
        give(rule, kind, sorted(roles.values(), key=lambda role: role.name))
    return rule


def arrs_terms(
    financial_year: FinancialYear, schedule: RateSchedule | None = None, as_known_on=None
) -> ArrsTerms | None:
    """The year's ARRS rule with its roles (one query) and their maxima (one more when the rule
    has roles), or None when the year has none."""
    as_known_on = as_known_on or _today()
    rule = sum_rule(financial_year, schedule, as_known_on)
    if rule is None:
        return None
    roles = list(rule.roles.all())
    rates = role_rates([r.pk for r in roles], schedule) if roles else {}
    start = arrs_period_start(rule)
    maxima = []
    for role in roles:
        in_force = rules.rate_in_force(rates.get(role.pk, []), start, as_known_on)
        maxima.append(
            in_force.max_annual_per_wte
            if in_force and in_force.max_annual_per_wte is not None
            else Decimal(0)
        )
    gp_period = (rule.gp_period_start, rule.gp_period_end) if rule.gp_per_head is not None else None
    return ArrsTerms(
        financial_year.label,
        rule.method,
        start,
        rule.per_head,
        rule.population_per_wte,
        rule.minimum_wte,
        rule.allowance_fraction,
        tuple(r.slug for r in roles),
        tuple(r.name for r in roles),
        tuple(maxima),
        rule.gp_per_head,
        gp_period,
        tuple(r.slug for r in rule.gp_roles.all()),
        rule.redistribution_allowed,
        schedule.slug if schedule else NATIONAL,
        rule.source,
        rule.get_status_display(),
    )


def arrs_entitlements(
    pcn_ids,
    financial_year: FinancialYear,
    schedule: RateSchedule | None = None,
    as_known_on=None,
) -> dict[int, ArrsEntitlement]:
    """ARRS entitlement of each PCN for the year, from one load of the rule, the role maxima and
    the lists (a fixed number of queries whatever the number of PCNs)."""
    terms = arrs_terms(financial_year, schedule, as_known_on)
    if terms is None:
        return {}
    rule = ArrsSumRule(
        financial_year=financial_year,
        method=terms.method,
        allowance_fraction=terms.allowance_fraction,
    )
    population = arrs_weighted_population(pcn_ids, rule)
    return {pcn_id: arrs_entitlement(terms, population[pcn_id]) for pcn_id in pcn_ids}

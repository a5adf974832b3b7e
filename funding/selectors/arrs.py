"""Reads of the ARRS catalogue as plain values for ``funding.rules`` and ``workforce.rules``: role
rates, caps and conditions, the year's sum rule, and each PCN's ARRS entitlement."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
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


def role_caps(schedule: RateSchedule | None = None) -> dict[int, list[CapRow]]:
    """WTE caps by role id in ``schedule`` (default national); one query."""
    qs = ArrsRoleCap.objects.order_by("role_id", "effective_from")
    qs = qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug=NATIONAL)
    by_role: dict[int, list[CapRow]] = {}
    for c in qs:
        by_role.setdefault(c.role_id, []).append(
            CapRow(
                c.role_id,
                c.effective_from,
                c.effective_to,
                c.announced_on,
                c.max_wte,
                c.max_wte_large,
                c.large_over,
                c.waivable,
            )
        )
    return by_role


def role_conditions(
    month: date, schedule: RateSchedule | None = None, as_known_on: date | None = None
) -> dict[int, list[str]]:
    """The eligibility conditions in force in ``month`` by role id (one query)."""
    qs = ArrsEligibility.objects.filter(effective_from__lte=month).order_by("role_id", "code")
    qs = qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug=NATIONAL)
    rows: dict[tuple[int, str], list[ConditionRow]] = {}
    for c in qs:
        row = ConditionRow(
            c.role_id, c.code, c.text, c.effective_from, c.effective_to, c.announced_on
        )
        rows.setdefault((c.role_id, c.code), []).append(row)
    by_role: dict[int, list[str]] = {}
    for (role_id, _), versions in rows.items():
        row = rules.in_force(versions, month, as_known_on)
        if row is not None:
            by_role.setdefault(role_id, []).append(row.text)
    return by_role


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
    on the first day of its ARRS period (the sum is set then; §6). Two queries."""
    start = arrs_period_start(rule)
    members = (
        Membership.objects.filter(pcn_id__in=pcn_ids).on(start).values_list("pcn_id", "practice_id")
    )
    lists = dict(
        ListSize.objects.filter(
            practice_id__in=[p for _, p in members],
            reference_date=rule.financial_year.reference_date,
        ).values_list("practice_id", "weighted")
    )
    population = dict.fromkeys(pcn_ids, Decimal(0))
    for pcn_id, practice_id in members:
        population[pcn_id] += lists.get(practice_id) or Decimal(0)
    return population


def sum_rule(
    financial_year: FinancialYear, schedule: RateSchedule | None = None, as_known_on=None
) -> ArrsSumRule | None:
    """The year's ARRS sum rule in ``schedule`` (default national) as known on ``as_known_on``
    (default today): the latest announced by then (one query)."""
    rule = _latest_rule(financial_year, schedule, as_known_on, prefetch=True)
    if rule is not None:
        rule.financial_year = financial_year
    return rule


def _latest_rule(financial_year, schedule, as_known_on, prefetch=False) -> ArrsSumRule | None:
    qs = ArrsSumRule.objects.filter(
        financial_year=financial_year, announced_on__lte=as_known_on or _today()
    )
    if prefetch:
        qs = qs.prefetch_related("roles", "gp_roles")
    qs = qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug=NATIONAL)
    return qs.order_by("-announced_on").first()


def _rule_roles(rule: ArrsSumRule) -> tuple[list[ArrsRole], list[ArrsRole]]:
    """The rule's roles and its GP roles, each in the roles' order, in one query."""
    main = ArrsSumRule.roles.through.objects.filter(
        arrssumrule_id=rule.pk, arrsrole_id=OuterRef("pk")
    )
    gp = ArrsSumRule.gp_roles.through.objects.filter(
        arrssumrule_id=rule.pk, arrsrole_id=OuterRef("pk")
    )
    roles = list(
        ArrsRole.objects.annotate(main=Exists(main), gp=Exists(gp)).filter(
            Q(main=True) | Q(gp=True)
        )
    )
    return [r for r in roles if r.main], [r for r in roles if r.gp]


def arrs_terms(
    financial_year: FinancialYear, schedule: RateSchedule | None = None, as_known_on=None
) -> ArrsTerms | None:
    """The year's ARRS rule and role maxima (three queries), or None when the year has none."""
    as_known_on = as_known_on or _today()
    rule = _latest_rule(financial_year, schedule, as_known_on)
    if rule is None:
        return None
    rule.financial_year = financial_year
    roles, gp_roles = _rule_roles(rule)
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
        tuple(r.slug for r in gp_roles),
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

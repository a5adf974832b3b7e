"""Reads of funding data: plain values for the pure rules in ``funding.rules`` and
``workforce.rules``."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404

from funding import rules
from funding.models import ArrsRoleRate, ArrsSumRule, FinancialYear
from networks.models import ListSize, Membership


def financial_year_by_slug(slug: str) -> FinancialYear:
    """The year named in a URL or command (``2020-21`` or ``2020/21``), else 404."""
    year = FinancialYear.objects.filter(label=slug.replace("-", "/")).first()
    if year is None:
        raise Http404(f"No financial year {slug} is set up.")
    return year


def financial_year_containing(day: date) -> FinancialYear | None:
    return FinancialYear.objects.containing(day).first()


def role_rates(role_ids=None) -> dict[int, list[rules.RoleRate]]:
    """Every role's rate rows as ``funding.rules.RoleRate`` values, by role id (one query)."""
    qs = ArrsRoleRate.objects.order_by("role_id", "effective_from")
    if role_ids is not None:
        qs = qs.filter(role_id__in=role_ids)
    by_role: dict[int, list[rules.RoleRate]] = {}
    for r in qs:
        by_role.setdefault(r.role_id, []).append(
            rules.RoleRate(r.percent, r.max_annual_per_wte, r.effective_from, r.effective_to)
        )
    return by_role


@dataclass(frozen=True)
class ArrsEntitlement:
    """A PCN's ARRS entitlement for a year (DES rules §6).

    ``amount`` is the money ceiling; for a WTE-allowance year ``wte_allowance`` is n, the WTE of
    each of ``allowance_roles`` (slugs) the PCN may claim for."""

    financial_year: str
    method: str
    weighted_population: Decimal
    amount: Decimal
    wte_allowance: int | None
    allowance_roles: tuple[str, ...]
    explanation: str


def arrs_period_start(rule: ArrsSumRule) -> date:
    """The first day the year's ARRS sum covers: the year start, or for a WTE allowance of a part
    year (2019/20: fraction 0.75, July–March) that many months before the year end."""
    year = rule.financial_year
    if rule.method == ArrsSumRule.Method.WTE_ALLOWANCE and rule.allowance_fraction is not None:
        months = int(rule.allowance_fraction * 12)
        month_index = year.end.month - months + 1 + year.end.year * 12 - 1
        return date(month_index // 12, month_index % 12 + 1, 1)
    return year.start


def arrs_weighted_population(pcn_ids, rule: ArrsSumRule) -> dict[int, Decimal]:
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


def arrs_entitlements(pcn_ids, financial_year: FinancialYear) -> dict[int, ArrsEntitlement]:
    """ARRS entitlement of each PCN for the year, from one load of the rule, the role maxima and
    the lists (a fixed number of queries whatever the number of PCNs)."""
    rule = (
        ArrsSumRule.objects.filter(financial_year=financial_year).prefetch_related("roles").first()
    )
    if rule is None:
        return {}
    roles = list(rule.roles.all())
    rates = role_rates([r.pk for r in roles])
    population = arrs_weighted_population(pcn_ids, rule)
    start = arrs_period_start(rule)
    maxima = []
    for role in roles:
        in_force = rules.rate_in_force(rates.get(role.pk, []), start)
        maxima.append(in_force.max_annual_per_wte if in_force else Decimal(0))
    result = {}
    for pcn_id in pcn_ids:
        weighted = population[pcn_id]
        if rule.method == ArrsSumRule.Method.WTE_ALLOWANCE:
            n = rules.arrs_wte_allowance(weighted, rule.population_per_wte, rule.minimum_wte)
            amount = rules.arrs_allowance_ceiling(n, maxima, rule.allowance_fraction)
            explanation = (
                f"n = max({rule.minimum_wte}, floor({weighted:,} / {rule.population_per_wte:,})) = {n} WTE "
                f"of each of {', '.join(r.name.lower() for r in roles)}; ceiling "
                f"{rule.allowance_fraction} × {n} × ({' + '.join(f'{m:,}' for m in maxima)}) = £{amount:,}"
            )
            result[pcn_id] = ArrsEntitlement(
                financial_year.label,
                rule.method,
                weighted,
                amount,
                n,
                tuple(r.slug for r in roles),
                explanation,
            )
        else:
            floor = sum(maxima, Decimal(0))
            amount = rules.arrs_sum_per_head(weighted, rule.per_head, floor)
            explanation = f"{weighted:,} weighted patients × £{rule.per_head} = £{rules.to_penny(weighted * rule.per_head):,}"
            if roles:
                explanation += (
                    f"; floor {' + '.join(f'{m:,}' for m in maxima)} = £{rules.to_penny(floor):,}"
                )
            result[pcn_id] = ArrsEntitlement(
                financial_year.label, rule.method, weighted, amount, None, (), explanation
            )
    return result

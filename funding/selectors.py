"""Reads of funding data: plain values for the pure rules in ``funding.rules`` and
``workforce.rules``."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404

from funding import rules
from funding.models import ArrsRoleRate, ArrsSumRule, FinancialYear, PaymentRate
from networks.models import ListSize, Membership


def financial_year_for_label(text: str) -> FinancialYear | None:
    """The year labelled ``2020/21`` (or written ``2020-21``, as in URLs), or None."""
    return FinancialYear.objects.filter(label=text.strip().replace("-", "/")).first()


def financial_year_by_slug(slug: str) -> FinancialYear:
    """The year named in a URL or command (``2020-21`` or ``2020/21``), else 404."""
    year = financial_year_for_label(slug)
    if year is None:
        raise Http404(f"No financial year {slug} is set up.")
    return year


def _amount(value: Decimal) -> str:
    """37,810 for whole pounds, 37,810.50 otherwise (for explanations)."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


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


@dataclass(frozen=True)
class ArrsTerms:
    """A year's ARRS sum rule as plain values, with the role maxima in force when the sum is set
    (DES rules §6). Loaded once; ``arrs_entitlement`` applies it to any weighted population."""

    financial_year: str
    method: str
    period_start: date
    per_head: Decimal | None
    population_per_wte: int | None
    minimum_wte: int | None
    allowance_fraction: Decimal | None
    role_slugs: tuple[str, ...]
    role_names: tuple[str, ...]
    maxima: tuple[Decimal, ...]


def arrs_terms(financial_year: FinancialYear) -> ArrsTerms | None:
    """The year's ARRS rule and role maxima (three queries), or None when the year has none."""
    rule = (
        ArrsSumRule.objects.filter(financial_year=financial_year).prefetch_related("roles").first()
    )
    if rule is None:
        return None
    rule.financial_year = financial_year
    roles = list(rule.roles.all())
    rates = role_rates([r.pk for r in roles])
    start = arrs_period_start(rule)
    maxima = []
    for role in roles:
        in_force = rules.rate_in_force(rates.get(role.pk, []), start)
        maxima.append(in_force.max_annual_per_wte if in_force else Decimal(0))
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
    )


def arrs_entitlement(terms: ArrsTerms, weighted: Decimal) -> ArrsEntitlement:
    """A PCN's ARRS entitlement from the year's terms and its weighted population: the one place
    the rule is applied (statements, the ``arrs_sum`` command and ``arrs_entitlements``)."""
    maxima = list(terms.maxima)
    if terms.method == ArrsSumRule.Method.WTE_ALLOWANCE:
        n = rules.arrs_wte_allowance(weighted, terms.population_per_wte, terms.minimum_wte)
        amount = rules.arrs_allowance_ceiling(n, maxima, terms.allowance_fraction)
        explanation = (
            f"n = max({terms.minimum_wte}, floor({weighted:,} / {terms.population_per_wte:,})) = {n} WTE "
            f"of each of {', '.join(name.lower() for name in terms.role_names)}; ceiling "
            f"{terms.allowance_fraction.normalize():f} × {n} × ({' + '.join(_amount(m) for m in maxima)}) = £{amount:,}"
        )
        return ArrsEntitlement(
            terms.financial_year,
            terms.method,
            weighted,
            amount,
            n,
            terms.role_slugs,
            explanation,
        )
    floor = sum(maxima, Decimal(0))
    amount = rules.arrs_sum_per_head(weighted, terms.per_head, floor)
    explanation = f"{weighted:,} weighted patients × £{terms.per_head.normalize():f} = £{rules.to_penny(weighted * terms.per_head):,}"
    if maxima:
        explanation += (
            f"; floor {' + '.join(f'{m:,}' for m in maxima)} = £{rules.to_penny(floor):,}"
        )
    return ArrsEntitlement(
        terms.financial_year, terms.method, weighted, amount, None, (), explanation
    )


def arrs_entitlements(pcn_ids, financial_year: FinancialYear) -> dict[int, ArrsEntitlement]:
    """ARRS entitlement of each PCN for the year, from one load of the rule, the role maxima and
    the lists (a fixed number of queries whatever the number of PCNs)."""
    terms = arrs_terms(financial_year)
    if terms is None:
        return {}
    rule = ArrsSumRule(
        financial_year=financial_year,
        method=terms.method,
        allowance_fraction=terms.allowance_fraction,
    )
    population = arrs_weighted_population(pcn_ids, rule)
    return {pcn_id: arrs_entitlement(terms, population[pcn_id]) for pcn_id in pcn_ids}


def get_funding_commissioner_for(user, code: str):
    """A commissioner whose funding pages ``user`` may see, else 404: administrators, and
    contract managers and finance of that commissioner. A Clinical Director or PCN manager sees
    only their own PCN's statement, not the other PCNs' figures."""
    from networks.scopes import scope_for
    from networks.selectors import get_commissioner_for

    commissioner = get_commissioner_for(user, code)
    scope = scope_for(user)
    if not (scope.sees_everything or scope.sees_commissioner(commissioner.pk)):
        raise Http404("No commissioner with that code is in your scope.")
    return commissioner


@dataclass(frozen=True)
class FundingIndex:
    years: list[FinancialYear]
    latest: FinancialYear | None
    commissioners: list
    pcns: list


def funding_index(user, today: date) -> FundingIndex:
    """What the funding index lists for ``user``: the years set up (latest first), and the
    commissioners or the PCN in scope."""
    from networks.models import PCN, Commissioner
    from networks.scopes import scope_for

    scope = scope_for(user)
    years = list(FinancialYear.objects.order_by("-start"))
    latest = next((y for y in years if y.start <= today), years[-1] if years else None)
    commissioners = []
    if scope.sees_everything or scope.commissioner_ids:
        commissioners = list(scope.filter_commissioners(Commissioner.objects.order_by("name")))
    pcns = []
    if scope.is_pcn_user:
        pcns = list(PCN.objects.visible_to(user).order_by("name"))
    return FundingIndex(years, latest, commissioners, pcns)


# --- rate history -------------------------------------------------------------------------------

RATE_KINDS = {
    "payment-rate": (PaymentRate, "Payment rate"),
    "role-rate": (ArrsRoleRate, "ARRS role rate"),
    "sum-rule": (ArrsSumRule, "ARRS sum rule"),
}


@dataclass(frozen=True)
class RateHistory:
    kind: str
    kind_label: str
    title: str
    exists: bool
    entries: list


def rate_history(kind: str, pk: int) -> RateHistory:
    """Every recorded change to one rate row (also after it was deleted), newest first, with the
    fields each change altered; 404 for an unknown kind or a row that never existed."""
    from pcnadmin.audit import history_entries

    if kind not in RATE_KINDS:
        raise Http404("No such kind of rate.")
    model, label = RATE_KINDS[kind]
    records = list(model.history.filter(id=pk).select_related("history_user"))
    if not records:
        raise Http404("No rate with that number has any history.")
    live = model.objects.filter(pk=pk).first()
    title = str(live) if live is not None else str(records[-1].instance)
    return RateHistory(kind, label, title, live is not None, history_entries(records))

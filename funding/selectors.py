"""Reads of funding data: plain values for the pure rules in ``funding.rules`` and
``workforce.rules``."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from funding import rules
from funding.models import (
    NATIONAL,
    ArrsCapWaiver,
    ArrsEligibility,
    ArrsRoleCap,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    PaymentRate,
    RateSchedule,
)
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


def schedule_by_slug(slug: str | None = None) -> RateSchedule:
    """The schedule named ``slug`` (default ``national``); LookupError with the known names."""
    slug = (slug or NATIONAL).strip()
    schedule = RateSchedule.objects.filter(slug=slug).first()
    if schedule is None:
        known = ", ".join(RateSchedule.objects.values_list("slug", flat=True)) or "none loaded"
        raise LookupError(f"No rate schedule {slug!r} (known: {known}).")
    return schedule


def national_schedule() -> RateSchedule:
    """The schedule claims and statements use."""
    return schedule_by_slug(NATIONAL)


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


@dataclass(frozen=True)
class ArrsEntitlement:
    """A PCN's ARRS entitlement for a year (DES rules §6).

    ``amount`` is the money ceiling of the main sum; ``gp_amount`` the separate GP sum where the
    year has one (2024/25); for a WTE-allowance year ``wte_allowance`` is n, the WTE of each of
    ``allowance_roles`` (slugs) the PCN may claim for."""

    financial_year: str
    method: str
    weighted_population: Decimal
    amount: Decimal
    wte_allowance: int | None
    allowance_roles: tuple[str, ...]
    explanation: str
    gp_amount: Decimal | None = None
    gp_explanation: str = ""
    gp_roles: tuple[str, ...] = ()
    redistribution_allowed: bool = True
    schedule: str = NATIONAL
    source: str = ""
    status: str = ""


def arrs_period_start(rule) -> date:
    """The first day the year's ARRS sum covers: the year start, or for a WTE allowance of a part
    year (2019/20: fraction 0.75, July–March) that many months before the year end."""
    year = rule.financial_year
    if rule.method == ArrsSumRule.Method.WTE_ALLOWANCE and rule.allowance_fraction is not None:
        months = int(rule.allowance_fraction * 12)
        month_index = year.end.month - months + 1 + year.end.year * 12 - 1
        return date(month_index // 12, month_index % 12 + 1, 1)
    return year.start


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
    gp_per_head: Decimal | None = None
    gp_period: tuple[date, date] | None = None
    gp_role_slugs: tuple[str, ...] = ()
    redistribution_allowed: bool = True
    schedule: str = NATIONAL
    source: str = ""
    status: str = ""


def sum_rule(
    financial_year: FinancialYear, schedule: RateSchedule | None = None, as_known_on=None
) -> ArrsSumRule | None:
    """The year's ARRS sum rule in ``schedule`` (default national) as known on ``as_known_on``
    (default today): the latest announced by then (one query)."""
    as_known_on = as_known_on or _today()
    qs = ArrsSumRule.objects.filter(
        financial_year=financial_year, announced_on__lte=as_known_on
    ).prefetch_related("roles", "gp_roles")
    qs = qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug=NATIONAL)
    rule = qs.order_by("-announced_on").first()
    if rule is not None:
        rule.financial_year = financial_year
    return rule


def arrs_terms(
    financial_year: FinancialYear, schedule: RateSchedule | None = None, as_known_on=None
) -> ArrsTerms | None:
    """The year's ARRS rule and role maxima (four queries), or None when the year has none."""
    as_known_on = as_known_on or _today()
    rule = sum_rule(financial_year, schedule, as_known_on)
    if rule is None:
        return None
    roles = list(rule.roles.all())
    rates = role_rates([r.pk for r in roles], schedule)
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


def arrs_entitlement(terms: ArrsTerms, weighted: Decimal) -> ArrsEntitlement:
    """A PCN's ARRS entitlement from the year's terms and its weighted population: the one place
    the rule is applied (statements, the ``arrs_sum`` command and ``arrs_entitlements``)."""
    maxima = list(terms.maxima)
    common = {
        "redistribution_allowed": terms.redistribution_allowed,
        "schedule": terms.schedule,
        "source": terms.source,
        "status": terms.status,
    }
    if terms.method == ArrsSumRule.Method.WTE_ALLOWANCE:
        n = rules.arrs_wte_allowance(weighted, terms.population_per_wte, terms.minimum_wte)
        amount = rules.arrs_allowance_ceiling(n, maxima, terms.allowance_fraction)
        fraction = terms.allowance_fraction
        explanation = (
            f"{n} WTE of each of {' and '.join(name.lower() for name in terms.role_names)} "
            f"(one for every {terms.population_per_wte:,} weighted patients, at least "
            f"{terms.minimum_wte}: {weighted:,} weighted patients); the ceiling is "
            f"{_months_text(fraction)} of {n} × ({' + '.join('£' + _amount(m) for m in maxima)})"
            f" = £{amount:,}"
        )
        return ArrsEntitlement(
            terms.financial_year,
            terms.method,
            weighted,
            amount,
            n,
            terms.role_slugs,
            explanation,
            **common,
        )
    floor = sum(maxima, Decimal(0))
    amount = rules.arrs_sum_per_head(weighted, terms.per_head, floor)
    explanation = f"{weighted:,} weighted patients × £{terms.per_head.normalize():f} = £{rules.to_penny(weighted * terms.per_head):,}"
    if maxima:
        explanation += (
            f"; floor {' + '.join(f'{m:,}' for m in maxima)} = £{rules.to_penny(floor):,}"
        )
    gp_amount, gp_explanation = None, ""
    if terms.gp_per_head is not None:
        gp_amount = rules.arrs_sum_per_head(weighted, terms.gp_per_head)
        start, end = terms.gp_period
        gp_explanation = (
            f"{weighted:,} weighted patients × £{terms.gp_per_head.normalize():f} = "
            f"£{gp_amount:,} for {start:%-d %B %Y} – {end:%-d %B %Y}, ring-fenced for GPs"
        )
    return ArrsEntitlement(
        terms.financial_year,
        terms.method,
        weighted,
        amount,
        None,
        (),
        explanation,
        gp_amount,
        gp_explanation,
        terms.gp_role_slugs,
        **common,
    )


def _months_text(fraction: Decimal) -> str:
    months = fraction * 12
    if months == months.to_integral_value():
        return f"{int(months)} months' worth"
    return f"{fraction.normalize():f}"


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
    from pcnadmin.history import history_entries

    if kind not in RATE_KINDS:
        raise Http404("No such kind of rate.")
    model, label = RATE_KINDS[kind]
    records = list(model.history.filter(id=pk).select_related("history_user"))
    if not records:
        raise Http404("No rate with that number has any history.")
    live = model.objects.filter(pk=pk).first()
    title = str(live) if live is not None else str(records[-1].instance)
    return RateHistory(kind, label, title, live is not None, history_entries(records))


# --- rate schedules -----------------------------------------------------------------------------


def schedule_for(user, slug: str) -> RateSchedule:
    """A schedule ``user`` may see (national and planning ones for everyone signed in, a local one
    for its commissioner's people and administrators), else 404."""
    schedule = RateSchedule.objects.visible_to(user).filter(slug=slug).first()
    if schedule is None:
        raise Http404("No rate schedule with that name is in your scope.")
    return schedule


def may_edit_schedule(user, schedule: RateSchedule) -> bool:
    """Local schedules are edited here by their commissioner's contract managers and by
    administrators; the national and planning schedules only through the admin, audited."""
    from networks.scopes import UserType, scope_for

    if schedule.kind != RateSchedule.Kind.LOCAL:
        return False
    scope = scope_for(user)
    return scope.sees_everything or (
        scope.user_type == UserType.CONTRACT_MANAGER
        and scope.sees_commissioner(schedule.commissioner_id)
    )


@dataclass(frozen=True)
class ScheduleRows:
    schedule: RateSchedule
    role_rates: list
    payment_rates: list
    sum_rules: list
    editable: bool


def schedule_rows(user, schedule: RateSchedule) -> ScheduleRows:
    """Every row of a schedule for its page (four queries)."""
    return ScheduleRows(
        schedule,
        list(
            ArrsRoleRate.objects.filter(schedule=schedule)
            .select_related("role")
            .order_by("role__name", "effective_from", "announced_on")
        ),
        list(
            PaymentRate.objects.filter(schedule=schedule)
            .select_related("stream")
            .prefetch_related("components")
            .order_by("period_start", "stream__position", "announced_on")
        ),
        list(
            ArrsSumRule.objects.filter(schedule=schedule)
            .select_related("financial_year")
            .order_by("financial_year__start", "announced_on")
        ),
        may_edit_schedule(user, schedule),
    )

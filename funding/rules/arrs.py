"""The ARRS sums: what a PCN may claim for additional roles in a year. DES rules §6;
des-years.md §3."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from funding.rules.periods import to_penny


def arrs_sum_per_head(
    weighted_population: Decimal, per_head: Decimal, floor: Decimal = Decimal(0)
) -> Decimal:
    """The Additional Roles Reimbursement Sum from 2020/21: max(to_penny(weighted × per head),
    floor). DES rules §6, worked examples 2 and 3."""
    if weighted_population < 0 or per_head < 0 or floor < 0:
        raise ValueError("Weighted population, per-head amount and floor cannot be negative.")
    return max(to_penny(weighted_population * per_head), to_penny(floor))


def arrs_wte_allowance(
    weighted_population: Decimal, population_per_wte: int = 50_000, minimum: int = 1
) -> int:
    """2019/20 WTE allowance per role: n = max(1, floor(weighted / 50,000)). DES rules §6,
    worked example 1."""
    if weighted_population < 0:
        raise ValueError("Weighted population cannot be negative.")
    if population_per_wte <= 0:
        raise ValueError("Population per WTE must be positive.")
    return max(minimum, int(Decimal(weighted_population) // population_per_wte))


def arrs_allowance_ceiling(n: int, maxima: Sequence[Decimal], fraction: Decimal) -> Decimal:
    """2019/20 money ceiling: fraction × n × Σ role maxima, e.g. 0.75 × n × (37,810 + 34,113).
    DES rules §6, worked example 1."""
    if n < 0 or fraction < 0 or any(m < 0 for m in maxima):
        raise ValueError("WTE allowance, maxima and fraction cannot be negative.")
    return to_penny(fraction * n * sum(maxima, Decimal(0)))


def wte_cap(
    *, registered: int, max_wte: Decimal, max_wte_large: Decimal | None, large_over: int
) -> Decimal:
    """The WTE of a role a PCN may claim in a month: ``max_wte``, or ``max_wte_large`` when its
    registered list at the reference date is more than ``large_over`` (des-years.md §3: "1 per PCN,
    2 over 100,000"; over 100,000 means more than 100,000)."""
    if registered < 0:
        raise ValueError("A registered list cannot be negative.")
    if max_wte_large is not None and registered > large_over:
        return max_wte_large
    return max_wte


def arrs_period_start(
    year_start: date, year_end: date, allowance_fraction: Decimal | None = None
) -> date:
    """The first day the year's ARRS sum covers: the year start, or for a WTE allowance of part of
    a year that many months before the year end (DES rules §6: 2019/20 is 9 months, July–March,
    the fraction 0.75)."""
    if allowance_fraction is None:
        return year_start
    months = int(allowance_fraction * 12)
    month_index = year_end.month - months + 1 + year_end.year * 12 - 1
    return date(month_index // 12, month_index % 12 + 1, 1)


# The methods of a year's ARRS sum rule (the values of ``funding.models.ArrsSumRule.Method``).
WTE_ALLOWANCE = "wte_allowance"
PER_HEAD = "per_head"


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
    schedule: str = "national"
    source: str = ""
    status: str = ""


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
    schedule: str = "national"
    source: str = ""
    status: str = ""

    def remaining(self, approved: Decimal, pending: Decimal) -> Decimal:
        """What is left of the main sum after the approved and pending claims (DES rules §6)."""
        return self.amount - approved - pending

    def gp_remaining(self, approved: Decimal, pending: Decimal) -> Decimal | None:
        """What is left of the GP sum (None in a year without one). DES rules §6."""
        return None if self.gp_amount is None else self.gp_amount - approved - pending


def _pounds(value: Decimal) -> str:
    """37,810 for whole pounds, 37,810.50 otherwise (for explanations)."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _months_text(fraction: Decimal) -> str:
    months = fraction * 12
    if months == months.to_integral_value():
        return f"{int(months)} months' worth"
    return f"{fraction.normalize():f}"


def _allowance_entitlement(terms: ArrsTerms, weighted: Decimal, common: dict) -> ArrsEntitlement:
    maxima = list(terms.maxima)
    n = arrs_wte_allowance(weighted, terms.population_per_wte, terms.minimum_wte)
    amount = arrs_allowance_ceiling(n, maxima, terms.allowance_fraction)
    posts = " and ".join(f"{n} WTE {name.lower()}" for name in terms.role_names)
    at_most = " plus ".join(
        f"£{_pounds(m)} a year for each {name.lower()}"
        for name, m in zip(terms.role_names, maxima, strict=False)
    )
    explanation = (
        f"The PCN may claim for up to {posts}: one of each for every "
        f"{terms.population_per_wte:,} weighted patients, and at least {terms.minimum_wte} "
        f"(it has {weighted:,} weighted patients). Its ceiling is "
        f"{_months_text(terms.allowance_fraction)} of those posts at their maximum "
        f"reimbursement ({at_most}): £{amount:,}."
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


def arrs_entitlement(terms: ArrsTerms, weighted: Decimal) -> ArrsEntitlement:
    """A PCN's ARRS entitlement from the year's terms and its weighted population, with the working
    a statement shows: the one place the rule is applied (statements, the ``arrs_sum`` command and
    ``funding.selectors.arrs_entitlements``). DES rules §6: a WTE allowance of named roles in
    2019/20 (worked example 1); from 2020/21 weighted population × a per-head amount with a floor
    of the roles' maxima (worked examples 2 and 3), and in 2024/25 a separate GP sum."""
    common = {
        "redistribution_allowed": terms.redistribution_allowed,
        "schedule": terms.schedule,
        "source": terms.source,
        "status": terms.status,
    }
    if terms.method == WTE_ALLOWANCE:
        return _allowance_entitlement(terms, weighted, common)
    maxima = list(terms.maxima)
    floor = sum(maxima, Decimal(0))
    amount = arrs_sum_per_head(weighted, terms.per_head, floor)
    explanation = (
        f"{weighted:,} weighted patients × £{terms.per_head.normalize():f} = "
        f"£{to_penny(weighted * terms.per_head):,}"
    )
    if maxima:
        explanation += f"; floor {' + '.join(f'{m:,}' for m in maxima)} = £{to_penny(floor):,}"
    gp_amount, gp_explanation = None, ""
    if terms.gp_per_head is not None:
        gp_amount = arrs_sum_per_head(weighted, terms.gp_per_head)
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

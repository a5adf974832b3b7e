"""Reads of funding data, scoped by user where a person asks: plain values for the pure rules in
``funding.rules`` and ``workforce.rules``. ``years``: financial years, schedules by name and the
funding index; ``arrs``: the ARRS catalogue, sum rules and entitlements; ``schedules``: rate
schedules and their history."""

from funding.rules import ArrsEntitlement, ArrsTerms, arrs_entitlement
from funding.selectors.arrs import (
    CapRow,
    ConditionRow,
    arrs_entitlements,
    arrs_period_start,
    arrs_terms,
    arrs_weighted_population,
    cap_waivers,
    role_caps,
    role_conditions,
    role_limits,
    role_rates,
    sum_rule,
)
from funding.selectors.schedules import (
    RATE_KINDS,
    RateHistory,
    ScheduleRows,
    may_edit_schedule,
    rate_history,
    schedule_for,
    schedule_rows,
)
from funding.selectors.years import (
    FundingIndex,
    financial_year_by_slug,
    financial_year_containing,
    financial_year_for_label,
    financial_year_in,
    financial_years,
    funding_index,
    get_funding_commissioner_for,
    national_schedule,
    schedule_by_slug,
)

__all__ = [
    "RATE_KINDS",
    "ArrsEntitlement",
    "ArrsTerms",
    "CapRow",
    "ConditionRow",
    "FundingIndex",
    "RateHistory",
    "ScheduleRows",
    "arrs_entitlement",
    "arrs_entitlements",
    "arrs_period_start",
    "arrs_terms",
    "arrs_weighted_population",
    "cap_waivers",
    "financial_year_by_slug",
    "financial_year_containing",
    "financial_year_for_label",
    "financial_year_in",
    "financial_years",
    "funding_index",
    "get_funding_commissioner_for",
    "may_edit_schedule",
    "national_schedule",
    "rate_history",
    "role_caps",
    "role_limits",
    "role_conditions",
    "role_rates",
    "schedule_by_slug",
    "schedule_for",
    "schedule_rows",
    "sum_rule",
]

"""Pure entitlement rules of the Network Contract DES: no Django, no ORM.

Plain Decimals, dates and small frozen dataclasses in, Decimals out. Every public function names its
source in docs/des-rules.md ("DES rules §n"). Money is never a float and is rounded half-up to the
penny only where the rules say so. By what they are about:

- ``periods``: the penny, financial years, payment periods, pro-rata shares and instalments (§3, §4);
- ``streams``: payment streams from members' lists, practices' shares, Care Home Premium (§2, §4);
- ``rates``: effective-dated rows and the rate in force on a day as known on a date (§5);
- ``arrs``: the ARRS sums and WTE allowances, and the entitlement a statement shows (§6).
"""

from funding.rules.arrs import (
    PER_HEAD,
    WTE_ALLOWANCE,
    ArrsEntitlement,
    ArrsTerms,
    arrs_allowance_ceiling,
    arrs_entitlement,
    arrs_period_start,
    arrs_sum_per_head,
    arrs_wte_allowance,
    wte_cap,
)
from funding.rules.periods import (
    PENNY,
    Period,
    financial_year_start,
    membership_share,
    monthly_instalments,
    to_penny,
)
from funding.rules.rates import (
    AREAS,
    Effective,
    RoleRate,
    in_force,
    latest_announcements,
    rate_in_force,
)
from funding.rules.streams import (
    BASES,
    PAYEES,
    PRACTICE_BASES,
    Component,
    MemberList,
    PracticeShare,
    StreamEntitlement,
    StreamRate,
    backdated,
    care_home_instalments,
    care_home_premium,
    lists_on,
    practice_payments,
    stream_entitlement,
)

__all__ = [
    "AREAS",
    "BASES",
    "PAYEES",
    "PENNY",
    "PER_HEAD",
    "PRACTICE_BASES",
    "WTE_ALLOWANCE",
    "ArrsEntitlement",
    "ArrsTerms",
    "Component",
    "Effective",
    "MemberList",
    "Period",
    "PracticeShare",
    "RoleRate",
    "StreamEntitlement",
    "StreamRate",
    "arrs_allowance_ceiling",
    "arrs_entitlement",
    "arrs_period_start",
    "arrs_sum_per_head",
    "arrs_wte_allowance",
    "backdated",
    "care_home_instalments",
    "care_home_premium",
    "financial_year_start",
    "in_force",
    "latest_announcements",
    "lists_on",
    "membership_share",
    "monthly_instalments",
    "practice_payments",
    "rate_in_force",
    "stream_entitlement",
    "to_penny",
    "wte_cap",
]

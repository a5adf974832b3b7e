"""What is owed: financial years, rate schedules, payment streams with their effective-dated rates,
the ARRS role catalogue and the ARRS sum rule per year. Every rate is a row (DES rules §4–6), never a
literal in code; rows are written by ``funding.services`` and edited in the admin with their
history kept."""

from funding.models.arrs import (
    Area,
    ArrsCapWaiver,
    ArrsEligibility,
    ArrsRole,
    ArrsRoleCap,
    ArrsRoleRate,
    ArrsSumRule,
)
from funding.models.streams import (
    Basis,
    PaidTo,
    PaymentRate,
    PaymentRateComponent,
    PaymentStream,
    RecordedPayment,
)
from funding.models.years import (
    NATIONAL,
    PLANNING_2019,
    FinancialYear,
    RateSchedule,
    Status,
    financial_year_start_of,
    year_label_validator,
)

__all__ = [
    "NATIONAL",
    "PLANNING_2019",
    "Area",
    "ArrsCapWaiver",
    "ArrsEligibility",
    "ArrsRole",
    "ArrsRoleCap",
    "ArrsRoleRate",
    "ArrsSumRule",
    "Basis",
    "FinancialYear",
    "PaidTo",
    "PaymentRate",
    "PaymentRateComponent",
    "PaymentStream",
    "RateSchedule",
    "RecordedPayment",
    "Status",
    "financial_year_start_of",
    "year_label_validator",
]

"""Presenters: the prepared objects behind the Clinical Director statement, the commissioner
funding summary and the payment schedule. The HTML page, the PDF, the CSV and the commands all
show these objects, so they cannot disagree (style.md §9). Templates only show what is here.

``statement``: one PCN's statement (``explain`` words each stream's working); ``summary``: a
commissioner's PCNs side by side; ``payments``: the payment schedule; ``common``: what they share.
"""

from funding.statements.common import (
    BASIS_LABELS,
    PAID_TO_LABELS,
    ZERO,
    RatesUsed,
    commissioner_pcns,
)
from funding.statements.explain import StreamRow
from funding.statements.payments import (
    PAYMENT_HEADER,
    PaymentSchedule,
    filter_rows,
    payment_row_export,
    payment_schedule,
)
from funding.statements.statement import (
    ArrsSummary,
    MemberRow,
    ScheduleRow,
    ScheduleTable,
    Statement,
    pcn_statement,
    schedule_table,
)
from funding.statements.summary import (
    Summary,
    SummaryRow,
    commissioner_summary,
    entitlement_summary,
    export_header,
)

__all__ = [
    "BASIS_LABELS",
    "PAID_TO_LABELS",
    "PAYMENT_HEADER",
    "filter_rows",
    "ZERO",
    "ArrsSummary",
    "MemberRow",
    "PaymentSchedule",
    "RatesUsed",
    "ScheduleRow",
    "ScheduleTable",
    "Statement",
    "StreamRow",
    "Summary",
    "SummaryRow",
    "commissioner_pcns",
    "commissioner_summary",
    "entitlement_summary",
    "export_header",
    "payment_row_export",
    "payment_schedule",
    "pcn_statement",
    "schedule_table",
]

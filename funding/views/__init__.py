"""The funding pages, thin: ``statements`` (statements, summaries, payment schedules, rate
history), ``schedules`` (rate schedules and local copies), ``years`` (a new year set up in the
browser)."""

from funding.views.schedules import (
    schedule_copy,
    schedule_detail,
    schedule_list,
    schedule_role_rate_edit,
)
from funding.views.statements import (
    commissioner_summary,
    commissioner_summary_pdf,
    funding_index,
    payment_schedule,
    pcn_statement,
    pcn_statement_pdf,
    rate_history,
)
from funding.views.years import (
    year_checklist,
    year_create,
    year_list,
    year_mark_ready,
    year_role_rate,
    year_stream_rate,
    year_sum_rule,
)

__all__ = [
    "commissioner_summary",
    "commissioner_summary_pdf",
    "funding_index",
    "payment_schedule",
    "pcn_statement",
    "pcn_statement_pdf",
    "rate_history",
    "schedule_copy",
    "schedule_detail",
    "schedule_list",
    "schedule_role_rate_edit",
    "year_checklist",
    "year_create",
    "year_list",
    "year_mark_ready",
    "year_role_rate",
    "year_stream_rate",
    "year_sum_rule",
]

"""The only code that writes funding rows: financial years, schedules, streams, rates, the ARRS
role catalogue, caps, conditions and sum rules. Loading the shipped rate files, copying a schedule
and admin edits come through here. ``rows``: one row at a time; ``loading``: the rates files;
``schedules``: the changes a person makes; ``years``: a new year set up in the browser; ``common``: what they share."""

from funding.services.common import LoadReport, RatesError
from funding.services.loading import RATES_DIR, SHIPPED_FILES, rates_load
from funding.services.rows import (
    arrs_role_rate_upsert,
    arrs_role_upsert,
    arrs_sum_rule_set,
    financial_year_upsert,
    payment_rate_upsert,
    schedule_upsert,
    stream_upsert,
)
from funding.services.schedules import (
    cap_waiver_record,
    local_role_rate_update,
    rate_data_save,
    recorded_payment_set,
    schedule_copy,
)
from funding.services.years import (
    next_year_dates,
    year_create_next,
    year_mark_ready,
    year_role_rate_add,
    year_stream_rate_add,
    year_sum_rule_set,
)

__all__ = [
    "RATES_DIR",
    "SHIPPED_FILES",
    "LoadReport",
    "RatesError",
    "arrs_role_rate_upsert",
    "arrs_role_upsert",
    "arrs_sum_rule_set",
    "cap_waiver_record",
    "financial_year_upsert",
    "local_role_rate_update",
    "payment_rate_upsert",
    "rate_data_save",
    "rates_load",
    "recorded_payment_set",
    "schedule_copy",
    "schedule_upsert",
    "stream_upsert",
    "next_year_dates",
    "year_create_next",
    "year_mark_ready",
    "year_role_rate_add",
    "year_stream_rate_add",
    "year_sum_rule_set",
]

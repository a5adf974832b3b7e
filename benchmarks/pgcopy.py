"""Writing benchmark rows fast: PostgreSQL ``COPY`` in text format from an in-memory buffer, and
the column orders of the workforce tables the synthetic England fills that way."""

from __future__ import annotations

import io
from datetime import datetime

from django.db import connection


def text(value) -> str:
    """A value in PostgreSQL COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def row(*values) -> str:
    return "\t".join(text(v) for v in values) + "\n"


def copy_rows(model, columns: list[str], buffer: io.StringIO) -> None:
    buffer.seek(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    buffer.seek(0)
    buffer.truncate()


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


LINE_COLUMNS = [
    "claim_id",
    "staff_id",
    "role_id",
    "wte",
    "salary",
    "employer_ni",
    "employer_pension",
    "apprenticeship_levy",
    "actual_cost",
    "percent",
    "max_annual_per_wte",
    "percentage_amount",
    "cap",
    "capped",
    "reimbursable",
    "previous_reimbursable",
    "amount",
    "area",
    "max_note",
    "counts_against_gp_sum",
]
CLAIM_COLUMNS = [
    "id",
    "pcn_id",
    "month",
    "financial_year_id",
    "status",
    "adjusts_id",
    "adjustment_reason",
    "total",
    "approved_amount",
    "created_by_id",
    "created_by_name",
    "created_at",
    "submitted_by_id",
    "submitted_by_name",
    "submitted_at",
    "due_on",
    "decided_by_name",
    "decided_at",
    "problem_count",
    "payment_run_id",
]
EVENT_COLUMNS = [
    "claim_id",
    "at",
    "by_id",
    "by_name",
    "from_status",
    "to_status",
    "amount",
    "reason",
]
STAFF_COLUMNS = [
    "id",
    "pcn_id",
    "name",
    "employer_id",
    "start_date",
    "end_date",
    "in_baseline",
    "transferred",
    "area",
    "created_at",
]
TERM_COLUMNS = [
    "staff_id",
    "effective_from",
    "role_id",
    "wte",
    "band",
    "reason",
    "recorded_by_name",
    "recorded_at",
]

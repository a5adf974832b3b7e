"""The audit search's table: sortable by time only (the rows are merged newest first), with CSV."""

import django_tables2 as tables
from django.utils.html import format_html


class AuditTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="When", format="j M Y H:i:s", orderable=False)
    who = tables.Column("Who", orderable=False)
    kind = tables.Column("Kind", orderable=False)
    subject = tables.Column("What", orderable=False)
    pcn = tables.Column("PCN", orderable=False)
    change = tables.Column("Change", orderable=False)
    reason = tables.Column("Reason", orderable=False)

    class Meta:
        empty_text = "Nothing in the audit trail matches. Widen the dates or clear the filters."

    def render_subject(self, record, value):
        return format_html('<a href="{}">{}</a>', record.url, value) if record.url else value

    def value_subject(self, record, value):
        return value

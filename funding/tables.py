"""Funding tables: sorting, pagination and CSV from django-tables2 (style.md §7). Rows are the
prepared objects of ``funding.statements``; cells only format them."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from funding import formatting
from pcnadmin.tables import PreparedRows, text

NUMERIC = {"td": {"class": "app-numeric"}}


class MoneyColumn(tables.Column):
    """Pounds and pence with thousands separators on the page, a plain decimal in CSV."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formatting.plain(value)

    def value(self, value):
        return value


class CountColumn(MoneyColumn):
    def render(self, value):
        return f"{value:,}"


def _footer(bound_column, table):
    """The totals row, prepared by the presenter (the table adds nothing up)."""
    return table.footers.get(bound_column.name, "")


def _money(value, default="—"):
    return default if value is None else formatting.plain(value)


class SummaryTable(PreparedRows, tables.Table):
    """A commissioner's funding for a year, like a board paper's funding table: one column per
    stream in force that year, the ARRS sums and the total."""

    pcn_name = tables.Column("PCN", footer="Total")
    registered = CountColumn("Registered patients", footer=_footer)
    weighted = MoneyColumn("Weighted patients", footer=_footer)

    class Meta:
        order_by = "pcn_name"
        empty_text = "This commissioner has no PCNs in your scope."

    def __init__(self, summary, **kwargs):
        self.year_slug = summary.year.slug
        names = [s.slug for s in summary.streams]
        self.footers = {
            name: f"{total:,}" if name == "registered" else _total_text(total)
            for name, total in summary.totals.items()
        }
        extra = [
            (
                name,
                MoneyColumn(
                    f"{label} (£)",
                    accessor=tables.A(f"cell__{name}"),
                    footer=_footer,
                    default="not set",
                ),
            )
            for name, label in summary.columns
        ]
        rows = [
            {"record": row, "cell": {n: row.value(n, names) for n, _ in summary.columns}}
            | {
                "pcn_name": row.pcn_name,
                "pcn_code": row.pcn_code,
                "registered": row.registered,
                "weighted": row.weighted,
                "flags": row.flags,
            }
            for row in summary.rows
        ]
        super().__init__(rows, extra_columns=extra, **kwargs)

    def render_pcn_name(self, record):
        url = reverse("funding:pcn_statement", args=[record["pcn_code"], self.year_slug])
        flag = (
            mark_safe(' <strong class="app-overdue">(check data)</strong>')
            if record["flags"]
            else ""
        )
        return format_html('<a href="{}">{}</a>{}', url, record["pcn_name"], flag)

    def value_pcn_name(self, record):
        return record["pcn_name"]

    def cells(self, record):
        return {
            "pcn_name": self.render_pcn_name(record),
            "registered": f"{record['registered']:,}",
            "weighted": _money(record["weighted"]),
            **{name: _money(value, "not set") for name, value in record["cell"].items()},
        }


def _total_text(total) -> str:
    return "not known" if total is None else formatting.plain(total)


class PaymentTable(PreparedRows, tables.Table):
    """One row per payee, stream and month."""

    pcn_name = tables.Column("PCN")
    payee_name = tables.Column("Payee")
    payee_code = tables.Column("Payee ODS code")
    stream_label = tables.Column("Stream", order_by=("stream",))
    # Formatted in Python: DateColumn compiles a template for every cell.
    month = tables.Column("Month")
    amount = MoneyColumn("Amount (£)")

    class Meta:
        empty_text = "No payments are due for this year."

    def render_month(self, value):
        return date_format(value, "M Y")

    def cells(self, record):
        return {
            "pcn_name": text(record.pcn_name),
            "payee_name": text(record.payee_name),
            "payee_code": text(record.payee_code),
            "stream_label": text(record.stream_label),
            "month": self.render_month(record.month),
            "amount": _money(record.amount),
        }

"""A django-tables2 table whose page of rows is written in one pass.

django-tables2 still declares the columns, sorts, paginates and writes the CSV. But rendering each
cell through it (a bound cell, an ``inspect.signature`` call and the column's attributes worked
out again for every cell) was 40–50% of the funding summary's and the payment schedule's CPU
time. A table with ``PreparedRows`` says in ``cells(record)`` what each column shows for a record;
``tables/nhsuk_table.html`` writes those rows, and the same markup as before, when the table has
them.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

DASH = "—"  # django-tables2's default for an empty cell


def text(value, default: str = DASH):
    """A cell's plain value as django-tables2 shows it: the column's default when empty."""
    return default if value is None or value == "" else value


class PreparedRows:
    """Mixin for a ``tables.Table``: ``html_rows`` is the page's ``<tr>`` rows, built from
    ``cells(record)``, a dict of each visible column's content (escaped here unless marked safe).
    Row attributes (``Meta.row_attrs`` and the even/odd class) still come from django-tables2,
    once a row. Column ``td`` attributes must not depend on the record."""

    def cells(self, record) -> dict:
        raise NotImplementedError

    @property
    def html_rows(self) -> list[SafeString]:
        columns = [
            (column.name, _cell_class(column.attrs.get("td", {}).get("class")))
            for column in self.columns
        ]
        rows = []
        for row in self.paginated_rows:
            cells = self.cells(row.record)
            tds = "".join(
                f'<td class="nhsuk-table__cell{cls}">{conditional_escape(cells[name])}</td>'
                for name, cls in columns
            )
            rows.append(mark_safe(f"<tr{_row_attrs(row.attrs)}>{tds}</tr>"))
        return rows


def _cell_class(value) -> str:
    return f" {conditional_escape(value)}" if value else ""


def _row_attrs(attrs) -> str:
    extra = "".join(
        format_html(' {}="{}"', name, value) for name, value in attrs.items() if name != "class"
    )
    return format_html(' class="nhsuk-table__row{}"', _cell_class(attrs.get("class"))) + extra

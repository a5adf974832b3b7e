"""CSV exports that spreadsheets cannot turn into formulas.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel and
LibreOffice (CSV injection). Such text cells are prefixed with an apostrophe; numbers, including
negative amounts, are left as they are.
"""

import csv
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_DANGEROUS) and not _NUMBER.match(text):
        return "'" + text
    return text


def write_csv(out, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, header, rows)
    return response


def table_csv_response(table, filename: str) -> HttpResponse:
    """A django-tables2 table as CSV: every row (not just the page), columns as shown."""
    values = list(table.as_values())
    return csv_response(filename, values[0], values[1:])

"""Argument checks shared by the funding commands: each bad input is a CommandError with a
message that says what was wrong and what is accepted."""

import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import CommandError

from funding import selectors
from funding.models import FinancialYear
from networks.models import Commissioner
from pcnadmin.exports import write_csv


def financial_year(text: str) -> FinancialYear:
    year = selectors.financial_year_for_label(text)
    if year is None:
        known = ", ".join(FinancialYear.objects.values_list("label", flat=True)) or "none"
        raise CommandError(
            f"Unknown financial year {text!r}: give a year like 2020/21 (set up: {known})."
        )
    return year


def commissioner(code: str) -> Commissioner:
    found = Commissioner.objects.filter(code=code.strip().upper()).first()
    if found is None:
        raise CommandError(f"Unknown commissioner {code!r}: give an ODS code such as 07L.")
    return found


def population(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise CommandError(
            f"Weighted population {text!r} is not a number: give e.g. 30000 or 41250.5."
        )
    if value < 0:
        raise CommandError(f"Weighted population {text!r} must be zero or more.")
    return value


def add_format(parser):
    parser.add_argument("--format", choices=("csv", "json"), default="csv")


def write(out, fmt: str, header: list[str], rows: list[list]) -> None:
    """Rows as CSV (formula-safe, pcnadmin.exports) or JSON (a list of objects; money as
    strings so no figure passes through a float)."""
    if fmt == "json":
        records = [
            {k: str(v) if isinstance(v, Decimal) else v for k, v in zip(header, row, strict=True)}
            for row in rows
        ]
        out.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    else:
        write_csv(out, header, rows)

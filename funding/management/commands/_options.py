"""Argument checks shared by the funding commands: each bad input is a CommandError with a
message that says what was wrong and what is accepted."""

import json
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import CommandError
from django.utils import timezone

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


# No PCN comes near this (the largest have about 200,000 patients): a bigger figure is a typo.
MAX_POPULATION = Decimal(10_000_000)


def number(text: str, what: str, *, maximum: Decimal, example: str) -> Decimal:
    """A plain decimal number within sense: NaN, infinity, exponents beyond sense and negative
    numbers are refused with a message, never a traceback."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite():
        raise CommandError(f"{what} {text!r} is not a number: give e.g. {example}.")
    if value < 0:
        raise CommandError(f"{what} {text!r} must be zero or more.")
    if value > maximum:
        raise CommandError(f"{what} {text!r} is beyond sense: at most {maximum:,}.")
    return value


def population(text: str) -> Decimal:
    return number(text, "Weighted population", maximum=MAX_POPULATION, example="30000 or 41250.5")


def add_rates(parser):
    """--rates SCHEDULE (default national) and --as-known-on YYYY-MM-DD (default today)."""
    parser.add_argument(
        "--rates", default="national", help="Rate schedule: national (default), planning-2019, …"
    )
    parser.add_argument(
        "--as-known-on",
        help="Use the rates as they were known on this day, YYYY-MM-DD (default today).",
    )


def rates(options) -> tuple:
    """The schedule and the as-known-on day the options name (clear errors for bad values)."""
    try:
        schedule = selectors.schedule_by_slug(options["rates"])
    except LookupError as error:
        raise CommandError(str(error)) from error
    known_on = None
    if options.get("as_known_on"):
        try:
            known_on = date.fromisoformat(options["as_known_on"])
        except ValueError as error:
            raise CommandError(
                f"--as-known-on {options['as_known_on']!r} is not a date: give YYYY-MM-DD."
            ) from error
    return schedule, known_on or timezone.localdate()


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

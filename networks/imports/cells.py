"""Reading an uploaded CSV file and checking its cells: what both imports share.

A problem is reported with the line it starts on and a reason a person can act on; nothing here
writes.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from networks import rules

MAX_PATIENTS = 10_000_000


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    counts: Counter = field(default_factory=Counter)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    renames: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        done = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in sorted(self.counts.items()) if v)
        return f"{self.rows} rows read; " + (done or "nothing changed")


def read_rows(
    data: bytes | str, result: ImportResult
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Decode and split a CSV upload into its header and (line number, cells) rows."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            result.errors.append(
                RowProblem(
                    1,
                    f"The file is not UTF-8 text (bad byte at position {exc.start}); save it as CSV UTF-8.",
                )
            )
            return [], []
    else:
        text = data.removeprefix("\ufeff")
    if "\x00" in text:
        result.errors.append(RowProblem(1, "The file contains NUL bytes: it is not a CSV file."))
        return [], []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        # Each row is numbered by the line it starts on (a quoted cell may span lines).
        rows, start = [], reader.line_num + 1
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        result.errors.append(RowProblem(reader.line_num, f"The CSV could not be read: {exc}."))
        return [], []
    return header, rows


def check(validator, value: str, problems: list[str]):
    try:
        validator(value)
    except ValidationError as exc:
        problems.extend(exc.messages)


def count(value: str, label: str, problems: list[str]) -> int | None:
    if not rules.is_plain_number(value):
        problems.append(f"{label} must be a whole number in the digits 0-9, not {value!r}.")
        return None
    number = int(value)
    if not 0 <= number <= MAX_PATIENTS:
        problems.append(f"{label} must be between 0 and {MAX_PATIENTS:,}, not {number:,}.")
        return None
    return number


def decimal(value: str, label: str, problems: list[str]) -> Decimal | None:
    if not rules.is_plain_number(value, decimals=True):
        problems.append(f"{label} must be a number in the digits 0-9, not {value!r}.")
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        problems.append(f"{label} must be a number, not {value!r}.")
        return None
    if not number.is_finite() or not 0 <= number <= MAX_PATIENTS:
        problems.append(f"{label} must be between 0 and {MAX_PATIENTS:,}, not {value}.")
        return None
    if number != number.quantize(Decimal("0.01")):
        problems.append(f"{label} may have at most two decimal places, not {value}.")
        return None
    return number


def iso_date(value: str, label: str, problems: list[str]) -> date | None:
    try:
        if not value.isascii():
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{label} must be a date as YYYY-MM-DD, not {value!r}.")
        return None

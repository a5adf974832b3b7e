"""A claim's lines as a spreadsheet: the template (one row per person in post in the claim's
month, with any amounts already entered) and reading a filled-in file back. Reading is all or
nothing: every problem is reported with its line number and no line is kept until there are
none. Pure: text in, rows or problems out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

HEADER = [
    "staff_id",
    "name",
    "role",
    "wte",
    "salary",
    "employer_ni",
    "employer_pension",
    "apprenticeship_levy",
]
AMOUNTS = {
    "salary": "salary",
    "employer_ni": "employer NI",
    "employer_pension": "employer pension",
    "apprenticeship_levy": "apprenticeship levy",
}
MAX_AMOUNT = Decimal("999999.99")  # the line's money columns hold up to this
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Row:
    staff_id: int
    salary: Decimal
    employer_ni: Decimal
    employer_pension: Decimal
    apprenticeship_levy: Decimal


def template_rows(people) -> list[list]:
    """The template's rows from ``selectors.claim_edit_people``: (staff, term, line) each."""
    rows = []
    for staff, term, line in people:
        amounts = [getattr(line, name) if line else "" for name in AMOUNTS]
        role = (term.role.name, term.wte) if term else ("", "")
        rows.append([staff.pk, staff.name, *role, *amounts])
    return rows


def _amount(text: str, label: str, number: int, problems: list[str]) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").removeprefix("£"))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value.as_tuple().exponent < -2:
        problems.append(
            f"Line {number}: the {label} {text!r} is not an amount in pounds and pence."
        )
        return None
    if not Decimal(0) <= value <= MAX_AMOUNT:
        problems.append(f"Line {number}: the {label} must be between 0 and £{MAX_AMOUNT:,}.")
        return None
    return value


def _row(record: dict, number: int, names: dict[int, str], seen: set, problems: list) -> Row | None:
    if record.get(None):  # csv.DictReader puts the cells beyond the header there
        problems.append(
            f"Line {number}: more cells than the first line names columns (an amount written "
            "with a thousands comma needs quotes, or no comma)."
        )
        return None
    typed = {name: (record.get(name) or "").strip() for name in AMOUNTS}
    if not any(typed.values()):
        return None  # no amounts: this person is not claimed
    staff = (record.get("staff_id") or "").strip()
    if not (staff.isascii() and staff.isdigit() and len(staff) <= 18) or int(staff) not in names:
        problems.append(
            f"Line {number}: staff_id {staff!r} is not someone on this claim's page "
            "(download the template again for this month)."
        )
        return None
    staff_id = int(staff)
    if staff_id in seen:
        problems.append(f"Line {number}: {names[staff_id]} appears more than once.")
        return None
    seen.add(staff_id)
    values = {}
    for name, label in AMOUNTS.items():
        if not typed[name]:
            if name == "apprenticeship_levy":
                values[name] = Decimal("0.00")
                continue
            problems.append(f"Line {number}: enter the {label} for {names[staff_id]} (0 if none).")
            continue
        values[name] = _amount(typed[name], label, number, problems)
    if len(values) < len(AMOUNTS) or None in values.values():
        return None
    return Row(staff_id, **values)


def read(data: bytes, names: dict[int, str]) -> tuple[list[Row], list[str]]:
    """The claimed rows of an uploaded file and no problems, or no rows and the problems (with
    line numbers; at most MAX_PROBLEMS and a count of the rest). ``names``: the staff on the
    claim's page by id."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["The file is not UTF-8 text: save it from the spreadsheet as CSV (UTF-8)."]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("staff_id", *AMOUNTS) if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"The first line must name the columns; missing: {', '.join(missing)}."]
    rows, problems, seen = [], [], set()
    try:
        for record in reader:
            # The file's line (a quoted cell may hold a line break; blank lines are skipped).
            row = _row(record, reader.line_num, names, seen, problems)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        problems.append(f"Line {reader.line_num}: the file is not valid CSV ({error}).")
    if len(problems) > MAX_PROBLEMS:
        rest = len(problems) - MAX_PROBLEMS
        problems = [*problems[:MAX_PROBLEMS], f"… and {rest} more problem(s)."]
    return ([] if problems else rows), problems

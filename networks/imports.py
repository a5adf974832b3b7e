"""CSV imports of the register and of NHS Digital list sizes.

Each import is all-or-nothing: every row is checked, every bad row is reported with its line
number and reason, and nothing is written unless every row is good (one transaction).
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from networks import naming, rules, services
from networks.models import (
    PCN,
    Commissioner,
    Membership,
    Practice,
    commissioner_code_validator,
    pcn_code_validator,
    practice_code_validator,
)
from networks.scopes import scope_for

REGISTER_HEADER = [
    "commissioner_code",
    "commissioner_name",
    "pcn_code",
    "pcn_name",
    "practice_code",
    "practice_name",
    "list_date",
    "registered_patients",
    "weighted_patients",
]
NHS_DIGITAL_HEADERS = [
    "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS".split(
        ","
    ),
    "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS".split(
        ","
    ),
]
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


def _read(data: bytes | str, result: ImportResult) -> tuple[list[str], list[tuple[int, list[str]]]]:
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


def _check(validator, value: str, problems: list[str]):
    try:
        validator(value)
    except ValidationError as exc:
        problems.extend(exc.messages)


def _count(value: str, label: str, problems: list[str]) -> int | None:
    if not rules.is_plain_number(value):
        problems.append(f"{label} must be a whole number in the digits 0-9, not {value!r}.")
        return None
    number = int(value)
    if not 0 <= number <= MAX_PATIENTS:
        problems.append(f"{label} must be between 0 and {MAX_PATIENTS:,}, not {number:,}.")
        return None
    return number


def _decimal(value: str, label: str, problems: list[str]) -> Decimal | None:
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


def _iso_date(value: str, label: str, problems: list[str]) -> date | None:
    try:
        if not value.isascii():
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{label} must be a date as YYYY-MM-DD, not {value!r}.")
        return None


@dataclass(frozen=True)
class RegisterRow:
    line: int
    commissioner_code: str
    commissioner_name: str
    pcn_code: str
    pcn_name: str
    practice_code: str
    practice_name: str
    list_date: date
    registered: int
    weighted: Decimal


def parse_register(data: bytes | str, result: ImportResult) -> list[RegisterRow]:
    header, raw = _read(data, result)
    if result.errors:
        return []
    if header != REGISTER_HEADER:
        result.errors.append(
            RowProblem(1, "The header must be exactly: " + ",".join(REGISTER_HEADER) + ".")
        )
        return []
    rows, seen_pcn, seen_commissioner, seen_practice = [], {}, {}, {}
    for line, cells in raw:
        result.rows += 1
        problems: list[str] = []
        if len(cells) != len(REGISTER_HEADER):
            result.errors.append(
                RowProblem(line, f"Expected {len(REGISTER_HEADER)} columns, found {len(cells)}.")
            )
            continue
        v = dict(zip(REGISTER_HEADER, (c.strip() for c in cells), strict=True))
        _check(commissioner_code_validator, v["commissioner_code"], problems)
        _check(pcn_code_validator, v["pcn_code"], problems)
        _check(practice_code_validator, v["practice_code"], problems)
        for name_field in ("commissioner_name", "practice_name"):
            if not v[name_field]:
                problems.append(f"{name_field} is empty.")
            elif len(v[name_field]) > 120:
                problems.append(f"{name_field} is longer than 120 characters.")
        problems.extend(naming.pcn_name_problems(v["pcn_name"]))
        for name_field in ("commissioner_name", "pcn_name", "practice_name"):
            problems.extend(rules.name_problems(v[name_field], name_field))
        list_date = _iso_date(v["list_date"], "list_date", problems)
        registered = _count(v["registered_patients"], "registered_patients", problems)
        weighted = _decimal(v["weighted_patients"], "weighted_patients", problems)
        for key, value, seen, what in (
            (v["pcn_code"], (v["pcn_name"], v["commissioner_code"]), seen_pcn, "PCN"),
            (v["commissioner_code"], v["commissioner_name"], seen_commissioner, "commissioner"),
            (
                (v["practice_code"], v["list_date"]),
                v["pcn_code"],
                seen_practice,
                "practice on this date",
            ),
        ):
            if key in seen and seen[key][1] != value:
                problems.append(
                    f"This {what} ({key if isinstance(key, str) else key[0]}) is given differently "
                    f"on line {seen[key][0]}."
                )
            elif key in seen and what.startswith("practice"):
                problems.append(
                    f"Practice {v['practice_code']} appears twice for {v['list_date']} (first on line {seen[key][0]})."
                )
            seen.setdefault(key, (line, value))
        if problems:
            result.errors.extend(RowProblem(line, p) for p in problems)
            continue
        rows.append(
            RegisterRow(
                line,
                v["commissioner_code"],
                v["commissioner_name"],
                v["pcn_code"],
                v["pcn_name"],
                v["practice_code"],
                v["practice_name"],
                list_date,
                registered,
                weighted,
            )
        )
    return rows


def _practice_owners(practice: Practice | None, day: date) -> frozenset[int]:
    if practice is None:
        return frozenset()
    return rules.owners_from(
        Membership.objects.filter(practice=practice).values_list(
            "start", "end", "pcn__commissioner_id"
        ),
        day,
    )


def _register_reach(row: RegisterRow, commissioner, pcn, practice, scope) -> str:
    """Where the row reaches for a scoped importer: inside their area, wholly outside it, or
    into another commissioner's (refused with the reason)."""
    owners = _practice_owners(practice, row.list_date)
    touched = [commissioner.pk if commissioner else None, *owners]
    if pcn is not None:
        touched.append(pcn.commissioner_id)
    reach = rules.import_reach(touched, scope.commissioner_ids)
    if reach != "mixed":
        return reach
    others = []
    if commissioner is None or commissioner.pk not in scope.commissioner_ids:
        others.append(f"commissioner {row.commissioner_code} is not yours")
    if pcn is not None and pcn.commissioner_id not in scope.commissioner_ids:
        others.append(f"PCN {pcn.code} belongs to {pcn.commissioner.code}")
    foreign = owners - scope.commissioner_ids
    if foreign:
        codes = ", ".join(
            sorted(Commissioner.objects.filter(pk__in=foreign).values_list("code", flat=True))
        )
        others.append(f"practice {row.practice_code} belongs to {codes}")
    raise ValidationError(
        "This row reaches into another commissioner's area ("
        + "; ".join(others)
        + "); only administrators move a practice between commissioners."
    )


def _renamed(result: ImportResult, row: RegisterRow, what: str, old: str, new: str) -> None:
    result.renames.append(RowProblem(row.line, f"{what} renamed from {old!r} to {new!r}."))


def _apply_register_row(row: RegisterRow, result: ImportResult, scope) -> None:
    commissioner = Commissioner.objects.filter(code=row.commissioner_code).first()
    if scope is not None and not scope.sees_everything:
        pcn = PCN.objects.filter(code=row.pcn_code).select_related("commissioner").first()
        practice = Practice.objects.filter(code=row.practice_code).first()
        if _register_reach(row, commissioner, pcn, practice, scope) == "outside":
            result.counts["rows_outside_your_area_skipped"] += 1
            return
    if commissioner is None:
        result.counts["commissioners_created"] += 1
    elif commissioner.name != row.commissioner_name:
        _renamed(
            result,
            row,
            f"commissioner {commissioner.code}",
            commissioner.name,
            row.commissioner_name,
        )
        result.counts["commissioners_renamed"] += 1
    commissioner = services.commissioner_upsert(
        code=row.commissioner_code, name=row.commissioner_name
    )
    pcn = PCN.objects.filter(code=row.pcn_code).first()
    if pcn is None:
        pcn = services.pcn_create(code=row.pcn_code, name=row.pcn_name, commissioner=commissioner)
        result.counts["pcns_created"] += 1
    elif pcn.commissioner_id != commissioner.pk:
        raise ValidationError(
            f"PCN {pcn.code} belongs to {pcn.commissioner.code}, not {commissioner.code}."
        )
    elif pcn.name != row.pcn_name:
        _renamed(result, row, f"PCN {pcn.code}", pcn.name, row.pcn_name)
        services.pcn_update(pcn, name=row.pcn_name)
        result.counts["pcns_renamed"] += 1
    known = Practice.objects.filter(code=row.practice_code).first()
    if known is None:
        result.counts["practices_created"] += 1
    elif known.name != row.practice_name:
        _renamed(result, row, f"practice {known.code}", known.name, row.practice_name)
        result.counts["practices_renamed"] += 1
    practice = services.practice_upsert(code=row.practice_code, name=row.practice_name)
    current = (
        Membership.objects.filter(practice=practice).on(row.list_date).select_related("pcn").first()
    )
    if current is None or current.pcn_id != pcn.pk:
        later = (
            Membership.objects.filter(practice=practice, start__gt=row.list_date)
            .select_related("pcn")
            .first()
        )
        if later is not None:
            raise ValidationError(
                f"Practice {practice.code} is recorded in {later.pcn.name} from "
                f"{later.start.isoformat()}; import older registers before newer ones."
            )
        services.practice_move(practice=practice, to_pcn=pcn, on=row.list_date)
        result.counts["memberships_started"] += 1
        if current is not None:
            result.counts["memberships_ended"] += 1
    _, changed = services.list_size_record(
        practice=practice,
        reference_date=row.list_date,
        registered=row.registered,
        weighted=row.weighted,
    )
    result.counts["list_sizes_recorded"] += int(changed)


def import_register(data: bytes | str, *, user=None) -> ImportResult:
    """Import the project's register template (see REGISTER_HEADER).

    A row states that on ``list_date`` the practice belongs to that PCN with those list sizes: a
    new membership starts on ``list_date``; a practice that moves PCN has its old membership end
    the day before; re-importing the same file changes nothing."""
    result = ImportResult()
    rows = parse_register(data, result)
    if not result.ok:
        return result
    scope = scope_for(user) if user is not None else None
    with transaction.atomic():
        for row in sorted(rows, key=lambda r: (r.list_date, r.line)):
            try:
                with transaction.atomic():
                    _apply_register_row(row, result, scope)
            except ValidationError as exc:
                result.errors.extend(RowProblem(row.line, m) for m in exc.messages)
        if not result.ok:
            result.counts.clear()
            result.renames.clear()
            transaction.set_rollback(True)
    result.errors.sort(key=lambda p: p.line)
    result.renames.sort(key=lambda p: p.line)
    return result


def _extract_date(value: str, problems: list[str]) -> date | None:
    for fmt in ("%d%b%Y", "%Y-%m-%d") if value.isascii() else ():
        try:
            return datetime.strptime(value.strip().title(), fmt).date()
        except ValueError:
            continue
    problems.append(f"EXTRACT_DATE must look like 01JAN2020 or 2020-01-01, not {value!r}.")
    return None


def import_list_sizes(data: bytes | str, *, user=None) -> ImportResult:
    """Import registered list sizes from NHS Digital's "Patients Registered at a GP Practice"
    totals file (gp-reg-pat-prac-all.csv), CCG-era or Sub-ICB header.

    Only rows with TYPE=GP, SEX=ALL, AGE=ALL are read; EXTRACT_DATE is the reference date.
    Practices not yet known are reported as warnings and skipped, never invented."""
    result = ImportResult()
    header, raw = _read(data, result)
    if result.errors:
        return result
    if [h.upper() for h in header] not in NHS_DIGITAL_HEADERS:
        result.errors.append(
            RowProblem(
                1,
                "This is not an NHS Digital gp-reg-pat-prac-all.csv file; the header must be "
                + " or ".join(",".join(h) for h in NHS_DIGITAL_HEADERS)
                + ".",
            )
        )
        return result
    index = {name: i for i, name in enumerate(h.upper() for h in header)}
    parsed, seen = [], {}
    for line, cells in raw:
        if len(cells) != len(header):
            result.rows += 1
            result.errors.append(
                RowProblem(line, f"Expected {len(header)} columns, found {len(cells)}.")
            )
            continue
        cell = {name: cells[i].strip() for name, i in index.items()}
        if (cell["TYPE"].upper(), cell["SEX"].upper(), cell["AGE"].upper()) != ("GP", "ALL", "ALL"):
            continue
        result.rows += 1
        problems: list[str] = []
        code = cell["CODE"].upper()
        _check(practice_code_validator, code, problems)
        when = _extract_date(cell["EXTRACT_DATE"], problems)
        number = _count(cell["NUMBER_OF_PATIENTS"], "NUMBER_OF_PATIENTS", problems)
        if not problems and (code, when) in seen and seen[(code, when)][1] != number:
            problems.append(
                f"Practice {code} is given a different count on line {seen[(code, when)][0]}."
            )
        if problems:
            result.errors.extend(RowProblem(line, p) for p in problems)
            continue
        seen[(code, when)] = (line, number)
        parsed.append((line, code, when, number))
    if not result.ok:
        return result
    practices = Practice.objects.in_bulk([p[1] for p in parsed], field_name="code")
    scope = scope_for(user) if user is not None else None
    scoped = scope is not None and not scope.sees_everything
    memberships: dict[int, list] = {}
    if scoped:
        for practice_id, *membership in Membership.objects.filter(
            practice__in=practices.values()
        ).values_list("practice_id", "start", "end", "pcn__commissioner_id"):
            memberships.setdefault(practice_id, []).append(membership)
    with transaction.atomic():
        for line, code, when, number in parsed:
            practice = practices.get(code)
            if practice is None:
                result.warnings.append(
                    RowProblem(
                        line,
                        f"Practice {code} is not known; add it with the register import first. Skipped.",
                    )
                )
                continue
            if scoped:
                owners = rules.owners_from(memberships.get(practice.pk, []), when)
                reach = rules.import_reach(owners, scope.commissioner_ids)
                if reach == "outside" or not owners:
                    result.counts["rows_outside_your_area_skipped"] += 1
                    continue
                if reach == "mixed":
                    result.errors.append(
                        RowProblem(
                            line,
                            f"Practice {code} belongs to another commissioner on or after "
                            f"{when.isoformat()}; only administrators import its list sizes.",
                        )
                    )
                    continue
            _, changed = services.list_size_record(
                practice=practice, reference_date=when, registered=number
            )
            result.counts["list_sizes_recorded"] += int(changed)
        if not result.ok:
            result.counts.clear()
            transaction.set_rollback(True)
    return result


def register_template() -> str:
    """The register template offered for download: the header and one example row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTER_HEADER)
    writer.writerow(
        [
            "07L",
            "NHS Barking and Dagenham CCG",
            "U00001",
            "Barking & Dagenham North PCN",
            "F82001",
            "Green Lane Surgery",
            "2020-01-01",
            "5740",
            "6027.00",
        ]
    )
    return out.getvalue()

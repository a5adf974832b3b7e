"""The import of the project's register template: commissioners, PCNs, practices, memberships
and list sizes, one row per practice on a list date."""

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from networks import rules, services
from networks.imports.cells import (
    ImportResult,
    RowProblem,
    check,
    count,
    decimal,
    iso_date,
    read_rows,
)
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
    header, raw = read_rows(data, result)
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
        check(commissioner_code_validator, v["commissioner_code"], problems)
        check(pcn_code_validator, v["pcn_code"], problems)
        check(practice_code_validator, v["practice_code"], problems)
        for name_field in ("commissioner_name", "practice_name"):
            if not v[name_field]:
                problems.append(f"{name_field} is empty.")
            elif len(v[name_field]) > 120:
                problems.append(f"{name_field} is longer than 120 characters.")
        problems.extend(rules.pcn_name_problems(v["pcn_name"]))
        for name_field in ("commissioner_name", "pcn_name", "practice_name"):
            problems.extend(rules.name_problems(v[name_field], name_field))
        list_date = iso_date(v["list_date"], "list_date", problems)
        registered = count(v["registered_patients"], "registered_patients", problems)
        weighted = decimal(v["weighted_patients"], "weighted_patients", problems)
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

"""The import of NHS Digital's registered list sizes (gp-reg-pat-prac-all.csv)."""

from datetime import date, datetime

from django.db import transaction

from networks import rules, services
from networks.imports.cells import ImportResult, RowProblem, check, count, read_rows
from networks.models import Membership, Practice, practice_code_validator
from networks.scopes import scope_for

NHS_DIGITAL_HEADERS = [
    "PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS".split(
        ","
    ),
    "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS".split(
        ","
    ),
]


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
    header, raw = read_rows(data, result)
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
        check(practice_code_validator, code, problems)
        when = _extract_date(cell["EXTRACT_DATE"], problems)
        number = count(cell["NUMBER_OF_PATIENTS"], "NUMBER_OF_PATIENTS", problems)
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

"""Race safety (issue 5.3): a statement read while a register import runs shows the figures
either before the import or after it, never a mixture (funding.snapshot)."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from funding import statements
from funding.models import FinancialYear
from networks.imports import REGISTER_HEADER, import_register
from networks.models import PCN
from tests import factories

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

LIST_DATE = date(2021, 1, 1)  # the 2021/22 reference date
NEW_PRACTICES = 150


@pytest.fixture
def pcn(db):
    # The readers and the importer use their own connections: PostgreSQL, never skipped.
    assert connection.vendor == "postgresql", "run the suite on PostgreSQL (make test)"
    factories.ensure_rates()
    commissioner = factories.CommissionerFactory(code="X01", name="NHS Exeshire CCG")
    pcn = factories.PCNFactory(code="U00101", name="Exeshire Alpha PCN", commissioner=commissioner)
    for code in ("A00001", "A00002"):
        factories.member(
            pcn,
            registered=10_000,
            practice=factories.PracticeFactory(code=code),
            reference_date=LIST_DATE,
        )
    return pcn


def register_file():
    """Both members' lists grow and 150 new practices join PCN A on the reference date."""
    rows = [
        [
            "X01",
            "NHS Exeshire CCG",
            "U00101",
            "Exeshire Alpha PCN",
            code,
            f"Surgery {code}",
            LIST_DATE.isoformat(),
            "12000",
            "12500.00",
        ]
        for code in ("A00001", "A00002")
    ]
    rows += [
        [
            "X01",
            "NHS Exeshire CCG",
            "U00101",
            "Exeshire Alpha PCN",
            f"B{n:05d}",
            f"New {n}",
            LIST_DATE.isoformat(),
            "3000",
            "3100.00",
        ]
        for n in range(NEW_PRACTICES)
    ]
    return "\n".join(",".join(r) for r in [REGISTER_HEADER, *rows]) + "\n"


def figures():
    """What a Clinical Director reads on the 2021/22 statement: the list sizes, the ARRS sum and
    the total, from a fresh statement."""
    statement = statements.pcn_statement(
        PCN.objects.get(code="U00101"), FinancialYear.objects.get(label="2021/22")
    )
    return (
        len(statement.members),
        statement.registered,
        statement.weighted,
        statement.arrs.amount if statement.arrs else None,
        statement.total,
    )


def in_thread(target):
    outcome = {}

    def run():
        try:
            outcome["value"] = target()
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_statement_read_across_an_import_commit_shows_the_figures_before_it(pcn):
    """The reader pauses after its first query (the members) while the whole import commits,
    then reads the rest: it must still see the old list sizes with the old members."""
    before = figures()
    paused, imported = threading.Event(), threading.Event()

    def pause_after_members(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if '"networks_membership"' in sql and not paused.is_set():
            paused.set()
            assert imported.wait(60), "the import did not finish"
        return result

    def read():
        with connection.execute_wrapper(pause_after_members):
            return figures()

    def run_import():
        assert paused.wait(60), "the reader never reached the members query"
        try:
            return import_register(register_file())
        finally:
            imported.set()

    reader, read_outcome = in_thread(read)
    importer, import_outcome = in_thread(run_import)
    importer.join(120)
    reader.join(120)
    assert "error" not in import_outcome and import_outcome["value"].ok
    assert "error" not in read_outcome, read_outcome.get("error")
    after = figures()
    assert after != before and after[0] == 2 + NEW_PRACTICES
    assert read_outcome["value"] == before


def test_statements_read_again_and_again_during_an_import_are_all_before_or_all_after(pcn):
    before = figures()
    done = threading.Event()
    seen = []

    def keep_reading():
        while not done.is_set():
            seen.append(figures())
        seen.append(figures())
        return len(seen)

    reader, read_outcome = in_thread(keep_reading)
    importer, import_outcome = in_thread(lambda: import_register(register_file()))
    importer.join(120)
    done.set()
    reader.join(120)
    assert "error" not in import_outcome and import_outcome["value"].ok
    assert "error" not in read_outcome, read_outcome.get("error")
    after = figures()
    assert before[0] == 2 and after[0] == 2 + NEW_PRACTICES
    assert len(seen) > 2
    torn = [s for s in seen if s not in (before, after)]
    assert not torn, f"{len(torn)} of {len(seen)} reads saw a half-imported state: {torn[:2]}"
    assert seen[-1] == after

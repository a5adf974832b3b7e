"""The register and NHS Digital list-size imports: all or nothing, every bad row reported."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from networks.imports import REGISTER_HEADER, import_list_sizes, import_register
from networks.models import PCN, Commissioner, ListSize, Membership, Practice

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
HEADER = ",".join(REGISTER_HEADER)


def register(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


GOOD = register(
    "07L,NHS Barking and Dagenham CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane Surgery,2020-01-01,5740,6027.00",
    "07L,NHS Barking and Dagenham CCG,U00001,Barking & Dagenham North PCN,F82002,Dr S Helder & Partners,2020-01-01,5704,5989.20",
    "07L,NHS Barking and Dagenham CCG,U00002,Barking & Dagenham East PCN,F82003,Church Hill,2020-01-01,6004,6304.20",
)


def counts():
    return tuple(m.objects.count() for m in (Commissioner, PCN, Practice, Membership, ListSize))


def test_register_import_creates_networks_memberships_and_list_sizes():
    result = import_register(GOOD)
    assert result.ok, result.errors
    assert counts() == (1, 2, 3, 3, 3)
    membership = Membership.objects.get(practice__code="F82001")
    assert (membership.pcn.code, membership.start, membership.end) == (
        "U00001",
        date(2020, 1, 1),
        None,
    )
    assert ListSize.objects.get(practice__code="F82002").weighted == Decimal("5989.20")


def test_reimporting_the_same_file_changes_nothing():
    import_register(GOOD)
    before = counts()
    result = import_register(GOOD)
    assert result.ok
    assert counts() == before
    assert sum(result.counts.values()) == 0


def test_newer_list_date_adds_list_sizes_and_keeps_membership():
    import_register(GOOD)
    result = import_register(GOOD.replace("2020-01-01", "2021-01-01"))
    assert result.ok
    assert ListSize.objects.filter(practice__code="F82001").count() == 2
    assert Membership.objects.filter(practice__code="F82001").count() == 1


def test_practice_moving_pcn_ends_old_membership_day_before():
    import_register(GOOD)
    moved = register(
        "07L,NHS Barking and Dagenham CCG,U00002,Barking & Dagenham East PCN,F82001,Green Lane Surgery,2021-01-01,5800,6090.00"
    )
    result = import_register(moved)
    assert result.ok, result.errors
    old, new = Membership.objects.filter(practice__code="F82001").order_by("start")
    assert (old.pcn.code, old.end) == ("U00001", date(2020, 12, 31))
    assert (new.pcn.code, new.start, new.end) == ("U00002", date(2021, 1, 1), None)


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-13-01,5740,6027",
            "list_date must be a date",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,many,6027",
            "registered_patients must be a whole number",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,-5,6027",
            "registered_patients must be a whole number in the digits 0-9",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,99999999,6027",
            "between 0 and",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,5740,abc",
            "weighted_patients must be a number",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,5740,1.234",
            "at most two decimal places",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F8200,Green Lane,2020-01-01,5740,6027",
            "practice ODS code",
        ),
        (
            "07L,NHS B&D CCG,X00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,5740,6027",
            "PCN ODS code",
        ),
        (
            "07l,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,5740,6027",
            "commissioner ODS code",
        ),
        (
            "07L,NHS B&D CCG,U00001,North PCN,F82001,Green Lane,2020-01-01,5740,6027",
            "needs a place",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North,F82001,Green Lane,2020-01-01,5740,6027",
            "suffix",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,,2020-01-01,5740,6027",
            "practice_name is empty",
        ),
        (
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,Green Lane,2020-01-01,5740",
            "Expected 9 columns, found 8",
        ),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_line_and_nothing_is_written(row, message):
    good = "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82009,Other Surgery,2020-01-01,100,100"
    result = import_register(register(good, row, good.replace("F82009", "F82010")))
    assert not result.ok
    assert [e.line for e in result.errors] == [3] * len(result.errors)
    assert any(message in e.message for e in result.errors), result.errors
    assert counts() == (0, 0, 0, 0, 0)


def test_every_bad_row_is_reported_not_just_the_first():
    rows = register(
        "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,A,2020-01-01,x,1",
        "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82002,B,2020-01-01,1,1",
        "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82003,C,bad-date,1,1",
    )
    assert [e.line for e in import_register(rows).errors] == [2, 4]


def test_inconsistent_rows_within_a_file_are_reported():
    rows = register(
        "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,F82001,A,2020-01-01,1,1",
        "07L,NHS B&D CCG,U00001,Barking & Dagenham Norte PCN,F82002,B,2020-01-01,1,1",
        "07L,NHS B&D CCG,U00002,Barking & Dagenham East PCN,F82001,A,2020-01-01,1,1",
    )
    result = import_register(rows)
    assert {e.line for e in result.errors} == {3, 4}
    assert counts() == (0, 0, 0, 0, 0)


def test_wrong_header_is_reported_on_line_one():
    result = import_register("code,name\nU00001,X PCN\n")
    assert [(e.line, "header must be exactly" in e.message) for e in result.errors] == [(1, True)]


def test_file_that_is_not_utf8_is_reported():
    result = import_register(GOOD.encode("utf-16"))
    assert "not UTF-8" in result.errors[0].message


def test_a_failure_while_writing_rolls_back_every_row(commissioner_x):
    # The PCN already belongs to another commissioner: row 3 fails after rows 2 were written.
    from tests.factories import PCNFactory

    PCNFactory(code="U00002", name="Barking & Dagenham East PCN", commissioner=commissioner_x)
    before = counts()
    result = import_register(GOOD)
    assert [e.line for e in result.errors] == [4]
    assert "belongs to X01" in result.errors[0].message
    assert counts() == before


def test_import_register_command_reports_errors_and_exits_non_zero(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(register("07L,NHS B&D CCG,U00001,North PCN,F82001,A,2020-01-01,1,1"))
    with pytest.raises(CommandError, match="line 2"):
        call_command("import_register", str(bad))
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    call_command("import_register", str(good))
    assert counts() == (1, 2, 3, 3, 3)


@pytest.fixture
def known_practices():
    import_register(
        register(
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,P10001,A,2019-01-01,5700,6000",
            "07L,NHS B&D CCG,U00001,Barking & Dagenham North PCN,P10002,B,2019-01-01,5600,5900",
        )
    )


def test_nhs_digital_ccg_era_file_records_registered_counts_and_keeps_weighted(known_practices):
    result = import_list_sizes((DATA / "gp-reg-pat-prac-all-ccg.csv").read_bytes())
    assert result.ok, result.errors
    assert result.counts["list_sizes_recorded"] == 2
    row = ListSize.objects.get(practice__code="P10001", reference_date=date(2020, 1, 1))
    assert (row.registered, row.weighted) == (5812, None)
    assert [(w.line, "P10001" in w.message or "Z99999" in w.message) for w in result.warnings] == [
        (6, True)
    ]
    assert not Practice.objects.filter(code="Z99999").exists()


def test_nhs_digital_sub_icb_file_with_iso_dates(known_practices):
    result = import_list_sizes((DATA / "gp-reg-pat-prac-all-sub-icb.csv").read_bytes())
    assert result.ok
    assert (
        ListSize.objects.get(practice__code="P10002", reference_date=date(2023, 1, 1)).registered
        == 5990
    )
    again = import_list_sizes((DATA / "gp-reg-pat-prac-all-sub-icb.csv").read_bytes())
    assert again.counts["list_sizes_recorded"] == 0


def test_nhs_digital_bad_rows_are_all_reported_and_nothing_written(known_practices):
    text = (DATA / "gp-reg-pat-prac-all-ccg.csv").read_text()
    text += "GP_PRAC_PAT_LIST,32JAN2020,GP,07L,E38000004,P10001,RM8 1AA,ALL,ALL,10\n"
    text += "GP_PRAC_PAT_LIST,01JAN2020,GP,07L,E38000004,P10002,RM8 1AB,ALL,ALL,-4\n"
    before = ListSize.objects.count()
    result = import_list_sizes(text)
    assert [e.line for e in result.errors] == [7, 8]
    assert ListSize.objects.count() == before


def test_nhs_digital_wrong_header_is_rejected():
    result = import_list_sizes(GOOD)
    assert "not an NHS Digital" in result.errors[0].message

"""The command-line contract: plain decimals out; bad input is a CommandError that says why."""

import csv
import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from funding import statements
from tests import factories


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("year", "population", "expected"),
    [
        ("2019/20", "112400", "107884.50"),  # §6 example 1: n = 2
        ("2021/22", "41250", "287128.88"),  # §6 example 2
        ("2020/21", "12000", "74358.00"),  # §6 example 3: the floor
        ("2020/21", "30000", "129321.00"),  # max(£129,321.00, floor £74,358.00)
        ("2020-21", "30,000", "129321.00"),  # the URL spelling of a year; a thousands comma
        ("2019/20", "0", "53942.25"),  # at least 1 WTE of each role
    ],
)
def test_arrs_sum_prints_the_sum_to_the_penny(rates, year, population, expected):
    assert run("arrs_sum", "--year", year, "--weighted-population", population) == expected + "\n"


@pytest.mark.parametrize(
    ("year", "population", "message"),
    [
        ("2030/31", "30000", "Unknown financial year '2030/31'"),
        ("20/21", "30000", "Unknown financial year"),
        ("2020/21", "-1", "must be zero or more"),
        ("2020/21", "lots", "is not a number"),
        ("2020/21", "NaN", "is not a number"),
        ("2020/21", "", "is not a number"),
    ],
)
def test_arrs_sum_refuses_bad_input(rates, year, population, message):
    with pytest.raises(CommandError, match=message):
        run("arrs_sum", "--year", year, "--weighted-population", population)


def test_arrs_sum_explains_a_year_without_a_rule(rates):
    from funding import services

    services.financial_year_upsert(
        label="2024/25",
        start=date(2024, 4, 1),
        end=date(2025, 3, 31),
        reference_date=date(2024, 1, 1),
    )
    with pytest.raises(CommandError, match="No ARRS sum rule is set up for 2024/25"):
        run("arrs_sum", "--year", "2024/25", "--weighted-population", "1000")


@pytest.fixture
def example_pcns(rates, commissioner_x):
    """§6 example 1 as a PCN of commissioner X: 112,400 weighted patients in 2019/20."""
    big = factories.PCNFactory(
        commissioner=commissioner_x, code="U00111", name="Exeshire Large PCN"
    )
    factories.member(big, registered=100_000, weighted="112400.00")
    small = factories.PCNFactory(
        commissioner=commissioner_x, code="U00112", name="Exeshire Small PCN"
    )
    factories.member(small, registered=43_218, weighted="40000.00")
    other = factories.PCNFactory(
        commissioner=factories.CommissionerFactory(code="Z01", name="NHS Zedshire CCG"),
        code="U00113",
    )
    factories.member(other, registered=5_000)
    return big, small


EXPECTED_SMALL_2019_20 = {
    "pcn_code": "U00112",
    "pcn_name": "Exeshire Small PCN",
    "registered_patients": "43218",
    "weighted_patients": "40000.00",
    "clinical_director": "22214.05",  # £0.514 × 43,218, July–March
    "core": "64827.00",  # £1.50 × 43,218, backdated to April
    "extended_hours": "47496.58",  # £1.099 × 43,218
    "participation": "70440.00",  # £1.761 × 40,000
    "arrs_sum": "53942.25",  # n = 1
    "total": "258919.88",
}


def test_entitlements_csv_has_one_row_per_pcn_of_the_commissioner(example_pcns):
    text = run("entitlements", "--year", "2019/20", "--commissioner", "X01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == statements.EXPORT_HEADER
    assert [r["pcn_code"] for r in rows] == ["U00111", "U00112"]
    assert rows[0]["arrs_sum"] == "107884.50"  # §6 example 1
    assert rows[1] == EXPECTED_SMALL_2019_20


def test_entitlements_total_is_the_four_streams_plus_the_arrs_sum(example_pcns):
    text = run("entitlements", "--year", "2019/20", "--format", "json")
    for row in json.loads(text):
        parts = ["clinical_director", "core", "extended_hours", "participation", "arrs_sum"]
        assert sum(D(row[p]) for p in parts) == D(row["total"])


def test_entitlements_json_without_a_commissioner_covers_every_pcn(example_pcns):
    rows = json.loads(run("entitlements", "--year", "2019-20", "--format", "json"))
    assert {r["pcn_code"] for r in rows} == {"U00111", "U00112", "U00113"}
    # JSON keeps the patient count a number and money as exact decimal strings.
    expected = {**EXPECTED_SMALL_2019_20, "registered_patients": 43218}
    assert next(r for r in rows if r["pcn_code"] == "U00112") == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1999/00"], "Unknown financial year '1999/00'"),
        (["--year", "2019/20", "--commissioner", "NOPE"], "Unknown commissioner 'NOPE'"),
    ],
)
def test_entitlements_refuses_bad_input(rates, args, message):
    with pytest.raises(CommandError, match=message):
        run("entitlements", *args)


def test_entitlements_refuses_an_unknown_format(rates):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        run("entitlements", "--year", "2019/20", "--format", "xml")


def test_payment_schedule_totals_equal_the_entitlements_to_the_penny(example_pcns):
    big, small = example_pcns
    factories.member(small, registered=3_001, weighted="2999.99", start=date(2020, 9, 17))
    text = run("payment_schedule", "--year", "2020/21", "--commissioner", "X01")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == statements.PAYMENT_HEADER
    entitlements = {
        r["pcn_code"]: r
        for r in csv.DictReader(
            io.StringIO(run("entitlements", "--year", "2020/21", "--commissioner", "X01"))
        )
    }
    for code, ent in entitlements.items():
        for stream in ("clinical_director", "core", "extended_hours", "participation"):
            paid = sum(
                D(r["amount"]) for r in rows if r["pcn_code"] == code and r["stream"] == stream
            )
            assert paid == D(ent[stream]), (code, stream)


def test_payment_schedule_pays_pcn_streams_to_the_payee_and_participation_to_practices(
    example_pcns,
):
    big, _ = example_pcns
    from networks import services as networks

    payee = big.memberships.get().practice
    networks.pcn_update(big, nominated_payee=payee)
    rows = json.loads(
        run("payment_schedule", "--year", "2020/21", "--commissioner", "X01", "--format", "json")
    )
    big_rows = [r for r in rows if r["pcn_code"] == "U00111"]
    assert {r["payee_code"] for r in big_rows} == {payee.code}
    assert len([r for r in big_rows if r["stream"] == "core"]) == 12
    assert [r["month"] for r in big_rows if r["stream"] == "core"][-1] == "2021-03"
    small_core = [r for r in rows if r["pcn_code"] == "U00112" and r["stream"] == "core"]
    assert {r["payee_name"] for r in small_core} == {"No nominated payee"}


def test_payment_schedule_warns_about_a_pcn_without_a_payee(example_pcns):
    err = io.StringIO()
    call_command(
        "payment_schedule",
        "--year",
        "2020/21",
        "--commissioner",
        "X01",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "Exeshire Small PCN: No nominated payee is recorded" in err.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2020/21", "--commissioner", "NOPE"], "Unknown commissioner 'NOPE'"),
        (["--year", "2090/91", "--commissioner", "X01"], "Unknown financial year"),
    ],
)
def test_payment_schedule_refuses_bad_input(rates, commissioner_x, args, message):
    with pytest.raises(CommandError, match=message):
        run("payment_schedule", *args)

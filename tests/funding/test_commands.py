"""The command-line contract: plain decimals out; bad input is a CommandError that says why."""

import csv
import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from funding import formatting, statements
from tests import factories

TODAY = formatting.day(timezone.localdate())


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
def test_the_2019_worked_examples_reconcile_on_the_planning_2019_schedule(
    rates, year, population, expected
):
    out = run(
        "arrs_sum", "--year", year, "--weighted-population", population, "--rates", "planning-2019"
    )
    assert out == expected + "\n"


@pytest.mark.parametrize(
    ("year", "population", "expected"),
    [
        ("2019/20", "112400", "107884.50"),  # the 2019/20 allowance is the same nationally
        ("2023/24", "30000", "680130.00"),  # des-rules §6 example 7: 30,000 × £22.671
        ("2020/21", "12000", "91059.00"),  # the floor at the national maxima 55,670 + 35,389
        ("2025/26", "30000", "798930.00"),  # the ready reckoner: 30,000 × £26.631
    ],
)
def test_arrs_sum_on_the_national_schedule(rates, year, population, expected):
    assert run("arrs_sum", "--year", year, "--weighted-population", population) == expected + "\n"


def test_arrs_sum_gp_prints_the_separate_2024_25_gp_sum(rates):
    # des-years §2: £1.303 × weighted population for 1 October 2024 – 31 March 2025.
    out = run("arrs_sum", "--year", "2024/25", "--weighted-population", "30000", "--gp")
    assert out == "39090.00\n"
    with pytest.raises(CommandError, match="has no separate GP sum"):
        run("arrs_sum", "--year", "2025/26", "--weighted-population", "30000", "--gp")


def test_arrs_sum_as_known_on_a_day_before_the_rule_was_announced(rates):
    with pytest.raises(CommandError, match="No ARRS sum rule is set up for 2025/26"):
        run(
            "arrs_sum",
            "--year",
            "2025/26",
            "--weighted-population",
            "30000",
            "--as-known-on",
            "2025-03-26",
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rates", "nowhere"], "No rate schedule 'nowhere'"),
        (["--as-known-on", "yesterday"], "is not a date"),
        (["--weighted-population", "sNaN"], "is not a number"),
        (["--weighted-population", "Infinity"], "is not a number"),
        (["--weighted-population", "1e999999"], "beyond sense"),
        (["--weighted-population", "12345678901234567890123456"], "beyond sense"),
    ],
)
def test_arrs_sum_refuses_schedules_dates_and_numbers_beyond_sense(rates, args, message):
    options = {"--year": "2023/24", "--weighted-population": "30000"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    with pytest.raises(CommandError, match=message):
        run("arrs_sum", *[x for pair in options.items() for x in pair])


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
        label="2030/31",
        start=date(2030, 4, 1),
        end=date(2031, 3, 31),
        reference_date=date(2030, 1, 1),
    )
    with pytest.raises(CommandError, match="No ARRS sum rule is set up for 2030/31"):
        run("arrs_sum", "--year", "2030/31", "--weighted-population", "1000")


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
    assert list(rows[0]) == [*EXPECTED_SMALL_2019_20, "rates"]
    # Every row names the schedule it was worked out on.
    assert {r.pop("rates") for r in rows} == {f"national rates as known on {TODAY}"}
    assert [r["pcn_code"] for r in rows] == ["U00111", "U00112"]
    assert rows[0]["arrs_sum"] == "107884.50"  # §6 example 1
    assert rows[1] == EXPECTED_SMALL_2019_20


def test_entitlements_2019_20_is_the_same_on_the_planning_2019_schedule(example_pcns):
    national = run("entitlements", "--year", "2019/20", "--commissioner", "X01")
    planning = run(
        "entitlements", "--year", "2019/20", "--commissioner", "X01", "--rates", "planning-2019"
    )

    def figures(text):
        return [row[:-1] for row in csv.reader(io.StringIO(text))]  # all but the rates named

    assert figures(national) == figures(planning)
    assert "planning-2019 rates as known on" in planning


def test_entitlements_name_the_schedule_and_leave_a_missing_stream_and_the_total_empty(
    example_pcns,
):
    # 2022/23: the Capacity and Access Support rate per patient is not known (des-years §1).
    err = io.StringIO()
    out = io.StringIO()
    call_command(
        "entitlements", "--year", "2022/23", "--commissioner", "X01", stdout=out, stderr=err
    )
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["casp"] == "" and row["total"] == ""
    assert row["core"] != ""
    assert "Rates: national rates as known on" in err.getvalue()
    assert "Not set for 2022/23: Capacity and Access Support Payment" in err.getvalue()


def test_entitlements_total_is_the_four_streams_plus_the_arrs_sum(example_pcns):
    text = run("entitlements", "--year", "2019/20", "--format", "json")
    for row in json.loads(text):
        parts = ["clinical_director", "core", "extended_hours", "participation", "arrs_sum"]
        assert sum(D(row[p]) for p in parts) == D(row["total"])


def test_entitlements_json_without_a_commissioner_covers_every_pcn(example_pcns):
    rows = json.loads(run("entitlements", "--year", "2019-20", "--format", "json"))
    assert {r["pcn_code"] for r in rows} == {"U00111", "U00112", "U00113"}
    # JSON keeps the patient count a number and money as exact decimal strings.
    expected = {
        **EXPECTED_SMALL_2019_20,
        "registered_patients": 43218,
        "rates": f"national rates as known on {TODAY}",
    }
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

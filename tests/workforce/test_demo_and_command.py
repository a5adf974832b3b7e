from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from networks import demo as networks_demo
from networks import demo_users
from tests import factories
from workforce import demo
from workforce.models import Baseline, Claim, ClaimEvent, ClaimStatus, PaymentRun, Staff

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Baseline, Staff, Claim, ClaimEvent, PaymentRun)]


def test_demo_loads_every_status_and_a_second_load_changes_nothing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    factories.ensure_rates()
    networks_demo.load()
    demo_users.load()
    assert demo.load() is True
    first = counts()
    assert demo.load() is False
    assert counts() == first
    assert set(Claim.objects.values_list("status", flat=True)) == set(ClaimStatus.values)
    assert Claim.objects.filter(adjusts__isnull=False).exists()
    assert Baseline.objects.filter(status="draft").count() == 1


def quote(*args):
    out = StringIO()
    call_command("arrs_quote", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def loaded(db):
    factories.ensure_rates()


def test_quote_prints_the_reimbursable_amount(loaded):
    args = [
        "--role",
        "clinical-pharmacist",
        "--year",
        "2021/22",
        "--wte",
        "0.8",
        "--months",
        "3",
        "--actual-cost",
        "15000",
    ]
    # 2019 planning figures: 70% of 15,000 = 10,500 > 39,844 × 0.8 × 3 / 12 = 7,968.80.
    assert quote(*args, "--rates", "planning-2019") == "7968.80"
    # National: 100%, and the 2020/21 maximum of £55,670 stays in force: 11,134.00.
    assert quote(*args) == "11134.00"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--role": "astronaut"}, "Unknown role"),
        ({"--year": "2030/31"}, "Unknown financial year"),
        ({"--wte": "1.2"}, "at most 1"),
        ({"--wte": "NaN"}, "not a number"),
        ({"--actual-cost": "sNaN"}, "not a number"),
        ({"--actual-cost": "Infinity"}, "not a number"),
        ({"--actual-cost": "1e999999"}, "beyond sense"),
        ({"--rates": "nowhere"}, "No rate schedule"),
        ({"--area": "mars"}, "invalid choice"),
        ({"--year": "2019/20", "--months": "12"}, "Only 9 months|before the scheme began"),
        ({"--from-month": "2019-04", "--year": "2019/20"}, "before the scheme began"),
        ({"--role": "physician-associate", "--year": "2020/21"}, "is not published"),
        ({"--wte": "0"}, "more than 0"),
        ({"--months": "13"}, "between 1 and 12"),
        ({"--months": "0"}, "between 1 and 12"),
        ({"--actual-cost": "-1"}, "zero or more"),
        ({"--role": "paramedic", "--year": "2020/21"}, "not reimbursable"),
        ({"--from-month": "2022-01", "--months": "6"}, "Only 3 months"),
    ],
)
def test_quote_refuses_bad_input_with_a_clear_message(loaded, change, message):
    args = {
        "--role": "clinical-pharmacist",
        "--year": "2021/22",
        "--wte": "0.8",
        "--months": "3",
        "--actual-cost": "15000",
    } | change
    with pytest.raises(CommandError, match=message):
        quote(*[x for pair in args.items() for x in pair])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # des-rules §6 example 7: 2020/21 pharmacy technician, 12 months, £40,000 → cap £35,389.
        (["--role", "pharmacy-technician", "--year", "2020/21", "--months", "12", "--actual-cost", "40000"], "35389.00"),
        # Example 8: 2022/23 clinical pharmacist April–March, £70,000: 6 × 57,318 + 6 × 59,312.
        (["--role", "clinical-pharmacist", "--year", "2022/23", "--months", "12", "--actual-cost", "70000"], "58315.00"),
        # Example 11: inner London from October 2024, 6 × 76,313 / 12.
        (["--role", "clinical-pharmacist", "--from-month", "2024-10", "--months", "6", "--actual-cost", "80000", "--area", "inner-london"], "38156.50"),
        # No outer London figure for October 2022 – June 2023: the national maximum applies.
        (["--role", "clinical-pharmacist", "--from-month", "2022-10", "--months", "1", "--actual-cost", "9000", "--area", "outer-london"], "4942.67"),
        # The 2025/26 maxima as known before the 2025/26 DES was announced: 2024/25's stay in force.
        (["--role", "general-practitioner", "--from-month", "2025-04", "--months", "1", "--actual-cost", "9000", "--as-known-on", "2025-03-26"], "7705.17"),
    ],
)  # fmt: skip
def test_quote_prices_the_period_on_the_national_schedule(loaded, args, expected):
    assert quote("--wte", "1", *args) == expected


def test_quote_says_when_no_london_supplement_is_published(loaded):
    err = StringIO()
    out = StringIO()
    call_command(
        "arrs_quote",
        *("--role", "clinical-pharmacist", "--from-month", "2022-10", "--months", "1"),
        *("--wte", "1", "--actual-cost", "9000", "--area", "outer-london"),
        stdout=out,
        stderr=err,
    )
    assert out.getvalue() == "4942.67\n"
    assert "No outer london supplement is published" in err.getvalue()
    assert "Rates: national rates as known on" in err.getvalue()

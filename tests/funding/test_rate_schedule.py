"""The DES rate schedule is data (style.md §3): rows with constraints, loaded from the rates file,
edited in the admin with their history kept."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding import services
from funding.models import ArrsRole, ArrsRoleRate, ArrsSumRule, FinancialYear, PaymentRate


def core_rate(**overrides):
    values = {
        "stream": "core",
        "period_start": date(2024, 4, 1),
        "period_end": date(2025, 3, 31),
        "amount_per_patient": D("1.50"),
        "basis": "registered",
        "paid_to": "pcn",
    }
    return services.payment_rate_upsert(**{**values, **overrides})


@pytest.mark.django_db
def test_rates_file_loads_five_years_and_reloading_changes_nothing():
    services.rates_load()
    assert list(FinancialYear.objects.values_list("label", flat=True)) == [
        "2019/20",
        "2020/21",
        "2021/22",
        "2022/23",
        "2023/24",
    ]
    before = PaymentRate.history.count()
    counts = services.rates_load()
    assert counts["payment_rates"] == PaymentRate.objects.count() == 19
    assert PaymentRate.history.count() == before


@pytest.mark.django_db
def test_overlapping_rates_of_one_stream_are_refused():
    core_rate()
    with pytest.raises(ValidationError, match="overlaps the Core PCN funding rate"):
        core_rate(period_start=date(2024, 10, 1), amount_per_patient=D("1.60"))


@pytest.mark.django_db
def test_a_mid_year_uplift_is_a_second_row_from_the_uplift_date():
    core_rate(period_end=date(2024, 9, 30), amount_per_patient=D("0.75"))
    core_rate(period_start=date(2024, 10, 1), amount_per_patient=D("0.80"))
    assert PaymentRate.objects.filter(stream="core").count() == 2


@pytest.mark.django_db
def test_other_streams_may_share_a_period():
    core_rate()
    core_rate(stream="clinical_director", amount_per_patient=D("0.722"))
    assert PaymentRate.objects.count() == 2


@pytest.mark.django_db
def test_a_rate_cannot_cross_31_march():
    with pytest.raises(ValidationError, match="within one financial year"):
        core_rate(period_start=date(2024, 10, 1), period_end=date(2025, 9, 30))


@pytest.mark.django_db
def test_backdating_day_lies_within_the_period():
    with pytest.raises(ValidationError, match="backdating date"):
        core_rate(backdated_members_on=date(2025, 7, 1))


@pytest.mark.django_db
def test_database_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRate.objects.create(
            stream="core",
            period_start=date(2024, 4, 1),
            period_end=date(2024, 3, 1),
            amount_per_patient=D("1.50"),
            basis="registered",
            paid_to="pcn",
        )


@pytest.mark.django_db
def test_overlapping_role_rates_are_refused_and_an_open_end_runs_for_ever():
    role = services.arrs_role_upsert(slug="dietitian", name="Dietitian")
    services.arrs_role_rate_upsert(
        role=role,
        effective_from=date(2022, 4, 1),
        effective_to=None,
        percent=D("100"),
        max_annual_per_wte=D("54000"),
    )
    with pytest.raises(ValidationError, match="overlaps the Dietitian rate"):
        services.arrs_role_rate_upsert(
            role=role,
            effective_from=date(2023, 7, 1),
            effective_to=None,
            percent=D("100"),
            max_annual_per_wte=D("55670"),
        )


@pytest.mark.parametrize(
    ("label", "start", "end", "message"),
    [
        ("2024/25", date(2025, 4, 1), date(2026, 3, 31), "does not start in 2025"),
        ("2024/25", date(2024, 5, 1), date(2025, 3, 31), "starts on 1 April"),
        ("2024/25", date(2024, 4, 1), date(2025, 4, 30), "ends on 31 March"),
    ],
)
@pytest.mark.django_db
def test_financial_year_runs_1_april_to_31_march(label, start, end, message):
    with pytest.raises(ValidationError, match=message):
        services.financial_year_upsert(
            label=label, start=start, end=end, reference_date=date(start.year, 1, 1)
        )


@pytest.mark.django_db
def test_a_per_head_rule_needs_its_amount(rates):
    year = FinancialYear.objects.get(label="2023/24")
    with pytest.raises(ValidationError, match="per weighted patient"):
        services.arrs_sum_rule_set(financial_year=year, method=ArrsSumRule.Method.PER_HEAD)


# The admin: every rate table is listed, editable, and shows its history.
ADMIN_PAGES = [
    "/admin/funding/financialyear/",
    "/admin/funding/paymentrate/",
    "/admin/funding/arrsrole/",
    "/admin/funding/arrsrolerate/",
    "/admin/funding/arrssumrule/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_administrator_sees_each_rate_table_and_its_history(rates, administrator, client_for, url):
    client = client_for(administrator)
    model = {
        "financialyear": FinancialYear,
        "paymentrate": PaymentRate,
        "arrsrole": ArrsRole,
        "arrsrolerate": ArrsRoleRate,
        "arrssumrule": ArrsSumRule,
    }[url.split("/")[3]]
    assert client.get(url).status_code == 200
    first = model.objects.first()
    assert client.get(f"{url}{first.pk}/change/").status_code == 200
    assert client.get(f"{url}{first.pk}/history/").status_code == 200


def admin_rate_form(**overrides):
    return {
        "stream": "core",
        "amount_per_patient": "1.60",
        "period_start": "2023-10-01",
        "period_end": "2024-03-31",
        "basis": "registered",
        "paid_to": "pcn",
        "source": "",
        **overrides,
    }


def test_admin_refuses_an_overlapping_rate(rates, administrator, client_for):
    response = client_for(administrator).post("/admin/funding/paymentrate/add/", admin_rate_form())
    assert response.status_code == 200
    assert "This period overlaps the Core PCN funding rate" in response.content.decode()
    assert not PaymentRate.objects.filter(amount_per_patient=D("1.60")).exists()


def test_admin_adds_a_year_s_rate_and_keeps_its_history(rates, administrator, client_for):
    response = client_for(administrator).post(
        "/admin/funding/paymentrate/add/",
        admin_rate_form(period_start="2024-04-01", period_end="2025-03-31", source="uplift"),
    )
    assert response.status_code == 302
    rate = PaymentRate.objects.get(period_start=date(2024, 4, 1), stream="core")
    assert rate.amount_per_patient == D("1.60")
    assert rate.history.count() == 1

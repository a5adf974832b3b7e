"""Rate schedules are data (style.md §3): sourced, announced, effective-dated rows in a named
schedule; a later announcement supersedes without deleting; loaded from fixtures/rates/ without
overwriting an administrator's edit; copied into a commissioner's local planning schedule; edited
in the admin with their history kept, never deleted."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding import engine, selectors, services
from funding.models import (
    ArrsRole,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    PaymentRate,
    PaymentStream,
    RateSchedule,
)
from tests import factories


@pytest.fixture
def schedule(db):
    return services.schedule_upsert(slug="test", name="Test", kind="planning")


@pytest.fixture
def core(db):
    return services.stream_upsert(
        slug="core", name="Core PCN funding", paid_to="pcn", starts_on=date(2019, 4, 1)
    )


def core_rate(schedule, core, **overrides):
    values = {
        "schedule": schedule,
        "stream": core,
        "period_start": date(2024, 4, 1),
        "period_end": date(2025, 3, 31),
        "announced_on": date(2024, 3, 28),
        "components": [("registered", "1.50")],
    }
    return services.payment_rate_upsert(**{**values, **overrides})


@pytest.mark.django_db
def test_shipped_files_load_every_schedule_and_reloading_changes_nothing():
    services.rates_load()
    assert list(FinancialYear.objects.values_list("label", flat=True)) == [
        f"{y}/{str(y + 1)[2:]}" for y in range(2019, 2027)
    ]
    assert set(RateSchedule.objects.values_list("slug", flat=True)) == {
        "national",
        "planning-2019",
    }
    before = (PaymentRate.history.count(), ArrsRoleRate.history.count())
    report = services.rates_load()
    assert report["payment_rates"] == PaymentRate.objects.count()
    assert (PaymentRate.history.count(), ArrsRoleRate.history.count()) == before
    assert report.kept == []


@pytest.mark.django_db
def test_every_shipped_row_names_its_source_and_status():
    services.rates_load()
    for model in (PaymentRate, ArrsRoleRate, ArrsSumRule):
        for row in model.objects.all():
            assert row.source.strip(), row
            assert row.status in ("published", "reported"), row
            assert row.announced_on, row


@pytest.mark.django_db
def test_load_rates_never_overwrites_a_row_an_administrator_edited():
    services.rates_load()
    row = ArrsRoleRate.objects.get(
        schedule__slug="national", role__slug="clinical-pharmacist", effective_from=date(2022, 4, 1)
    )
    row.max_annual_per_wte = D("57000")
    services.rate_data_save(row)
    report = services.rates_load()
    row.refresh_from_db()
    assert row.max_annual_per_wte == D("57000")
    assert any("57000" in line and "57318" in line for line in report.kept), report.kept


@pytest.mark.django_db
def test_overlapping_periods_of_one_stream_are_refused(schedule, core):
    core_rate(schedule, core)
    with pytest.raises(ValidationError, match="overlaps the Core PCN funding rate"):
        core_rate(schedule, core, period_start=date(2024, 10, 1), components=[("registered", "1")])


@pytest.mark.django_db
def test_a_later_announcement_for_the_same_period_supersedes_without_deleting(schedule, core):
    core_rate(schedule, core)
    core_rate(schedule, core, announced_on=date(2024, 9, 26), components=[("registered", "1.60")])
    assert PaymentRate.objects.filter(schedule=schedule).count() == 2
    year = services.financial_year_upsert(
        label="2024/25",
        start=date(2024, 4, 1),
        end=date(2025, 3, 31),
        reference_date=date(2024, 1, 1),
    )
    [(now, _)] = engine.rates_in_year(year, schedule, date(2024, 12, 1))
    [(then, _)] = engine.rates_in_year(year, schedule, date(2024, 9, 25))
    assert now.amount_per_patient == D("1.60") and then.amount_per_patient == D("1.50")


@pytest.mark.django_db
def test_the_same_row_twice_in_one_schedule_is_refused_by_the_database(schedule, core):
    rate = core_rate(schedule, core)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRate.objects.create(
            schedule=schedule,
            stream=core,
            period_start=rate.period_start,
            period_end=rate.period_end,
            announced_on=rate.announced_on,
        )


@pytest.mark.django_db
def test_another_schedule_may_hold_the_same_period(schedule, core):
    core_rate(schedule, core)
    other = services.schedule_upsert(slug="other", name="Other", kind="planning")
    core_rate(other, core, components=[("registered", "9")])
    assert PaymentRate.objects.filter(schedule__in=[schedule, other]).count() == 2


@pytest.mark.django_db
def test_a_rate_cannot_cross_31_march(schedule, core):
    with pytest.raises(ValidationError, match="within one financial year"):
        core_rate(schedule, core, period_start=date(2024, 10, 1), period_end=date(2025, 9, 30))


@pytest.mark.django_db
def test_backdating_day_lies_within_the_period(schedule, core):
    with pytest.raises(ValidationError, match="backdating date"):
        core_rate(schedule, core, backdated_members_on=date(2025, 7, 1))


@pytest.mark.django_db
def test_database_refuses_a_period_that_ends_before_it_starts(schedule, core):
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRate.objects.create(
            schedule=schedule,
            stream=core,
            period_start=date(2024, 4, 1),
            period_end=date(2024, 3, 1),
            announced_on=date(2024, 3, 1),
        )


@pytest.mark.django_db
def test_a_role_rate_stays_in_force_until_a_later_start_supersedes_it(schedule):
    role = services.arrs_role_upsert(slug="dietitian", name="Dietitian")
    for start, announced, maximum in (
        (date(2022, 4, 1), date(2022, 4, 1), "54000"),
        (date(2023, 7, 1), date(2023, 6, 14), "55670"),
        (date(2023, 4, 1), date(2023, 8, 1), "54500"),  # backdated, announced later
    ):
        services.arrs_role_rate_upsert(
            schedule=schedule,
            role=role,
            effective_from=start,
            announced_on=announced,
            percent=D("100"),
            max_annual_per_wte=D(maximum),
        )
    rates = selectors.role_rates([role.pk], schedule)[role.pk]
    from funding.rules import rate_in_force

    def maximum(month, known=None):
        return rate_in_force(rates, month, known).max_annual_per_wte

    assert maximum(date(2025, 1, 1)) == D("55670")  # the open end runs on
    assert maximum(date(2023, 5, 1)) == D("54500")
    assert maximum(date(2023, 5, 1), date(2023, 7, 31)) == D("54000")  # before the backdating


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
        services.arrs_sum_rule_set(
            financial_year=year, method=ArrsSumRule.Method.PER_HEAD, announced_on=date(2030, 1, 1)
        )


@pytest.mark.django_db
def test_a_commissioner_copies_a_schedule_into_a_private_local_one(rates, commissioner_x):
    national = RateSchedule.objects.get(slug="national")
    local = services.schedule_copy(
        source=national, commissioner=commissioner_x, slug="x01-plan", name="X01 plan"
    )
    assert local.kind == RateSchedule.Kind.LOCAL and local.copied_from == national
    for model in (PaymentRate, ArrsRoleRate, ArrsSumRule):
        assert (
            model.objects.filter(schedule=local).count()
            == model.objects.filter(schedule=national).count()
        )
    rule = ArrsSumRule.objects.get(schedule=local, financial_year__label="2024/25")
    assert [r.slug for r in rule.gp_roles.all()] == ["general-practitioner"]
    cm_y = factories.user("contract_manager", commissioners=[factories.CommissionerFactory()])
    assert not RateSchedule.objects.visible_to(cm_y).filter(pk=local.pk).exists()
    with pytest.raises(services.RatesError, match="already exists"):
        services.schedule_copy(
            source=national, commissioner=commissioner_x, slug="x01-plan", name="Again"
        )


# The admin: every rate table is listed, editable, shows its history, and deletes nothing.
ADMIN_PAGES = {
    "/admin/funding/financialyear/": FinancialYear,
    "/admin/funding/paymentstream/": PaymentStream,
    "/admin/funding/paymentrate/": PaymentRate,
    "/admin/funding/arrsrole/": ArrsRole,
    "/admin/funding/arrsrolerate/": ArrsRoleRate,
    "/admin/funding/arrssumrule/": ArrsSumRule,
}


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_administrator_sees_each_rate_table_and_its_history(rates, administrator, client_for, url):
    client = client_for(administrator)
    assert client.get(url).status_code == 200
    first = ADMIN_PAGES[url].objects.first()
    assert client.get(f"{url}{first.pk}/change/").status_code == 200
    assert client.get(f"{url}{first.pk}/history/").status_code == 200
    assert client.get(f"{url}{first.pk}/delete/").status_code == 403


def admin_rate_form(**overrides):
    national = RateSchedule.objects.get(slug="national")
    core = PaymentStream.objects.get(slug="core")
    return {
        "schedule": national.pk,
        "stream": core.pk,
        "period_start": "2023-10-01",
        "period_end": "2024-03-31",
        "announced_on": "2023-04-01",
        "status": "reported",
        "source": "",
        "components-TOTAL_FORMS": "1",
        "components-INITIAL_FORMS": "0",
        "components-MIN_NUM_FORMS": "0",
        "components-MAX_NUM_FORMS": "1000",
        "components-0-basis": "registered",
        "components-0-amount_per_unit": "1.60",
        **overrides,
    }


def test_admin_refuses_an_overlapping_rate(rates, administrator, client_for):
    response = client_for(administrator).post("/admin/funding/paymentrate/add/", admin_rate_form())
    assert response.status_code == 200
    assert "This period overlaps the Core PCN funding rate" in response.content.decode()
    assert not PaymentRate.objects.filter(period_start=date(2023, 10, 1)).exists()


def test_admin_adds_a_year_s_rate_marks_it_edited_and_keeps_its_history(
    rates, administrator, client_for
):
    response = client_for(administrator).post(
        "/admin/funding/paymentrate/add/",
        admin_rate_form(
            period_start="2026-04-01",
            period_end="2027-03-31",
            announced_on="2026-04-30",
            source="PRN02483",
        ),
    )
    assert response.status_code == 302
    rate = PaymentRate.objects.get(period_start=date(2026, 4, 1), stream__slug="core")
    assert [c.amount_per_unit for c in rate.components.all()] == [D("1.60")]
    assert rate.edited and rate.history.count() >= 1


def test_role_limits_reads_the_conditions_and_caps_in_one_query(rates, django_assert_num_queries):
    from datetime import date

    from funding import selectors

    for month in (date(2019, 7, 1), date(2023, 10, 1), date(2025, 4, 1)):
        expected = (selectors.role_conditions(month), selectors.role_caps())
        with django_assert_num_queries(1):
            assert selectors.role_limits(month) == expected
    assert any(selectors.role_caps().values())


def test_the_sum_rule_brings_its_roles_in_one_query(rates, django_assert_num_queries):
    from funding import selectors
    from funding.models import ArrsSumRule, FinancialYear

    for year in FinancialYear.objects.filter(arrs_rules__isnull=False).distinct():
        with django_assert_num_queries(1):
            rule = selectors.sum_rule(year)
            roles = list(rule.roles.all()), list(rule.gp_roles.all())
        stored = ArrsSumRule.objects.get(pk=rule.pk)
        assert roles == (list(stored.roles.all()), list(stored.gp_roles.all()))
        assert [r.slug for r in roles[0]] == [r.slug for r in stored.roles.all()]

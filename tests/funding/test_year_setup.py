"""A financial year set up in the browser: created from the last one with no figure copied, its
rates added with their sources, marked ready once its checklist is complete; who may do it; the
banner; the year_status command; statements of a year without rates."""

from datetime import date
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from funding import services as funding_services
from funding.models import ArrsRole, FinancialYear, PaymentRate, PaymentStream
from funding.selectors import checklist as year_setup
from funding.services import RatesError

CHECKLIST = "/rates/years/{}/"
# Figures count from their announcement: a day already past (a later one is not yet known).
ANNOUNCED = date(2026, 11, 1)
SOURCE = "NHS England, Network Contract DES specification 2027/28, 30 April 2027"


@pytest.fixture
def new_year(rates, administrator):
    return funding_services.year_create_next(by=administrator)


def fill(year, administrator):
    """Every figure the 2027/28 checklist needs, as an administrator enters them."""
    for slug in ("core", "enhanced_access", "participation", "care_home_premium"):
        funding_services.year_stream_rate_add(
            year=year,
            stream=PaymentStream.objects.get(slug=slug),
            components=[("care_home_beds" if slug == "care_home_premium" else "weighted", D(2))],
            period_start=year.start,
            period_end=year.end,
            announced_on=ANNOUNCED,
            status="published",
            source=SOURCE,
            by=administrator,
        )
    funding_services.year_sum_rule_set(
        year=year,
        per_head=D("28.5"),
        redistribution_allowed=False,
        announced_on=ANNOUNCED,
        status="published",
        source=SOURCE,
        by=administrator,
    )


def test_the_next_year_is_created_from_the_last_with_no_figure_copied(new_year):
    assert (new_year.label, new_year.start, new_year.end) == (
        "2027/28",
        date(2027, 4, 1),
        date(2028, 3, 31),
    )
    assert new_year.reference_date == date(2027, 1, 1)
    assert new_year.copied_from.label == "2026/27"
    assert not PaymentRate.objects.filter(period_start__gte=new_year.start).exists()
    checklist = year_setup.year_checklist(new_year)
    assert checklist.last_year == "2026/27"
    assert {i.key for i in checklist.missing} >= {"stream:core", "sum-rule"}


def test_marking_ready_is_refused_naming_what_is_missing(new_year, administrator):
    with pytest.raises(RatesError, match="Core PCN funding: statements show it as not set"):
        funding_services.year_mark_ready(year=new_year, by=administrator)
    new_year.refresh_from_db()
    assert new_year.ready_at is None


def test_a_complete_year_is_marked_ready_with_who_and_when_in_its_history(new_year, administrator):
    fill(new_year, administrator)
    assert year_setup.year_checklist(new_year).complete
    funding_services.year_mark_ready(year=new_year, by=administrator)
    new_year.refresh_from_db()
    assert new_year.ready_at is not None and new_year.ready_by_name
    assert new_year.history.filter(ready_at__isnull=False).exists()
    with pytest.raises(RatesError, match="already marked ready"):
        funding_services.year_mark_ready(year=new_year, by=administrator)


def test_a_figure_entered_differs_from_last_year_and_is_marked_edited(new_year, administrator):
    fill(new_year, administrator)
    core = next(i for i in year_setup.year_checklist(new_year).items if i.key == "stream:core")
    assert core.differs and "£2 × weighted patients" in core.figure
    assert core.sourced.source == SOURCE and core.sourced.status == "Published"
    assert PaymentRate.objects.get(stream__slug="core", period_start=new_year.start).edited


# --- the pages ----------------------------------------------------------------------------------


def test_an_administrator_creates_the_year_through_its_confirmation_page(
    rates, administrator, client_for
):
    client = client_for(administrator)
    page = client.get("/rates/years/new/")
    assert "Create 2027/28 from 2026/27" in page.content.decode()
    assert "No figure is copied" in page.content.decode()
    response = client.post("/rates/years/new/")
    assert response.status_code == 302 and response["Location"] == CHECKLIST.format("2027-28")
    html = client.get(CHECKLIST.format("2027-28")).content.decode()
    assert "Missing" in html and "Mark 2027/28 ready" in html


def test_the_stream_form_keeps_what_was_typed_and_shows_the_errors(
    new_year, administrator, client_for
):
    response = client_for(administrator).post(
        "/rates/years/2027-28/streams/core/",
        {"amount_registered": "2.5", "period_start": "1/4/2027", "period_end": "31/3/2029"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html and "Say where the figure comes from." in html
    assert 'value="2.5"' in html and "Enter the announcement date." in html


def test_a_period_outside_the_year_is_refused_at_the_top(new_year, administrator, client_for):
    response = client_for(administrator).post(
        "/rates/years/2027-28/streams/core/",
        {
            "amount_registered": "2.5",
            "period_start": "1/4/2027",
            "period_end": "31/3/2029",
            "announced_on": "1/11/2026",
            "status": "published",
            "source": SOURCE,
        },
    )
    assert response.status_code == 400
    assert "The period lies within 2027/28" in response.content.decode()


def test_a_role_maximum_set_on_its_page_is_audited(new_year, administrator, client_for):
    response = client_for(administrator).post(
        "/rates/years/2027-28/roles/physician-associate/",
        {
            "effective_from": "1/4/2027",
            "percent": "100",
            "max_annual_per_wte": "52000",
            "announced_on": "1/11/2026",
            "status": "reported",
            "source": SOURCE,
        },
    )
    assert response.status_code == 302
    role = ArrsRole.objects.get(slug="physician-associate")
    row = role.rates.get(effective_from=date(2027, 4, 1))
    record = row.history.latest("history_date")
    assert record.history_user == administrator and row.max_annual_per_wte == D("52000")


def test_marking_ready_on_the_page_is_refused_with_the_reason(new_year, administrator, client_for):
    response = client_for(administrator).post("/rates/years/2027-28/ready/")
    assert response.status_code == 400
    assert "cannot be marked ready while something needed is missing" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "url", "method", "status"),
    [
        ("contract_manager_x", "/rates/years/new/", "post", 403),
        ("contract_manager_x", "/rates/years/2026-27/ready/", "post", 403),
        ("contract_manager_x", "/rates/years/2026-27/sum-rule/", "get", 403),
        ("contract_manager_x", "/rates/years/2026-27/", "get", 200),
        ("finance_x", "/rates/years/", "get", 200),
        ("cd_a", "/rates/years/", "get", 403),
    ],
)
def test_only_administrators_set_years_up(rates, request, client_for, who, url, method, status):
    client = client_for(request.getfixturevalue(who))
    assert getattr(client, method)(url).status_code == status
    assert FinancialYear.objects.filter(label="2027/28").exists() is False


# --- the banner ---------------------------------------------------------------------------------


@pytest.fixture
def today_in(monkeypatch):
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)

    return set_today


def test_the_banner_shows_while_today_s_year_is_not_ready(
    rates, contract_manager_x, client_for, today_in
):
    today_in(date(2026, 11, 25))
    html = client_for(contract_manager_x).get("/funding/").content.decode()
    assert "2026/27 is not ready" in html and CHECKLIST.format("2026-27") in html


def test_the_banner_is_hidden_once_the_year_is_ready_and_from_pcn_users(
    rates, contract_manager_x, cd_a, client_for, today_in
):
    today_in(date(2026, 11, 25))
    assert "is not ready" not in client_for(cd_a).get("/funding/").content.decode()
    FinancialYear.objects.filter(label="2026/27").update(ready_at="2026-11-01T10:00Z")
    assert "is not ready" not in client_for(contract_manager_x).get("/funding/").content.decode()


def test_the_banner_costs_one_query_a_minute(rates, contract_manager_x, client_for, today_in):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today_in(date(2026, 11, 25))
    client = client_for(contract_manager_x)
    client.get("/")  # the session's first use (the home page shows the banner too)
    year_setup.forget_banner()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/funding/").content.decode()
        assert "2026/27 is not ready" in html
        counts.append(len([q for q in queries if '"ready_at" IS NULL' in q["sql"]]))
    assert counts == [1, 0]


def test_marking_the_year_ready_takes_the_banner_down_at_once(
    new_year, administrator, contract_manager_x, client_for, today_in
):
    today_in(date(2027, 5, 10))
    client = client_for(contract_manager_x)
    assert "2027/28 is not ready" in client.get("/funding/").content.decode()
    fill(new_year, administrator)
    funding_services.year_mark_ready(year=new_year, by=administrator)
    assert "is not ready" not in client.get("/funding/").content.decode()


# --- the command --------------------------------------------------------------------------------


def status(*args):
    out = StringIO()
    try:
        call_command("year_status", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_year_status_exits_1_while_anything_needed_is_missing(rates):
    code, out = status("--year", "2026/27")
    assert code == 1
    assert "[MISSING] Core PCN funding: not set" in out and "[MISSING] ARRS sum rule" in out


def test_year_status_exits_0_when_nothing_needed_is_missing(new_year, administrator):
    fill(new_year, administrator)
    code, out = status("--year", "2027-28", "--rates", "national")
    assert code == 0 and "0 needed item(s) missing" in out


def test_year_status_of_an_unknown_year_is_a_clear_error(rates):
    with pytest.raises(CommandError, match="Unknown financial year '2031/32'"):
        call_command("year_status", "--year", "2031/32")


# --- statements of a year without rates ---------------------------------------------------------


def test_a_stream_without_rates_shows_not_set_never_zero(rates, pcn_a, cd_a, client_for):
    html = client_for(cd_a).get(f"/pcns/{pcn_a.code}/statement/2026-27/").content.decode()
    assert 'data-stream="core"><strong class="app-overdue">' in html
    assert "Not set for 2026/27: Core PCN funding" in html
    assert 'data-stream="core">£0.00' not in html

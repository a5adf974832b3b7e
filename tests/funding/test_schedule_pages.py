"""The rate schedule pages: every schedule with its rows and sources; a commissioner copies one
into a private local planning schedule and edits it, with errors at the field and the typed
input kept; the national schedule is changed only through the admin."""

from decimal import Decimal as D

import pytest

from funding.models import ArrsRoleRate, RateSchedule

LIST = "/rates/schedules/"
COPY = "/rates/schedules/copy/"


def test_the_national_schedule_page_shows_each_figure_with_its_source(rates, cd_a, client_for):
    html = client_for(cd_a).get("/rates/schedules/national/").content.decode()
    assert "Clinical pharmacist" in html and "57,318.00" in html and "Chemist+Druggist" in html
    assert "not set" in html  # a role whose maximum is not published
    assert "/role-rates/" not in html  # nobody edits the national schedule here


def test_a_contract_manager_copies_a_schedule_and_edits_the_copy(
    rates, contract_manager_x, client_for
):
    client = client_for(contract_manager_x)
    response = client.post(
        COPY, {"source": "national", "commissioner": "X01", "name": "X plan", "slug": "x-plan"}
    )
    assert response.status_code == 302 and response.url == "/rates/schedules/x-plan/"
    copy = RateSchedule.objects.get(slug="x-plan")
    assert copy.commissioner.code == "X01" and copy.created_by_name
    rate = ArrsRoleRate.objects.get(
        schedule=copy, role__slug="clinical-pharmacist", effective_from="2025-04-01"
    )
    url = f"/rates/schedules/x-plan/role-rates/{rate.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "percent": "100",
            "max_annual_per_wte": "69000",
            "max_outer_london": "",
            "max_inner_london": "",
            "source": "Assumes a 3% award",
        },
    )
    assert response.status_code == 302
    rate.refresh_from_db()
    assert rate.max_annual_per_wte == D("69000") and rate.max_inner_london is None
    assert rate.history.count() >= 2
    national = ArrsRoleRate.objects.get(
        schedule__slug="national", role__slug="clinical-pharmacist", effective_from="2025-04-01"
    )
    assert national.max_annual_per_wte == D("66972")  # the national figure is untouched


def test_a_refused_edit_keeps_what_was_typed_and_says_why_at_the_field(
    rates, contract_manager_x, client_for
):
    from funding import services

    copy = services.schedule_copy(
        source=RateSchedule.objects.get(slug="national"),
        commissioner=contract_manager_x.scope.commissioners.get(),
        slug="x-plan",
        name="X plan",
    )
    rate = ArrsRoleRate.objects.filter(schedule=copy).first()
    response = client_for(contract_manager_x).post(
        f"/rates/schedules/x-plan/role-rates/{rate.pk}/",
        {"percent": "140", "max_annual_per_wte": "lots", "source": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "nhsuk-error-summary" in html and 'href="#id_percent"' in html
    assert 'value="lots"' in html and 'value="140"' in html
    assert "Say where the figure comes from" in html


def test_a_copy_is_private_to_its_commissioner(
    rates, contract_manager_x, contract_manager_y, client_for
):
    client_for(contract_manager_x).post(
        COPY, {"source": "national", "commissioner": "X01", "name": "X plan", "slug": "x-plan"}
    )
    client = client_for(contract_manager_y)
    assert client.get("/rates/schedules/x-plan/").status_code == 404
    assert "x-plan" not in client.get(LIST).content.decode()
    response = client.post(
        COPY, {"source": "x-plan", "commissioner": "Y01", "name": "Mine", "slug": "y-plan"}
    )
    assert response.status_code == 400 and not RateSchedule.objects.filter(slug="y-plan").exists()


@pytest.mark.parametrize("slug", ["national", "copy"])
def test_a_copy_needs_a_new_short_name(rates, contract_manager_x, client_for, slug):
    response = client_for(contract_manager_x).post(
        COPY, {"source": "national", "commissioner": "X01", "name": "Again", "slug": slug}
    )
    assert response.status_code == 400
    assert "choose another" in response.content.decode()

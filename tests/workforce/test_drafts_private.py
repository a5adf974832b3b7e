"""A draft claim is the PCN's own work in progress: commissioners never see it, on any page, in
any list, CSV, history or count, until it is submitted."""

import pytest

from workforce import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_claim(submitted_claim, contract_manager_x):
    return services.claim_approve(claim=submitted_claim, by=contract_manager_x)


@pytest.fixture
def draft_adjustment(approved_claim, manager_a):
    return services.claim_adjust(claim=approved_claim, by=manager_a, reason="Back pay")


def test_commissioners_do_not_see_a_draft_on_the_staff_page(
    client_for, draft_claim, pharmacist, contract_manager_x, manager_a
):
    page = client_for(contract_manager_x).get(f"/staff/{pharmacist.pk}/").content.decode()
    assert draft_claim.reference not in page and "(draft)" not in page
    assert "Not claimed yet." in page
    page = client_for(manager_a).get(f"/staff/{pharmacist.pk}/").content.decode()
    assert f"{draft_claim.reference}</a> June 2021" in page and "(draft)" in page


def test_commissioners_do_not_see_a_draft_adjustment_on_the_claim_page(
    client_for, approved_claim, draft_adjustment, contract_manager_x, finance_x, manager_a
):
    for commissioner in (contract_manager_x, finance_x):
        page = client_for(commissioner).get(f"/claims/{approved_claim.pk}/").content.decode()
        assert draft_adjustment.reference not in page
    page = client_for(manager_a).get(f"/claims/{approved_claim.pk}/").content.decode()
    assert draft_adjustment.reference in page


def test_a_draft_is_not_in_the_commissioners_queue_csv_or_history(
    client_for, draft_adjustment, contract_manager_x, finance_x
):
    for commissioner in (contract_manager_x, finance_x):
        client = client_for(commissioner)
        csv = client.get("/claims/?status=&export=csv").content.decode()
        assert draft_adjustment.reference not in csv
        queue = client.get("/claims/?status=").content.decode()
        assert draft_adjustment.reference not in queue
        assert client.get(f"/claims/{draft_adjustment.pk}/").status_code == 404
        assert client.get(f"/claims/{draft_adjustment.pk}/history/").status_code == 404


def test_once_submitted_the_adjustment_is_shown_to_the_commissioner(
    client_for, approved_claim, draft_adjustment, contract_manager_x, manager_a
):
    services.claim_submit(claim=draft_adjustment, by=manager_a)
    page = client_for(contract_manager_x).get(f"/claims/{approved_claim.pk}/").content.decode()
    assert draft_adjustment.reference in page

"""The home page: what needs each person now, counted within their scope, each count linking to
the list it counts, in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests import factories
from workforce import services
from workforce.models import BaselineStatus, Claim

pytestmark = pytest.mark.django_db


def count(response, name: str) -> str:
    """The text of the card whose link counts ``name``."""
    html = response.content.decode()
    start = html.index(f'data-count="{name}"')
    return html[html.index(">", start) + 1 : html.index("</a>", start)]


def test_a_contract_manager_sees_claims_to_decide_overdue_and_queried_with_links(
    client_for, submitted_claim, contract_manager_x, contract_manager_y
):
    # Submitted in July 2021: long past its 5-working-day response date.
    response = client_for(contract_manager_x).get("/")
    assert response.status_code == 200
    assert count(response, "submitted") == "Claims to decide: 1"
    assert count(response, "overdue") == "Overdue: 1"
    assert count(response, "queried") == "Queried, waiting for the PCN: 0"
    assert 'href="/claims/?overdue=true&amp;sort=due_on"' in response.content.decode()

    services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Which band?")
    response = client_for(contract_manager_x).get("/")
    assert count(response, "submitted") == "Claims to decide: 0"
    assert count(response, "queried") == "Queried, waiting for the PCN: 1"

    # Another commissioner's contract manager counts none of PCN A's claims.
    other = client_for(contract_manager_y).get("/")
    assert count(other, "queried") == "Queried, waiting for the PCN: 0"


def test_the_overdue_link_lists_exactly_the_overdue_claims(
    client_for, submitted_claim, contract_manager_x
):
    listing = client_for(contract_manager_x).get("/claims/?overdue=true&sort=due_on")
    assert submitted_claim.reference in listing.content.decode()


def test_a_commissioner_never_counts_a_pcns_drafts(client_for, draft_claim, contract_manager_x):
    response = client_for(contract_manager_x).get("/")
    assert count(response, "submitted") == "Claims to decide: 0"
    assert "Draft claims" not in response.content.decode()


def test_a_pcn_manager_sees_drafts_queries_the_baseline_and_the_month_to_claim(
    client_for, draft_claim, manager_a
):
    response = client_for(manager_a).get("/")
    assert count(response, "drafts") == "Draft claims: 1"
    assert count(response, "queried") == "Claims queried back to you: 0"
    html = response.content.decode()
    assert "Version 1: accepted" in html
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    assert f"{last_month:%B %Y} is not claimed yet." in html
    assert f'name="month" value="{last_month:%Y-%m}"' in html


def test_the_month_to_claim_starts_a_draft_and_is_then_no_longer_offered(
    client_for, pharmacist, manager_a
):
    client = client_for(manager_a)
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    response = client.post("/claims/new/", {"month": f"{last_month:%Y-%m}"})
    claim = Claim.objects.get(month=last_month)
    assert response.url == f"/claims/{claim.pk}/lines/"
    assert "is not claimed yet" not in client.get("/").content.decode()


def test_finance_sees_approved_claims_to_pay_with_their_total_and_recent_runs(
    client_for, submitted_claim, contract_manager_x, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    response = client_for(finance_x).get("/")
    assert count(response, "approved") == "Approved claims to pay: 1"
    assert "£4,400.00 approved and not yet paid." in response.content.decode()
    assert "No payment run yet." in response.content.decode()

    run = services.payment_run_create(
        claim_ids=[submitted_claim.pk], by=finance_x, paid_on=date(2021, 8, 15)
    )
    html = client_for(finance_x).get("/").content.decode()
    assert f"Payment run {run.pk}</a></td><td>15 Aug 2021</td>" in html
    assert "£4,400.00</td>" in html
    assert count(client_for(finance_x).get("/"), "approved") == "Approved claims to pay: 0"


def test_baselines_signed_off_wait_on_the_contract_managers_home_page(
    client_for, pcn_a, manager_a, cd_a, contract_manager_x, role
):
    baseline = services.baseline_draft(
        pcn=pcn_a, by=manager_a, entries={role("clinical-pharmacist"): 1}
    )
    services.baseline_sign_off(baseline=baseline, by=cd_a)
    html = client_for(contract_manager_x).get("/").content.decode()
    assert f'href="/pcns/{pcn_a.code}/baseline/">{pcn_a.name}</a>: version 1' in html
    baseline.refresh_from_db()
    assert baseline.status == BaselineStatus.SIGNED_OFF


def test_an_administrator_sees_the_years_not_ready(client_for, administrator, rates):
    from funding.models import FinancialYear

    html = client_for(administrator).get("/").content.decode()
    for year in FinancialYear.objects.filter(ready_at__isnull=True):
        assert f"{year.label}: its checklist" in html


@pytest.mark.parametrize("who", ["contract_manager_x", "finance_x", "manager_a", "administrator"])
def test_the_home_page_runs_a_fixed_number_of_queries(
    request, client_for, submitted_claim, who, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(who))
    client.get("/")  # the session and the year banner, once
    for _ in range(3):  # more PCNs in scope do not mean more queries
        factories.PCNFactory(commissioner=submitted_claim.pcn.commissioner)
        with django_assert_max_num_queries(12):
            assert client.get("/").status_code == 200


def test_someone_not_logged_in_is_sent_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/login/")

"""The claim page and the claims queue run a fixed, small number of queries (issue: the house).

The claim page counts every query of the request: the session, then the user read with their
groups and scope (networks.backends), before the claim's own ten. Its PCN and year are loaded
once (selectors.checks.pcn_year) and handed to the claim checks."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workforce.conftest import JULY_2021, at, line
from workforce import services
from workforce.models import Claim

pytestmark = pytest.mark.django_db

# Measured on this claim: 28 queries for the contract manager and 27 for the PCN manager at
# first; 12 now: the session; the user with their groups and scope; the claim; its lines with
# the month's other lines; the year's ARRS rule with its roles; the staff terms; the baseline
# with its entries; the weighted list; the year's ARRS use; the role conditions and caps; the
# events; the evidence.
CLAIM_PAGE_QUERIES = 12


@pytest.fixture
def busy_claim(pharmacist, manager_a, role, contract_manager_x):
    """PCN A's June 2021 claim with three lines of two roles, evidence, and a question answered:
    created, submitted, queried and resubmitted."""
    pcn = pharmacist.pcn
    link_worker = services.staff_add(
        pcn=pcn,
        by=manager_a,
        name="Sam Link Worker",
        role=role("social-prescribing-link-worker"),
        wte=D("0.8"),
        start_date=date(2021, 4, 1),
        band="5",
    )
    second = services.staff_add(
        pcn=pcn,
        by=manager_a,
        name="Quinn Pharmacist",
        role=role("clinical-pharmacist"),
        wte=D("0.5"),
        start_date=date(2021, 3, 1),
        band="8a",
    )
    claim = services.claim_create(
        pcn=pcn, month=date(2021, 6, 1), by=manager_a, at=at(date(2021, 7, 1))
    )
    lines = [
        line(pharmacist),
        line(link_worker, "2500.00"),
        line(second, "2000.00", "200.00", "300.00"),
    ]
    claim = services.claim_lines_set(claim=claim, by=manager_a, lines=lines)
    payslips = SimpleUploadedFile("payslips.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    services.evidence_add(claim=claim, by=manager_a, upload=payslips)
    claim = services.claim_submit(claim=claim, by=manager_a, at=JULY_2021)
    claim = services.claim_query(claim=claim, by=contract_manager_x, question="Payslip for Sam?")
    return services.claim_resubmit(claim=claim, by=manager_a, answer="Attached.")


def _page(client, claim, django_assert_max_num_queries, limit=CLAIM_PAGE_QUERIES) -> str:
    url = reverse("workforce:claim_detail", args=[claim.pk])
    client.get(url)  # the session's first use is not the page's
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _shows_the_figures(html: str) -> None:
    for name in ("Priya Pharmacist", "Sam Link Worker", "Quinn Pharmacist", "payslips.pdf"):
        assert name in html
    assert html.count('<td class="app-numeric">4,400.00</td>') == 2  # cost and amount
    assert 'data-total="claimed">9,078.85' in html
    assert 'data-arrs="entitlement">£448,950.00' in html
    assert 'data-arrs="pending">£9,078.85' in html
    assert 'data-arrs="remaining">£439,871.15' in html
    assert "Payslip for Sam?" in html and "Attached." in html
    assert html.count("data-event=") == 4


def test_a_contract_manager_sees_a_submitted_claim_in_a_fixed_number_of_queries(
    busy_claim, client_for, contract_manager_x, django_assert_max_num_queries
):
    html = _page(client_for(contract_manager_x), busy_claim, django_assert_max_num_queries)
    _shows_the_figures(html)
    assert reverse("workforce:claim_approve", args=[busy_claim.pk]) in html


def test_the_pcn_sees_its_submitted_claim_in_a_fixed_number_of_queries(
    busy_claim, client_for, manager_a, django_assert_max_num_queries
):
    html = _page(client_for(manager_a), busy_claim, django_assert_max_num_queries)
    _shows_the_figures(html)
    assert reverse("workforce:claim_approve", args=[busy_claim.pk]) not in html
    assert reverse("workforce:evidence_upload", args=[busy_claim.pk]) in html


def test_an_approved_claim_with_an_adjustment_stays_within_the_count(
    busy_claim, client_for, manager_a, contract_manager_x, django_assert_max_num_queries
):
    services.claim_approve(claim=busy_claim, by=contract_manager_x)
    adjustment = services.claim_adjust(claim=busy_claim, by=manager_a, reason="Wrong NI")
    html = _page(client_for(manager_a), busy_claim, django_assert_max_num_queries)
    assert 'data-arrs="approved">£9,078.85' in html
    assert adjustment.reference in html


def _queries_for_queue(client) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("workforce:claim_list") + "?status=&per_page=50"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_queue_does_not_grow_with_its_rows(pharmacist, manager_a, client_for):
    client = client_for(manager_a)  # the PCN's queue lists its drafts too

    def claims(n):
        for _ in range(n):
            claim = services.claim_create(pcn=pharmacist.pcn, month=date(2021, 6, 1), by=manager_a)
            services.claim_lines_set(claim=claim, by=manager_a, lines=[line(pharmacist)])

    claims(2)
    few, _ = _queries_for_queue(client)
    claims(8)
    many, html = _queries_for_queue(client)
    assert all(claim.reference in html for claim in Claim.objects.all())
    assert few == many <= 14

"""Claims and the year's readiness: a draft is refused at its start while a role of the staff in
post lacks a percentage or a maximum that month; without the year's ARRS sum rule a claim is
submitted with a warning and its approval waits (DES rules §5–6)."""

from datetime import date
from decimal import Decimal as D

import pytest

from funding import services as funding_services
from funding.models import FinancialYear
from networks import services as networks_services
from networks.models import Membership
from tests.workforce.conftest import line
from workforce import services
from workforce.models import Claim, ClaimStatus

SOURCE = "Reported: an ICB's ARRS page"


@pytest.fixture
def associate(pharmacist, manager_a, role):
    """A physician associate at PCN A: reimbursable from 2020/21, but no maximum is published."""
    return services.staff_add(
        pcn=pharmacist.pcn,
        by=manager_a,
        name="Sam Associate",
        role=role("physician-associate"),
        wte=D("1.0"),
        start_date=date(2021, 5, 1),
    )


def test_a_missing_maximum_refuses_the_draft_naming_the_role(associate, manager_a):
    with pytest.raises(services.WorkforceError) as refused:
        services.claim_create(pcn=associate.pcn, month=date(2021, 6, 1), by=manager_a)
    assert "a maximum for physician associate in June 2021" in str(refused.value)
    assert "2021/22 checklist" in str(refused.value)
    assert not Claim.objects.exists()


def test_the_draft_starts_once_an_administrator_sets_the_maximum(
    associate, manager_a, administrator, role
):
    funding_services.year_role_rate_add(
        role=role("physician-associate"),
        effective_from=date(2021, 4, 1),
        announced_on=date(2021, 4, 1),
        percent=D(100),
        max_annual_per_wte=D("48000"),
        max_outer_london=None,
        max_inner_london=None,
        status="reported",
        source=SOURCE,
        by=administrator,
    )
    claim = services.claim_create(pcn=associate.pcn, month=date(2021, 6, 1), by=manager_a)
    assert claim.status == ClaimStatus.DRAFT


def test_the_claim_page_form_shows_the_refusal_at_the_month(associate, manager_a, client_for):
    response = client_for(manager_a).post("/claims/new/", {"month": "2021-06"})
    assert response.status_code == 400
    assert "cannot be started yet" in response.content.decode()


@pytest.fixture
def claim_2026(pharmacist, manager_a):
    """A claim of October 2026: the 2026/27 national figures have no ARRS sum rule yet."""
    for m in Membership.objects.filter(pcn=pharmacist.pcn).select_related("practice"):
        networks_services.list_size_record(
            practice=m.practice,
            reference_date=date(2026, 1, 1),
            registered=20_000,
            weighted=D(21000),
        )
    claim = services.claim_create(pcn=pharmacist.pcn, month=date(2026, 10, 1), by=manager_a)
    return services.claim_lines_set(claim=claim, by=manager_a, lines=[line(pharmacist)])


def test_without_the_sum_rule_a_claim_is_submitted_with_a_warning(claim_2026, manager_a):
    from workforce import selectors

    claim = services.claim_submit(claim=claim_2026, by=manager_a)
    assert claim.status == ClaimStatus.SUBMITTED
    problems = selectors.claim_problems(claim, today=date.today())
    unset = [p for p in problems if p.code == "sum_rule_unset"]
    assert unset and not unset[0].blocking


def test_without_the_sum_rule_approval_waits_then_goes_ahead(
    claim_2026, manager_a, contract_manager_x, administrator
):
    claim = services.claim_submit(claim=claim_2026, by=manager_a)
    with pytest.raises(services.WorkforceError, match="approval waits until an administrator"):
        services.claim_approve(claim=claim, by=contract_manager_x)
    funding_services.year_sum_rule_set(
        year=FinancialYear.objects.get(label="2026/27"),
        per_head=D("27.668"),
        redistribution_allowed=False,
        announced_on=date(2026, 4, 30),
        status="reported",
        source=SOURCE,
        by=administrator,
    )
    claim = services.claim_approve(claim=claim, by=contract_manager_x)
    assert claim.status == ClaimStatus.APPROVED

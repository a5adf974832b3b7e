"""Adjustments: each pays only the difference from what was already paid or asked for on the
claim and its other adjustments, and one adjustment of a claim is open at a time (DES rules §7:
an approved claim never changes; a correction is an adjustment linked to it)."""

from decimal import Decimal as D

import pytest

from tests.workforce.conftest import JULY_2021, line
from workforce import services
from workforce.models import Claim, ClaimStatus
from workforce.selectors import arrs_use_by_pcn

pytestmark = pytest.mark.django_db

# The original: 100% of 4,400.00 (national, 2021/22). A salary £100 higher: 4,500.00, under the
# £55,670 / 12 = £4,639.17 maximum.
RAISED = "3600.00"


@pytest.fixture
def approved_claim(submitted_claim, contract_manager_x):
    return services.claim_approve(claim=submitted_claim, by=contract_manager_x)


def _raise(original, manager, pharmacist, salary=RAISED):
    adjustment = services.claim_adjust(claim=original, by=manager, reason="Back pay")
    return services.claim_lines_set(
        claim=adjustment, by=manager, lines=[line(pharmacist, salary=salary)]
    )


def _approved_total(claim):
    return arrs_use_by_pcn([claim.pcn_id], claim.financial_year)[claim.pcn_id].approved


def test_a_second_adjustment_cannot_be_started_while_one_is_open(
    approved_claim, manager_a, pharmacist
):
    first = _raise(approved_claim, manager_a, pharmacist)
    with pytest.raises(services.WorkforceError, match=f"{first.reference} already adjusts"):
        services.claim_adjust(claim=approved_claim, by=manager_a, reason="Back pay again")
    services.claim_submit(claim=first, by=manager_a, at=JULY_2021)
    with pytest.raises(services.WorkforceError, match=r"\(submitted\): finish it"):
        services.claim_adjust(claim=approved_claim, by=manager_a, reason="Back pay again")
    assert Claim.objects.filter(adjusts=approved_claim).count() == 1


def test_a_later_adjustment_pays_only_the_difference_from_earlier_ones(
    approved_claim, manager_a, contract_manager_x, pharmacist
):
    first = _raise(approved_claim, manager_a, pharmacist)
    assert first.total == D("100.00")
    services.claim_submit(claim=first, by=manager_a, at=JULY_2021)
    services.claim_approve(claim=first, by=contract_manager_x)

    # The same £100 raise claimed again: nothing more is owed.
    second = services.claim_adjust(claim=approved_claim, by=manager_a, reason="Back pay")
    assert second.lines.get().previous_reimbursable == D("4500.00")
    second = services.claim_lines_set(
        claim=second, by=manager_a, lines=[line(pharmacist, salary=RAISED)]
    )
    assert second.total == D("0.00")
    # Another £100: only that is owed.
    second = services.claim_lines_set(
        claim=second, by=manager_a, lines=[line(pharmacist, salary="3700.00")]
    )
    assert second.total == D("100.00")
    services.claim_submit(claim=second, by=manager_a, at=JULY_2021)
    services.claim_approve(claim=second, by=contract_manager_x)
    assert _approved_total(approved_claim) == D("4600.00")  # 100% of 4,600.00


@pytest.fixture
def two_pending_adjustments(approved_claim, manager_a, pharmacist):
    """Two adjustments of one claim, both submitted (as could happen before one at a time was
    enforced): each raised the line by £100."""
    first = _raise(approved_claim, manager_a, pharmacist)
    services.claim_submit(claim=first, by=manager_a, at=JULY_2021)
    Claim.objects.filter(pk=first.pk).update(status=ClaimStatus.REJECTED)  # let a second start
    second = _raise(approved_claim, manager_a, pharmacist)
    Claim.objects.filter(pk__in=[first.pk, second.pk]).update(
        status=ClaimStatus.SUBMITTED, submitted_at=JULY_2021, submitted_by=manager_a
    )
    return first, second


def test_two_pending_adjustments_are_a_blocking_problem_each(
    two_pending_adjustments, contract_manager_x, client_for
):
    first, second = two_pending_adjustments
    for claim, other in ((first, second), (second, first)):
        page = client_for(contract_manager_x).get(f"/claims/{claim.pk}/").content.decode()
        # The problem links to the other adjustment.
        link = f'<a href="/claims/{other.pk}/">{other.reference}</a>'
        assert f"{link} also adjusts this claim and is waiting for a decision" in page
        with pytest.raises(services.WorkforceError, match=f"{other.reference} also adjusts"):
            services.claim_approve(claim=claim, by=contract_manager_x)


def test_bulk_approval_skips_both_of_two_pending_adjustments(
    two_pending_adjustments, approved_claim, contract_manager_x
):
    first, second = two_pending_adjustments
    result = services.claims_bulk_approve(claim_ids=[first.pk, second.pk], by=contract_manager_x)
    assert result.approved == [] and [pk for pk, _, _ in result.skipped] == [first.pk, second.pk]
    assert _approved_total(approved_claim) == D("4400.00")  # not £200 more for a £100 raise


def test_after_one_is_rejected_the_other_is_worked_out_again_before_approval(
    two_pending_adjustments, approved_claim, manager_a, contract_manager_x
):
    first, second = two_pending_adjustments
    services.claim_reject(claim=first, by=contract_manager_x, reason="Duplicate")
    services.claim_approve(claim=second, by=contract_manager_x)
    assert _approved_total(approved_claim) == D("4500.00")


def test_an_adjustment_worked_out_against_a_since_changed_position_is_not_approved(
    approved_claim, manager_a, contract_manager_x, pharmacist
):
    first = _raise(approved_claim, manager_a, pharmacist)
    services.claim_submit(claim=first, by=manager_a, at=JULY_2021)
    # Its line says £4,400.00 was already paid; pretend another £100 was paid since.
    first.lines.update(previous_reimbursable=D("4300.00"))
    with pytest.raises(services.WorkforceError, match="not the £4,300.00 this adjustment"):
        services.claim_approve(claim=first, by=contract_manager_x)

"""The claim life cycle table (workforce.lifecycle), and every state × action pair through the
services, generated from the table: an action the table refuses from a state is refused by the
service with the table's words; one it allows gets past the state check."""

import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.workforce.conftest import JULY_2021, line
from workforce import lifecycle, services
from workforce.models import Claim, ClaimStatus, PaymentRun

pytestmark = pytest.mark.django_db


def test_the_table_speaks_of_the_claim_states_only():
    assert set(lifecycle.STATES) == set(ClaimStatus.values)
    for step in lifecycle.CLAIM:
        assert set(step.sources) <= set(lifecycle.STATES), step
        assert step.target is None or step.target in lifecycle.STATES, step


@pytest.mark.parametrize(
    ("state", "actor", "expected"),
    [
        ("draft", "pcn", {"edit", "submit", "add_evidence", "delete_draft"}),
        ("submitted", "pcn", {"add_evidence"}),
        ("submitted", "contract_manager", {"approve", "reject", "query"}),
        ("queried", "pcn", {"edit", "resubmit", "add_evidence"}),
        ("approved", "finance", {"pay"}),
        ("approved", "pcn", {"adjust"}),
        ("paid", "pcn", {"adjust"}),
        ("rejected", "pcn", set()),
        ("paid", "contract_manager", set()),
    ],
)
def test_actions_offered_in_each_state(state, actor, expected):
    assert lifecycle.actions_for(state, actor) == expected


def test_next_state_follows_the_table_and_refuses_the_rest():
    assert lifecycle.next_state("submitted", "query") == "queried"
    assert lifecycle.next_state("queried", "edit") == "queried"
    with pytest.raises(ValueError, match="A paid claim cannot be approved"):
        lifecycle.next_state("paid", "approve")


def _call(action, claim, cast):
    manager, checker, finance, pharmacist = cast
    pdf = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return {
        "edit": lambda: services.claim_lines_set(claim=claim, by=manager, lines=[line(pharmacist)]),
        "submit": lambda: services.claim_submit(claim=claim, by=manager, at=JULY_2021),
        "resubmit": lambda: services.claim_resubmit(claim=claim, by=manager, answer="Attached."),
        "approve": lambda: services.claim_approve(claim=claim, by=checker),
        "reject": lambda: services.claim_reject(claim=claim, by=checker, reason="Not additional"),
        "query": lambda: services.claim_query(claim=claim, by=checker, question="Payslips?"),
        "pay": lambda: services.payment_run_create(
            claim_ids=[claim.pk], by=finance, paid_on=JULY_2021.date()
        ),
        "adjust": lambda: services.claim_adjust(claim=claim, by=manager, reason="Back pay"),
        "add_evidence": lambda: services.evidence_add(claim=claim, by=manager, upload=pdf),
        "delete_draft": lambda: services.claim_delete_draft(claim=claim, by=manager),
    }[action]


@pytest.mark.parametrize("action", list(lifecycle.ACTIONS))
@pytest.mark.parametrize("state", lifecycle.STATES)
def test_each_action_from_each_state_is_allowed_exactly_as_the_table_says(
    draft_claim, manager_a, contract_manager_x, finance_x, pharmacist, state, action
):
    extra = {}
    if state == lifecycle.PAID:  # a paid claim is in a payment run (a database constraint)
        run = PaymentRun.objects.create(paid_on=JULY_2021.date(), created_by=finance_x)
        extra = {"payment_run": run, "approved_amount": draft_claim.total}
    Claim.objects.filter(pk=draft_claim.pk).update(status=state, **extra)
    claim = Claim.objects.get(pk=draft_claim.pk)
    call = _call(action, claim, (manager_a, contract_manager_x, finance_x, pharmacist))
    refused = lifecycle.transition(action).refused_as
    if lifecycle.allows(state, action):
        try:
            call()
        except services.ClaimStateError as error:  # pragma: no cover - the failure message
            pytest.fail(f"{action} from {state} was refused: {error}")
        except services.WorkforceError:
            pass  # allowed by the table; refused by another check (e.g. a blocking problem)
    else:
        with pytest.raises(services.ClaimStateError, match=re.escape(f"cannot be {refused}")):
            call()


def test_the_baseline_table_speaks_of_the_baseline_states_only():
    from workforce.models import BaselineStatus

    assert set(lifecycle.BASELINE_STATES) == set(BaselineStatus.values)
    for step in lifecycle.BASELINE:
        assert set(step.sources) <= set(lifecycle.BASELINE_STATES), step


def _baseline_call(action, baseline, manager, cd, checker, role):
    return {
        "edit": lambda: services.baseline_entries_set(
            baseline=baseline, by=manager, entries={role("clinical-pharmacist"): D("1.0")}
        ),
        "sign_off": lambda: services.baseline_sign_off(baseline=baseline, by=cd),
        "accept": lambda: services.baseline_accept(baseline=baseline, by=checker),
        "return": lambda: services.baseline_return(baseline=baseline, by=checker, reason="Check"),
    }[action]


@pytest.mark.parametrize("action", ["edit", "sign_off", "accept", "return"])
@pytest.mark.parametrize("state", lifecycle.BASELINE_STATES)
def test_each_baseline_action_from_each_state_is_allowed_exactly_as_the_table_says(
    baseline_a, manager_a, cd_a, contract_manager_x, role, state, action
):
    from workforce.models import Baseline

    Baseline.objects.filter(pk=baseline_a.pk).update(status=state)
    baseline = Baseline.objects.get(pk=baseline_a.pk)
    call = _baseline_call(action, baseline, manager_a, cd_a, contract_manager_x, role)
    if lifecycle.baseline_allows(state, action):
        call()
        baseline.refresh_from_db()
        assert baseline.status == (lifecycle.BASELINE_ACTIONS[action].target or state)
    else:
        with pytest.raises(services.BaselineStateError):
            call()

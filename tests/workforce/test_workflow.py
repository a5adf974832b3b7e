"""The claim life cycle: draft → submitted → (queried → submitted)* → approved | rejected → paid.
Every transition is a service call that checks the state and writes an audit row."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from tests.workforce.conftest import JULY_2021, at, line
from workforce import services
from workforce.models import ClaimEvent, ClaimStatus
from workforce.permissions import NotAllowed
from workforce.services import WorkforceError

pytestmark = pytest.mark.django_db


def test_a_claim_line_is_computed_from_the_rate_in_force_and_frozen(draft_claim):
    line = draft_claim.lines.get()
    # National, July 2021: 100% (from April 2020) up to £55,670 (the 2020/21 maximum stays in
    # force: no 2021/22 figure is known, des-years §3). 4,400.00 < 55,670 / 12 = 4,639.17.
    assert line.actual_cost == D("4400.00")
    assert (line.percent, line.max_annual_per_wte) == (D("100.00"), D("55670.00"))
    assert line.reimbursable == D("4400.00") and not line.capped
    assert (line.area, line.max_note, line.counts_against_gp_sum) == ("national", "", False)
    assert draft_claim.total == D("4400.00")


def test_submission_sets_the_response_due_date_five_working_days_later(draft_claim, manager_a):
    # Friday 27 August 2021; Monday 30 August is the summer bank holiday in England.
    claim = services.claim_submit(claim=draft_claim, by=manager_a, at=at(date(2021, 8, 27)))
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.due_on == date(2021, 9, 6)


def test_the_submitter_cannot_approve_their_own_claim(submitted_claim, manager_a):
    with pytest.raises(NotAllowed, match="someone else must decide"):
        services.claim_approve(claim=submitted_claim, by=manager_a)


def test_contract_manager_approves_a_lower_amount_with_a_reason(
    submitted_claim, contract_manager_x
):
    claim = services.claim_approve(
        claim=submitted_claim,
        by=contract_manager_x,
        amount=D("3000.00"),
        reason="Overtime not at plain time",
    )
    assert claim.approved_amount == D("3000.00")
    event = claim.events.order_by("pk").last()
    assert (event.from_status, event.to_status, event.amount) == (
        "submitted",
        "approved",
        D("3000.00"),
    )
    assert event.reason == "Overtime not at plain time"


def test_a_lower_amount_needs_a_reason(submitted_claim, contract_manager_x):
    with pytest.raises(services.WorkforceError, match="reason"):
        services.claim_approve(claim=submitted_claim, by=contract_manager_x, amount=D("3000.00"))


def test_rejection_needs_a_reason(submitted_claim, contract_manager_x):
    with pytest.raises(services.WorkforceError, match="reason"):
        services.claim_reject(claim=submitted_claim, by=contract_manager_x, reason=" ")
    assert submitted_claim.events.count() == 2  # created, submitted: nothing written


def test_query_then_answer_and_resubmit(submitted_claim, contract_manager_x, manager_a):
    services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Payslip for June?")
    claim = services.claim_resubmit(
        claim=submitted_claim, by=manager_a, answer="Attached.", at=JULY_2021
    )
    assert claim.status == ClaimStatus.SUBMITTED
    assert [(e.from_status, e.to_status, e.reason) for e in claim.events.order_by("pk")] == [
        ("", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "queried", "Payslip for June?"),
        ("queried", "submitted", "Attached."),
    ]


def test_approved_claims_are_never_edited(
    submitted_claim, contract_manager_x, manager_a, pharmacist
):
    from tests.workforce.conftest import line

    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    with pytest.raises(services.ClaimStateError, match="already approved by"):
        services.claim_lines_set(claim=submitted_claim, by=manager_a, lines=[line(pharmacist)])


def test_a_correction_is_an_adjustment_claim_with_the_difference(
    submitted_claim, contract_manager_x, contract_manager_x2, manager_a, pharmacist
):
    from tests.workforce.conftest import line

    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    adjustment = services.claim_adjust(
        claim=submitted_claim, by=manager_a, reason="Pension overstated"
    )
    adjustment = services.claim_lines_set(
        claim=adjustment, by=manager_a, lines=[line(pharmacist, pension="300.00")]
    )
    # 100% of 4,200.00 = 4,200.00, less the 4,400.00 approved: -200.00.
    assert adjustment.adjusts == submitted_claim
    assert adjustment.total == D("-200.00")
    services.claim_submit(claim=adjustment, by=manager_a, at=JULY_2021)
    services.claim_approve(claim=adjustment, by=contract_manager_x2)
    from workforce.selectors import arrs_use_by_pcn

    use = arrs_use_by_pcn([pharmacist.pcn_id], submitted_claim.financial_year)
    assert use[pharmacist.pcn_id].approved == D("4200.00")


def test_finance_marks_approved_claims_paid_in_a_dated_run(
    submitted_claim, contract_manager_x, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    run = services.payment_run_create(
        claim_ids=[submitted_claim.pk], by=finance_x, paid_on=date(2021, 8, 15)
    )
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.PAID and submitted_claim.payment_run == run
    assert run.created_by_name == "finance-x"
    event = submitted_claim.events.order_by("pk").last()
    assert (event.from_status, event.to_status, event.amount) == ("approved", "paid", D("4400.00"))


def test_a_payment_run_dated_after_today_is_refused_and_nothing_is_marked_paid(
    submitted_claim, contract_manager_x, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(WorkforceError, match="is after today"):
        services.payment_run_create(claim_ids=[submitted_claim.pk], by=finance_x, paid_on=tomorrow)
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.APPROVED and submitted_claim.payment_run is None


def test_the_payment_run_form_says_at_the_date_why_a_future_day_is_refused(
    submitted_claim, contract_manager_x, finance_x, client_for
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(finance_x).post(
        "/claims/payment-runs/new/",
        {"selected": [submitted_claim.pk], "paid_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert "is after today" in response.content.decode()
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.APPROVED


def test_contract_managers_cannot_mark_claims_paid(submitted_claim, contract_manager_x):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    with pytest.raises(NotAllowed):
        services.payment_run_create(
            claim_ids=[submitted_claim.pk], by=contract_manager_x, paid_on=date(2021, 8, 1)
        )


# --- every transition, allowed and forbidden ----------------------------------------------------

ACTIONS = {
    "submit": lambda c, p: services.claim_submit(claim=c, by=p["manager_a"], at=JULY_2021),
    "resubmit": lambda c, p: services.claim_resubmit(
        claim=c, by=p["manager_a"], answer="Answer", at=JULY_2021
    ),
    "approve": lambda c, p: services.claim_approve(claim=c, by=p["contract_manager_x2"]),
    "reject": lambda c, p: services.claim_reject(claim=c, by=p["contract_manager_x2"], reason="No"),
    "query": lambda c, p: services.claim_query(
        claim=c, by=p["contract_manager_x2"], question="Why?"
    ),
    "pay": lambda c, p: services.payment_run_create(
        claim_ids=[c.pk], by=p["finance_x"], paid_on=date(2021, 9, 1)
    ),
}
TARGET = {
    "submit": "submitted",
    "resubmit": "submitted",
    "approve": "approved",
    "reject": "rejected",
    "query": "queried",
    "pay": "paid",
}
ALLOWED = {
    ("draft", "submit"),
    ("queried", "resubmit"),
    ("submitted", "approve"),
    ("submitted", "reject"),
    ("submitted", "query"),
    ("approved", "pay"),
}
ROUTE = {
    "draft": [],
    "submitted": ["submit"],
    "queried": ["submit", "query"],
    "approved": ["submit", "approve"],
    "rejected": ["submit", "reject"],
    "paid": ["submit", "approve", "pay"],
}


@pytest.fixture
def people(manager_a, contract_manager_x2, finance_x):
    return {
        "manager_a": manager_a,
        "contract_manager_x2": contract_manager_x2,
        "finance_x": finance_x,
    }


@pytest.mark.parametrize("status", list(ROUTE))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_transition_is_allowed_only_from_its_state(draft_claim, people, status, action):
    for step in ROUTE[status]:
        ACTIONS[step](draft_claim, people)
    draft_claim.refresh_from_db()
    assert draft_claim.status == status
    events = ClaimEvent.objects.filter(claim=draft_claim).count()
    if (status, action) in ALLOWED:
        ACTIONS[action](draft_claim, people)
        draft_claim.refresh_from_db()
        assert draft_claim.status == TARGET[action]
        event = ClaimEvent.objects.filter(claim=draft_claim).order_by("pk").last()
        assert (event.from_status, event.to_status) == (status, TARGET[action])
        assert event.by_name and event.at
        assert ClaimEvent.objects.filter(claim=draft_claim).count() == events + 1
    else:
        with pytest.raises(services.ClaimStateError, match=r"This claim (is|was) "):
            ACTIONS[action](draft_claim, people)
        draft_claim.refresh_from_db()
        assert draft_claim.status == status
        assert ClaimEvent.objects.filter(claim=draft_claim).count() == events


@pytest.mark.parametrize("action", ["approve", "reject", "query"])
def test_only_contract_managers_of_the_claims_commissioner_decide(
    submitted_claim, contract_manager_y, finance_x, cd_a, action
):
    for outsider in (contract_manager_y, finance_x, cd_a):
        with pytest.raises(NotAllowed):
            ACTIONS[action](submitted_claim, {"contract_manager_x2": outsider})


def test_only_the_pcns_own_users_submit(draft_claim, manager_b, contract_manager_x):
    for outsider in (manager_b, contract_manager_x):
        with pytest.raises(NotAllowed):
            services.claim_submit(claim=draft_claim, by=outsider)


def test_a_gp_line_approved_for_less_counts_at_most_what_was_approved(
    submitted_claim, contract_manager_x
):
    # des-years §2 (2024/25): GP lines count against the GP sum; a reduction comes off the
    # claim's main-sum part first, so here — all of it a GP line — the GP sum takes £4,000.
    submitted_claim.lines.update(counts_against_gp_sum=True)
    services.claim_approve(
        claim=submitted_claim, by=contract_manager_x, amount=D("4000.00"), reason="Overtime"
    )
    from workforce.selectors import arrs_use_by_pcn

    use = arrs_use_by_pcn([submitted_claim.pcn_id], submitted_claim.financial_year)
    assert (use[submitted_claim.pcn_id].approved, use[submitted_claim.pcn_id].gp_approved) == (
        D("0.00"),
        D("4000.00"),
    )


def test_a_wte_cap_counts_the_members_on_the_first_day_of_the_year_once(
    pcn_a, pcn_b, manager_a, role
):
    # des-years §3: pharmacy technicians 1 WTE per PCN in 2020/21, 2 over 100,000 patients. A
    # practice of 90,000 that left PCN A for PCN B on 1 April 2020 is not in A's list that year.
    from datetime import date as day

    from networks import services as networks
    from tests import factories
    from workforce import selectors
    from workforce import services as workforce

    leaver = factories.member(
        pcn_a, registered=90_000, end=day(2020, 3, 31), reference_date=day(2020, 1, 1)
    )
    networks.membership_start(practice=leaver, pcn=pcn_b, start=day(2020, 4, 1))
    claim = workforce.claim_create(pcn=pcn_a, month=day(2020, 6, 1), by=manager_a)
    caps = selectors.role_caps_for(claim, {role("pharmacy-technician").pk})
    assert caps["pharmacy-technician"].max_wte == D("1")


# --- a month started from the last one -----------------------------------------------------------


def test_a_month_started_from_the_last_claim_copies_the_staff_still_in_post(
    draft_claim, pharmacist, manager_a, role
):
    physio = services.staff_add(
        pcn=pharmacist.pcn,
        by=manager_a,
        name="Ash Physio",
        role=role("first-contact-physiotherapist"),
        wte=D("0.5"),
        start_date=date(2021, 5, 1),
    )
    june = services.claim_lines_set(
        claim=draft_claim,
        by=manager_a,
        lines=[line(pharmacist), line(physio, salary="2000.00", ni="200.00", pension="250.00")],
    )
    assert june.lines.count() == 2
    # The physiotherapist leaves at the end of June: July's claim has no line for them.
    services.staff_end(staff=physio, by=manager_a, end_date=date(2021, 6, 30))

    july, last = services.claim_start(
        pcn=pharmacist.pcn, month=date(2021, 7, 1), by=manager_a, from_last=True, at=JULY_2021
    )
    assert last == june
    copied = [(c.staff_id, c.salary, c.employer_ni, c.employer_pension) for c in july.lines.all()]
    assert copied == [(pharmacist.pk, D("3500.00"), D("400.00"), D("500.00"))]
    assert july.total == D("4400.00") and july.status == ClaimStatus.DRAFT


def test_a_month_started_from_nothing_is_an_empty_draft(pharmacist, manager_a):
    claim, last = services.claim_start(
        pcn=pharmacist.pcn, month=date(2021, 6, 1), by=manager_a, from_last=True, at=JULY_2021
    )
    assert last is None and claim.lines.count() == 0


def test_a_rejected_claim_is_never_the_one_copied(
    submitted_claim, pharmacist, manager_a, contract_manager_x
):
    services.claim_reject(claim=submitted_claim, by=contract_manager_x, reason="Wrong month.")
    claim, last = services.claim_start(
        pcn=pharmacist.pcn, month=date(2021, 7, 1), by=manager_a, from_last=True, at=JULY_2021
    )
    assert last is None and claim.lines.count() == 0

"""E-mail about claims: a submission goes to the contract managers of the PCN's commissioner; a
query, approval or rejection goes to the PCN's own users. Mail is sent once the transaction
commits, so a refused transition sends nothing."""

import pytest
from django.core import mail

from networks.scopes import UserType
from networks.services import user_create
from tests.workforce.conftest import JULY_2021
from workforce import permissions, services

pytestmark = pytest.mark.django_db


def person(username, user_type, **scope):
    return user_create(
        username=username,
        password="correct-horse-battery",
        user_type=user_type,
        email=f"{username}@example.nhs.uk",
        **scope,
    )


@pytest.fixture
def mailboxes(pcn_a, pcn_b, commissioner_x, commissioner_y):
    """People with e-mail addresses on both sides of both commissioners."""
    people = {
        "cm_x": person("cm.x", UserType.CONTRACT_MANAGER, commissioners=[commissioner_x]),
        "cm_y": person("cm.y", UserType.CONTRACT_MANAGER, commissioners=[commissioner_y]),
        "finance_x": person("fin.x", UserType.FINANCE, commissioners=[commissioner_x]),
        "cd_a": person("cd.a", UserType.CLINICAL_DIRECTOR, pcn=pcn_a),
        "manager_a": person("pm.a", UserType.PCN_MANAGER, pcn=pcn_a),
        "manager_b": person("pm.b", UserType.PCN_MANAGER, pcn=pcn_b),
        "gone": person("gone.x", UserType.CONTRACT_MANAGER, commissioners=[commissioner_x]),
    }
    people["gone"].is_active = False
    people["gone"].save()
    return people


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submission_mails_the_commissioners_contract_managers_only(
    draft_claim, manager_a, mailboxes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_submit(claim=draft_claim, by=manager_a, at=JULY_2021)
    assert recipients() == ["cm.x@example.nhs.uk"]
    message = mail.outbox[0]
    assert message.subject == (
        f"ARRS claim {draft_claim.reference} from Exeshire Alpha PCN for June 2021"
    )
    assert "Please respond by 12 July 2021 (5 working days)." in message.body
    assert f"/claims/{draft_claim.pk}/" in message.body


@pytest.mark.parametrize(
    ("decide", "subject_end", "body"),
    [
        (
            lambda c, by: services.claim_query(claim=c, by=by, question="Which band?"),
            "queried",
            "Question: Which band?",
        ),
        (
            lambda c, by: services.claim_approve(claim=c, by=by),
            "approved",
            "Amount approved: £4,400.00 of £4,400.00 claimed.",  # 100% of £4,400.00 (national)
        ),
        (
            lambda c, by: services.claim_reject(claim=c, by=by, reason="Not in post."),
            "rejected",
            "Reason: Not in post.",
        ),
    ],
)
def test_a_decision_mails_the_pcns_users_only(
    submitted_claim,
    contract_manager_x,
    mailboxes,
    django_capture_on_commit_callbacks,
    decide,
    subject_end,
    body,
):
    submitted_claim.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(submitted_claim, contract_manager_x)
    assert recipients() == ["cd.a@example.nhs.uk", "pm.a@example.nhs.uk"]
    assert all(m.subject.endswith(f"June 2021 {subject_end}") for m in mail.outbox)
    assert body in mail.outbox[0].body


def test_a_refused_transition_sends_nothing(
    submitted_claim, manager_a, mailboxes, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(permissions.NotAllowed):
            services.claim_approve(claim=submitted_claim, by=manager_a)  # the submitter
    assert mail.outbox == []


def test_nothing_is_sent_before_the_transaction_commits(
    draft_claim, manager_a, mailboxes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.claim_submit(claim=draft_claim, by=manager_a, at=JULY_2021)
    assert mail.outbox == [] and len(callbacks) == 1

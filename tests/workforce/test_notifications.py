"""E-mail about claims: a submission goes to the contract managers of the PCN's commissioner; a
query, approval or rejection goes to the PCN's own users. Each message is written to the outbox
in the transaction of its step and sent later by the mail worker (``manage.py send_mail``), so a
refused or rolled-back step sends nothing and a mail server that is down fails no request."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from mailer.models import Message

from networks.scopes import UserType
from networks.services import pcn_update, user_create
from tests.workforce.conftest import JULY_2021
from workforce import permissions, services
from workforce.models import ClaimStatus

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class RefusingBackend(BaseEmailBackend):
    """A mail server that does not answer."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class SmtpConnectErrorBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


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


def worker():
    """One run of the mail worker, as cron or the runmailer loop would run it."""
    call_command("send_mail", verbosity=0)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submission_mails_the_commissioners_contract_managers_only(
    draft_claim, manager_a, mailboxes, settings
):
    settings.SITE_URL = "https://pcnadmin.example.nhs.uk"
    services.claim_submit(claim=draft_claim, by=manager_a, at=JULY_2021)
    assert mail.outbox == [] and Message.objects.count() == 1  # queued, not sent
    worker()
    assert recipients() == ["cm.x@example.nhs.uk"]
    message = mail.outbox[0]
    assert message.subject == (
        f"ARRS claim {draft_claim.reference} from Exeshire Alpha PCN for June 2021"
    )
    assert "Please respond by 12 July 2021 (5 working days)." in message.body
    assert f"Open it in PCN Admin: https://pcnadmin.example.nhs.uk/claims/{draft_claim.pk}/\n" in (
        message.body
    )
    assert Message.objects.count() == 0


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
    submitted_claim, contract_manager_x, mailboxes, decide, subject_end, body
):
    submitted_claim.refresh_from_db()
    Message.objects.all().delete()
    decide(submitted_claim, contract_manager_x)
    worker()
    assert recipients() == ["cd.a@example.nhs.uk", "pm.a@example.nhs.uk"]
    assert all(m.subject.endswith(f"June 2021 {subject_end}") for m in mail.outbox)
    assert body in mail.outbox[0].body


def test_a_refused_transition_queues_nothing(submitted_claim, manager_a, mailboxes):
    Message.objects.all().delete()
    with pytest.raises(permissions.NotAllowed):
        services.claim_approve(claim=submitted_claim, by=manager_a)  # the submitter
    worker()
    assert Message.objects.count() == 0 and mail.outbox == []


def test_a_rolled_back_step_leaves_nothing_in_the_outbox(draft_claim, manager_a, mailboxes):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_submit(claim=draft_claim, by=manager_a, at=JULY_2021)
        assert Message.objects.count() == 1  # written in the step's own transaction
        raise RuntimeError("something after the step failed")
    assert Message.objects.count() == 0


@pytest.mark.parametrize("backend", [RefusingBackend, SmtpConnectErrorBackend])
def test_a_mail_server_that_refuses_fails_no_request_and_the_worker_sends_later(
    submitted_claim, contract_manager_x, mailboxes, client_for, settings, backend
):
    Message.objects.all().delete()
    # The web process never talks to the mail server, whatever it is set to.
    settings.MAILER_EMAIL_BACKEND = f"{backend.__module__}.{backend.__name__}"
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    response = client_for(contract_manager_x).post(
        f"/claims/{submitted_claim.pk}/reject/", {"reason": "Not in post."}
    )
    assert response.status_code == 302
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.REJECTED
    assert Message.objects.count() == 2  # one per PCN user

    worker()  # the server refuses: both messages stay in the outbox, deferred
    assert mail.outbox == []
    assert Message.objects.deferred().count() == 2

    settings.MAILER_EMAIL_BACKEND = LOCMEM  # the server is back
    call_command("retry_deferred", verbosity=0)
    worker()
    assert recipients() == ["cd.a@example.nhs.uk", "pm.a@example.nhs.uk"]
    assert Message.objects.count() == 0


def test_a_pcn_name_with_a_line_break_does_not_break_its_notifications(
    draft_claim, submitted_claim, manager_a, contract_manager_x, mailboxes, pcn_a
):
    pcn_update(pcn_a, name="Alpha\r\nBcc: all@example.com PCN")
    Message.objects.all().delete()
    claim = services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Band?")
    services.claim_resubmit(claim=claim, by=manager_a, answer="Band 7.", at=JULY_2021)
    worker()
    assert Message.objects.count() == 0  # nothing stuck in the queue
    subjects = {m.subject for m in mail.outbox}
    assert (
        f"ARRS claim {claim.reference} from Alpha Bcc: all@example.com PCN for June 2021"
        in subjects
    )
    assert all("\n" not in m.subject and "\r" not in m.subject for m in mail.outbox)
    assert sorted({a for m in mail.outbox for a in m.recipients()}) == [
        "cd.a@example.nhs.uk",
        "cm.x@example.nhs.uk",
        "pm.a@example.nhs.uk",
    ]


# --- the in-app list ------------------------------------------------------------------------------


def test_each_person_told_by_e_mail_finds_it_in_the_app_unread_until_marked(
    draft_claim, manager_a, contract_manager_x, client_for, mailboxes
):
    from workforce.models import Notice

    services.claim_submit(claim=draft_claim, by=manager_a, at=JULY_2021)
    notice = Notice.objects.get(user=contract_manager_x)
    assert notice.subject == (
        f"ARRS claim {draft_claim.reference} from Exeshire Alpha PCN for June 2021"
    )
    client = client_for(contract_manager_x)
    assert "Notifications: 1 unread" in client.get("/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert 'data-unread="1"' in page and f'href="/claims/{draft_claim.pk}/"' in page
    assert client.post("/notifications/read/").status_code == 302
    assert 'data-unread="0"' in client.get("/notifications/").content.decode()
    # The PCN's own people are told nothing of their own submission.
    assert not Notice.objects.filter(user=manager_a).exists()


def test_a_decision_tells_the_pcns_people_in_the_app(
    submitted_claim, contract_manager_x, manager_a, client_for, mailboxes
):
    from workforce.models import Notice

    services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Which band?")
    assert list(Notice.objects.filter(user=manager_a).values_list("subject", flat=True)) == [
        f"ARRS claim {submitted_claim.reference} for June 2021 queried"
    ]
    # Nobody else's notices show on someone's list.
    other = client_for(contract_manager_x).get("/notifications/").content.decode()
    assert "queried" not in other

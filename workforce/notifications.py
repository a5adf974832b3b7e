"""E-mails about claims: to the commissioner's contract managers when a claim is submitted, and
to the PCN's users when one is queried, approved or rejected.

Each message is written to the outbox (django-mailer's queue) inside the transaction of the step
it announces: a rolled-back step leaves nothing behind, and a committed one cannot lose its
message. The mail worker sends the queue later (docs/deployment.md), so no request waits on, or
fails with, the mail server.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from mailer import send_mail as queue_mail

from networks.scopes import GROUP_NAMES, PCN_TYPES, UserType
from pcnadmin.mail import header_value, is_plain_address

_muted = ContextVar("workforce_notifications_muted", default=False)


@contextmanager
def muted():
    """No e-mail inside this block (the demo loader replays years of claims)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def queue(notify, claim_id: int) -> None:
    """Write ``notify``'s messages to the outbox now, in the caller's transaction."""
    if _muted.get():
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Notifications are queued inside the transaction of their step.")
    notify(claim_id)


def _send(subject: str, body: str, recipients) -> int:
    """Queue one message per address. The subject is made one line: a name with a line break
    (a PCN's, from an import) would otherwise make every message about it unsendable."""
    addresses = sorted({r for r in recipients if is_plain_address(r)})
    subject = header_value(subject)
    for address in addresses:
        queue_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    return len(addresses)


def contract_managers(commissioner_id: int):
    return get_user_model().objects.filter(
        is_active=True,
        groups__name=GROUP_NAMES[UserType.CONTRACT_MANAGER],
        scope__commissioners=commissioner_id,
    )


def pcn_users(pcn_id: int):
    return get_user_model().objects.filter(
        is_active=True,
        groups__name__in=[GROUP_NAMES[t] for t in PCN_TYPES],
        scope__pcn_id=pcn_id,
    )


def _emails(users) -> list[str]:
    return list(users.exclude(email="").values_list("email", flat=True))


def contract_manager_emails(commissioner_id: int) -> list[str]:
    return _emails(contract_managers(commissioner_id))


def pcn_user_emails(pcn_id: int) -> list[str]:
    return _emails(pcn_users(pcn_id))


def _tell(users, claim, subject: str) -> None:
    """The in-app copy: one notice per person, e-mail address or not."""
    from workforce.models import Notice

    ids = set(users.values_list("pk", flat=True))
    Notice.objects.bulk_create(
        Notice(user_id=pk, claim=claim, subject=header_value(subject)[:300]) for pk in sorted(ids)
    )


def _claim(claim_id: int):
    from workforce.models import Claim

    return Claim.objects.select_related("pcn__commissioner").get(pk=claim_id)


def _link(claim) -> str:
    """The claim's page as a full address (``SITE_URL``): a mail reader has no site to resolve a
    path against."""
    return settings.SITE_URL + reverse("workforce:claim_detail", args=[claim.pk])


def claim_submitted(claim_id: int) -> int:
    claim = _claim(claim_id)
    subject = f"ARRS claim {claim.reference} from {claim.pcn.name} for {claim.month:%B %Y}"
    body = (
        f"{claim.submitted_by_name} submitted {claim.reference} for {claim.month:%B %Y}: "
        f"£{claim.total:,.2f}.\nPlease respond by {claim.due_on:%-d %B %Y} (5 working days).\n\n"
        f"Open it in PCN Admin: {_link(claim)}\n"
    )
    _tell(contract_managers(claim.pcn.commissioner_id), claim, subject)
    return _send(subject, body, contract_manager_emails(claim.pcn.commissioner_id))


def claim_decided(claim_id: int) -> int:
    claim = _claim(claim_id)
    event = claim.events.order_by("-at", "-pk").first()
    status = claim.get_status_display().lower()
    subject = f"ARRS claim {claim.reference} for {claim.month:%B %Y} {status}"
    lines = [f"{event.by_name} {status} {claim.reference} ({claim.pcn.name}, {claim.month:%B %Y})."]
    if claim.approved_amount is not None:
        lines.append(
            f"Amount approved: £{claim.approved_amount:,.2f} of £{claim.total:,.2f} claimed."
        )
    if event.reason:
        label = "Question" if status == "queried" else "Reason"
        lines.append(f"{label}: {event.reason}")
    lines.append(f"\nOpen it in PCN Admin: {_link(claim)}")
    _tell(pcn_users(claim.pcn_id), claim, subject)
    return _send(subject, "\n".join(lines) + "\n", pcn_user_emails(claim.pcn_id))

"""E-mails about claims (django.core.mail): to the commissioner's contract managers when a claim
is submitted, and to the PCN's users when one is queried, approved or rejected.

Mail goes after the transaction commits, so a rolled-back transition never announces itself.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from networks.scopes import GROUP_NAMES, PCN_TYPES, UserType

_muted = ContextVar("workforce_notifications_muted", default=False)


@contextmanager
def muted():
    """No e-mail inside this block (the demo loader replays years of claims)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def on_commit(notify, claim_id: int) -> None:
    if not _muted.get():
        transaction.on_commit(lambda: notify(claim_id))


def _send(subject: str, body: str, recipients) -> int:
    addresses = sorted({r for r in recipients if r})
    if not addresses:
        return 0
    return send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses], fail_silently=False
    )


def contract_manager_emails(commissioner_id: int) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=GROUP_NAMES[UserType.CONTRACT_MANAGER],
            scope__commissioners=commissioner_id,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def pcn_user_emails(pcn_id: int) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=[GROUP_NAMES[t] for t in PCN_TYPES],
            scope__pcn_id=pcn_id,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _claim(claim_id: int):
    from workforce.models import Claim

    return Claim.objects.select_related("pcn__commissioner").get(pk=claim_id)


def _link(claim) -> str:
    return reverse("workforce:claim_detail", args=[claim.pk])


def claim_submitted(claim_id: int) -> int:
    claim = _claim(claim_id)
    subject = f"ARRS claim {claim.reference} from {claim.pcn.name} for {claim.month:%B %Y}"
    body = (
        f"{claim.submitted_by_name} submitted {claim.reference} for {claim.month:%B %Y}: "
        f"£{claim.total:,.2f}.\nPlease respond by {claim.due_on:%-d %B %Y} (5 working days).\n\n"
        f"Open it in PCN Admin: {_link(claim)}\n"
    )
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
    return _send(subject, "\n".join(lines) + "\n", pcn_user_emails(claim.pcn_id))

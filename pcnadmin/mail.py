"""Helpers for the mail outbox (django-mailer): header values that cannot break a message, and
the worker's error handler.

Mail is queued in the database in the same transaction as the change it announces and sent
later by the mail worker (docs/deployment.md), so a mail server that is down never fails a
request and a rolled-back change never announces itself.
"""

import logging
import re

from mailer.engine import handle_delivery_exception
from mailer.models import RESULT_FAILURE, MessageLog

logger = logging.getLogger(__name__)

# Line breaks (including Unicode's) and other control characters end or forge a mail header.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def header_value(text: str) -> str:
    """``text`` on one line, safe as a header value (a subject): each run of control characters,
    line breaks included, becomes one space."""
    return _CONTROL.sub(" ", text).strip()


def is_plain_address(address: str) -> bool:
    return bool(address) and not _CONTROL.search(address)


def defer_on_failure(connection, message, exc):
    """The worker's error handler (MAILER_ERROR_HANDLER). django-mailer defers a message on a
    connection or SMTP failure and re-raises anything else, which stops the worker at that
    message on every run; here any failure defers the message (kept, logged, retried by
    ``retry_deferred``) and the worker goes on with the next."""
    try:
        return handle_delivery_exception(connection, message, exc)
    except Exception:  # noqa: BLE001 - one bad message must not stop the queue
        logger.exception("Mail deferred: it could not be sent")
        message.defer()
        MessageLog.objects.log(message, RESULT_FAILURE, log_message=str(exc))
        return None, "deferred"

"""A problem's message with the other claim it names as a link to that claim."""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from workforce.models import Claim

register = template.Library()


@register.filter
def problem_message(problem) -> str:
    """The message, escaped, with ``problem.refers_to`` (a claim reference) linked to the
    claim's page."""
    message = escape(problem.message)
    reference = problem.refers_to
    pk = Claim.pk_from_reference(reference) if reference else None
    if pk is None or reference not in problem.message:
        return message
    link = format_html(
        '<a href="{}">{}</a>', reverse("workforce:claim_detail", args=[pk]), reference
    )
    return mark_safe(message.replace(escape(reference), link, 1))

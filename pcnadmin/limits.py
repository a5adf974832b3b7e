"""How much text a person may type, in one place (issue 12 §7).

A reason, a question, an answer or a note is a few sentences: 2,000 characters is a long
paragraph, and keeps every history page and e-mail that repeats it readable. Audit rows hold the
typed text with a short prefix written by the service ("Sent back: …"), hence a little more room.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

TEXT_MAX = 2_000
EVENT_TEXT_MAX = 2_200
# A baseline keeps its correction reason and each time it was sent back, one line each.
BASELINE_REASON_MAX = 20_000


def limited_text(max_length: int, **kwargs) -> models.TextField:
    """A TextField whose length full_clean() checks (a TextField's max_length alone does not)."""
    return models.TextField(
        max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )

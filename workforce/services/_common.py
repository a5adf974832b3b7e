"""What every workforce service shares: the errors they raise and small helpers (names, saving with the model checks, moments)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from workforce import rules

CLINICAL_PHARMACIST = "clinical-pharmacist"


class WorkforceError(Exception):
    """A domain rule refused the action; the message is for the person who asked."""


class ClaimStateError(WorkforceError):
    """The claim is not in a state that allows the action (e.g. it was already approved)."""


class BaselineStateError(WorkforceError):
    pass


class ClaimProblemsError(WorkforceError):
    def __init__(self, problems: list[rules.Problem]):
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "System"


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _at(when: datetime | None) -> datetime:
    return when or timezone.now()


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _when(moment: datetime | None) -> str:
    return (
        timezone.localtime(moment).strftime("%-d %B %Y at %H:%M") if moment else "an unknown time"
    )

"""The synthetic workforce's claims: a month's claim for a PCN, its status by age and the audit
trail that led there (submitted, perhaps queried, decided, paid), as COPY rows
(see ``benchmarks.england_workforce``)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from benchmarks.england_staff import CONTRACT_MANAGER, FINANCE, PCN_USER
from benchmarks.pgcopy import row
from workforce import rules
from workforce.models import ClaimStatus

QUESTIONS = (
    "Please send the employment contract for the new starter.",
    "The WTE on one line differs from the staff register; please check.",
    "Please confirm the employer pension figure for this month.",
)


def claim_status(rng: random.Random, months_before_end: int) -> str:
    """Realistic statuses by age: the last month mostly waiting for the commissioner, the one
    before mostly approved, older months paid, a few rejected throughout."""
    roll = rng.random()
    S = ClaimStatus
    if months_before_end == 0:
        table = ((0.08, S.DRAFT), (0.70, S.SUBMITTED), (0.85, S.QUERIED), (0.97, S.APPROVED))
    elif months_before_end == 1:
        table = ((0.08, S.SUBMITTED), (0.15, S.QUERIED), (0.75, S.APPROVED), (0.98, S.PAID))
    elif months_before_end == 2:
        table = ((0.15, S.APPROVED), (0.98, S.PAID))
    else:
        table = ((0.985, S.PAID),)
    for limit, status in table:
        if roll < limit:
            return status
    return S.REJECTED


@dataclass
class ClaimStory:
    """How a claim reached its status: its audit events (at, from, to, amount, reason) and the
    moments and names the claim row records."""

    events: list[tuple]
    submitted: datetime | None = None
    due: date | None = None
    decided: datetime | None = None
    decided_by: str = ""
    approved: Decimal | None = None
    problems: int = 0


def _submit(rng, story: ClaimStory, status: str, total: Decimal, holidays) -> datetime:
    """Submitted a few days after it was drafted, perhaps queried and submitted again; returns
    the moment of the last submission."""
    created = story.events[0][0]
    story.submitted = created + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 5))
    story.due = rules.due_date(story.submitted.date(), holidays)
    story.problems = 1 if rng.random() < 0.06 else 0
    story.events.append((story.submitted, ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, total, ""))
    queried = status == ClaimStatus.QUERIED or (
        status != ClaimStatus.SUBMITTED and rng.random() < 0.05
    )
    moment = story.submitted
    if queried:
        moment = moment + timedelta(days=rng.randint(1, 6))
        question = rng.choice(QUESTIONS)
        story.events.append((moment, ClaimStatus.SUBMITTED, ClaimStatus.QUERIED, None, question))
        if status != ClaimStatus.QUERIED:
            moment = moment + timedelta(days=rng.randint(1, 8))
            story.submitted = moment
            story.due = rules.due_date(moment.date(), holidays)
            story.events.append(
                (moment, ClaimStatus.QUERIED, ClaimStatus.SUBMITTED, total, "Attached as asked.")
            )
    return moment


def _decide(rng, story: ClaimStory, status: str, total: Decimal, submitted: datetime) -> None:
    # Most within the 5 working days, some late.
    story.decided = submitted + timedelta(days=rng.choice((1, 2, 3, 4, 5, 6, 9)))
    story.decided_by = CONTRACT_MANAGER
    if status == ClaimStatus.REJECTED:
        reason = "Staff member already claimed through another scheme."
        story.events.append(
            (story.decided, ClaimStatus.SUBMITTED, ClaimStatus.REJECTED, None, reason)
        )
    else:
        story.approved = total
        story.events.append((story.decided, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, total, ""))


def claim_story(
    rng: random.Random, status: str, created: datetime, total: Decimal, holidays, paid_on: date
) -> ClaimStory:
    """The audit trail of a claim drafted at ``created`` that has reached ``status``; a paid
    claim was paid on ``paid_on``."""
    story = ClaimStory(events=[(created, "", ClaimStatus.DRAFT, None, "")])
    if status == ClaimStatus.DRAFT:
        return story
    submitted = _submit(rng, story, status, total, holidays)
    if status in (ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.REJECTED):
        _decide(rng, story, status, total, submitted)
    if status == ClaimStatus.PAID:
        paid_at = datetime.combine(paid_on, time(16), tzinfo=UTC)
        story.events.append((paid_at, ClaimStatus.APPROVED, ClaimStatus.PAID, total, ""))
    return story


def _actor(to_status: str) -> str:
    if to_status == ClaimStatus.PAID:
        return FINANCE
    if to_status in (ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.QUERIED):
        return CONTRACT_MANAGER
    return PCN_USER


def claim_row(
    claim_id: int, pcn_id: int, month: date, year_id: int, status: str, total, story, run
):
    """The claim in COPY text, in the order of ``pgcopy.CLAIM_COLUMNS``."""
    return row(
        claim_id,
        pcn_id,
        month,
        year_id,
        status,
        None,
        "",
        total,
        story.approved,
        None,
        PCN_USER,
        story.events[0][0],
        None,
        PCN_USER if story.submitted else "",
        story.submitted,
        story.due,
        story.decided_by,
        story.decided,
        story.problems,
        run,
    )


def event_rows(claim_id: int, story: ClaimStory) -> list[str]:
    """The claim's audit events in COPY text, in the order of ``pgcopy.EVENT_COLUMNS``."""
    return [
        row(claim_id, at, None, _actor(to_status), from_status, to_status, amount, reason)
        for at, from_status, to_status, amount, reason in story.events
    ]

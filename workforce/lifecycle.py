"""The claim life cycle as one table (style.md §4; DES rules §7, "Claims" and "Commissioner
checks"): for each action, the states it may start from, the state it leads to, who acts, and the
word a refusal uses. Pure data and functions, no ORM: services check the table before they change
anything, the claim page asks it which actions to offer, and the transition tests are generated
from it. Adding a state or an action is one edit here.

States are the values of ``workforce.models.ClaimStatus``.
"""

from dataclasses import dataclass

DRAFT, SUBMITTED, QUERIED = "draft", "submitted", "queried"
APPROVED, REJECTED, PAID = "approved", "rejected", "paid"
STATES = (DRAFT, SUBMITTED, QUERIED, APPROVED, REJECTED, PAID)

# Who acts: the PCN's own people, the commissioner's contract managers, its finance staff.
PCN, CONTRACT_MANAGER, FINANCE = "pcn", "contract_manager", "finance"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: the claim keeps its state (its lines or evidence change)
    actor: str
    refused_as: str  # "This claim is …, so it cannot be <refused_as>."


CLAIM = (
    Transition("edit", (DRAFT, QUERIED), None, PCN, "changed"),
    Transition("submit", (DRAFT,), SUBMITTED, PCN, "submitted"),
    Transition("resubmit", (QUERIED,), SUBMITTED, PCN, "resubmitted"),
    Transition("approve", (SUBMITTED,), APPROVED, CONTRACT_MANAGER, "approved"),
    Transition("reject", (SUBMITTED,), REJECTED, CONTRACT_MANAGER, "rejected"),
    Transition("query", (SUBMITTED,), QUERIED, CONTRACT_MANAGER, "queried"),
    Transition("pay", (APPROVED,), PAID, FINANCE, "paid"),
    # An adjustment is a new claim correcting an approved or paid one, never an edit of it.
    Transition(
        "adjust", (APPROVED, PAID), None, PCN, "adjusted (only approved or paid claims are)"
    ),
    Transition("add_evidence", (DRAFT, SUBMITTED, QUERIED), None, PCN, "given evidence"),
    Transition("delete_draft", (DRAFT,), None, PCN, "deleted"),
)
ACTIONS = {t.action: t for t in CLAIM}


def transition(action: str) -> Transition:
    if action not in ACTIONS:
        raise ValueError(f"No claim action {action!r}: expected one of {', '.join(ACTIONS)}.")
    return ACTIONS[action]


def allows(state: str, action: str) -> bool:
    """Whether ``action`` may start from ``state``."""
    return state in transition(action).sources


def next_state(state: str, action: str) -> str:
    """The state ``action`` leads to from ``state`` (the same state for an action that keeps it);
    ValueError when the table does not allow it."""
    step = transition(action)
    if state not in step.sources:
        raise ValueError(f"A {state} claim cannot be {step.refused_as}.")
    return step.target or state


def actions_for(state: str, actor: str) -> frozenset[str]:
    """The actions ``actor`` may take on a claim in ``state`` (the page's buttons)."""
    return frozenset(t.action for t in CLAIM if t.actor == actor and state in t.sources)

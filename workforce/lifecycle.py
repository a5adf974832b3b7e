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
OPEN = (DRAFT, SUBMITTED, QUERIED)  # not decided yet: problems are still worth showing


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


# --- the baseline ----------------------------------------------------------------------------
# DES rules §7: the PCN drafts its baseline workforce, the Clinical Director signs it off and the
# commissioner accepts it (or sends it back); a later accepted version supersedes it.

B_DRAFT, B_SIGNED_OFF, B_ACCEPTED, B_SUPERSEDED = "draft", "signed_off", "accepted", "superseded"
BASELINE_STATES = (B_DRAFT, B_SIGNED_OFF, B_ACCEPTED, B_SUPERSEDED)
CLINICAL_DIRECTOR, SYSTEM = "clinical_director", "system"

BASELINE = (
    Transition("edit", (B_DRAFT,), None, PCN, "changed"),
    Transition("sign_off", (B_DRAFT,), B_SIGNED_OFF, CLINICAL_DIRECTOR, "signed off"),
    Transition("accept", (B_SIGNED_OFF,), B_ACCEPTED, CONTRACT_MANAGER, "accepted"),
    Transition("return", (B_SIGNED_OFF,), B_DRAFT, CONTRACT_MANAGER, "sent back"),
    # Accepting a new version supersedes the accepted one: nobody chooses this step.
    Transition("supersede", (B_ACCEPTED,), B_SUPERSEDED, SYSTEM, "superseded"),
)
BASELINE_ACTIONS = {t.action: t for t in BASELINE}
OPEN_BASELINE_STATES = (B_DRAFT, B_SIGNED_OFF)  # a new version waits until these are settled


def baseline_allows(state: str, action: str) -> bool:
    """Whether ``action`` may start from a baseline in ``state``."""
    if action not in BASELINE_ACTIONS:
        raise ValueError(f"No baseline action {action!r}.")
    return state in BASELINE_ACTIONS[action].sources


def baseline_actions_for(state: str, actor: str) -> frozenset[str]:
    """The actions ``actor`` may take on a baseline version in ``state``."""
    return frozenset(t.action for t in BASELINE if t.actor == actor and state in t.sources)


def awaits_decision(state: str) -> bool:
    """A claim the commissioner decides on now (the 5-working-day clock runs)."""
    return allows(state, "approve")

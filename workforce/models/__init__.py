"""Who is paid for: baselines (versioned, signed off), the staff register (dated terms), monthly
ARRS claims with their lines, the append-only claim audit trail, evidence and payment runs.

Rows are written only by ``workforce.services`` (style.md §1). One module per subject; every model
is imported here, so ``from workforce.models import X`` works and Django finds them all.
"""

from workforce.models._fields import MONEY_FIELD, WTE_FIELD
from workforce.models.baselines import Baseline, BaselineEntry, BaselineStatus
from workforce.models.claims import (
    APPROVED_STATUSES,
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    PENDING_STATUSES,
    Claim,
    ClaimLine,
    ClaimQuerySet,
    ClaimStatus,
    PaymentRun,
)
from workforce.models.events import (
    BaselineEvent,
    BaselineEventQuerySet,
    ClaimEvent,
    ClaimEventQuerySet,
)
from workforce.models.evidence import Evidence, evidence_path
from workforce.models.notices import Notice
from workforce.models.staff import Staff, StaffQuerySet, StaffTerm
from workforce.rules import BASELINE_DATE

__all__ = [
    "APPROVED_STATUSES",
    "BASELINE_DATE",
    "EDITABLE_STATUSES",
    "MONEY_FIELD",
    "OPEN_STATUSES",
    "PENDING_STATUSES",
    "WTE_FIELD",
    "Baseline",
    "BaselineEntry",
    "BaselineEvent",
    "BaselineEventQuerySet",
    "BaselineStatus",
    "Claim",
    "ClaimEvent",
    "ClaimEventQuerySet",
    "ClaimLine",
    "ClaimQuerySet",
    "ClaimStatus",
    "Evidence",
    "Notice",
    "PaymentRun",
    "Staff",
    "StaffQuerySet",
    "StaffTerm",
    "evidence_path",
]

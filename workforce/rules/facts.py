"""What the claim checks read and return: the facts a selector loads about a claim (plain values,
no ORM) and the problems found, each blocking or a warning."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from workforce.rules.additionality import StaffMonth


class Severity:
    BLOCKING = "blocking"  # the claim cannot be submitted (or approved) until it is fixed
    WARNING = "warning"  # shown to both sides; the commissioner decides; not a "clean" claim


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    severity: str = Severity.BLOCKING
    staff_id: int | None = None
    refers_to: str | None = None  # the reference of another claim the problem is about

    @property
    def blocking(self) -> bool:
        return self.severity == Severity.BLOCKING


@dataclass(frozen=True)
class LineFacts:
    """One claim line as the checks see it: the staff member and the role and WTE claimed."""

    staff_id: int
    staff_name: str
    role: str
    role_name: str
    wte: Decimal
    start_date: date
    end_date: date | None
    in_baseline: bool
    transferred: bool
    reimbursable_role: bool
    amount: Decimal
    max_published: bool = True
    counts_against_gp: bool = False
    conditions: tuple[str, ...] = ()
    max_note: str = ""


@dataclass(frozen=True)
class RoleCap:
    """The WTE cap of a role for the PCN in the claim's month (des-years.md §3), already chosen
    by the PCN's size; ``waived`` when the commissioner recorded a waiver for the year."""

    role_name: str
    max_wte: Decimal
    waived: bool = False


@dataclass(frozen=True)
class ClaimFacts:
    """Everything the claim checks need, loaded by a selector. DES rules §6 and §7."""

    month: date
    today: date
    lines: Sequence[LineFacts]
    year_label: str
    arrs_period_start: date | None = None
    first_submission: bool = True
    is_adjustment: bool = False
    # staff id → reference of another claim for the same person and month
    already_claimed: Mapping[int, str] = None  # type: ignore[assignment]
    # staff claimed in the month by other claims; they hold the additional WTE first
    other_claimed_staff: Sequence[StaffMonth] = ()
    in_post_wte_by_role: Mapping[str, Decimal] = None  # type: ignore[assignment]
    baseline_wte_by_role: Mapping[str, Decimal] | None = None  # None: no accepted baseline
    entitlement: Decimal | None = None
    used_elsewhere: Decimal = Decimal(0)  # approved + pending of the PCN's other claims that year
    wte_allowance: int | None = None
    allowance_roles: tuple[str, ...] = ()
    other_wte_by_role: Mapping[str, Decimal] = None  # type: ignore[assignment]
    gp_entitlement: Decimal | None = None  # the separate GP sum (2024/25), when the year has one
    gp_used_elsewhere: Decimal = Decimal(0)
    caps: Mapping[str, RoleCap] = None  # type: ignore[assignment]  # role slug → cap that month
    # WTE of each role claimed that month by the PCN's other claims (caps count all of them)
    claimed_wte_elsewhere: Mapping[str, Decimal] = None  # type: ignore[assignment]
    # adjustments: the references of other adjustments of the same claim still pending
    pending_adjustments: Sequence[str] = ()

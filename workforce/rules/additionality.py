"""Baseline and additionality: only staff additional to the PCN's baseline at 31 March 2019 are
reimbursable, transferred clinical pharmacists excepted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from workforce.rules._common import check_wte, role_name, wte_text

BASELINE_DATE = date(2019, 3, 31)  # DES rules §7: WTE in post at 31 March 2019
TRANSFERABLE_ROLE = "clinical-pharmacist"  # DES rules §7, "Exception"


def may_be_transferred(role: str) -> bool:
    """Whether staff in ``role`` may be recorded as transferred from NHS England's national
    schemes (and so reimbursable although in post before the baseline): clinical pharmacists
    only. DES rules §7, "Exception"."""
    return role == TRANSFERABLE_ROLE


def claimable_wte(
    *, in_post_wte: Decimal, baseline_wte: Decimal, exempt_wte: Decimal = Decimal(0)
) -> Decimal:
    """WTE of a role a PCN may claim in a month: max(0, in post − baseline) + exempt.
    in_post_wte counts non-exempt staff in the role that month, baseline staff included; a
    vacant baseline post still counts in baseline_wte. exempt_wte is the clinical pharmacists
    transferred from the national schemes. DES rules §7, "Baseline" and "Exception"."""
    if in_post_wte < 0 or baseline_wte < 0 or exempt_wte < 0:
        raise ValueError("WTE in post, baseline WTE and exempt WTE cannot be negative.")
    return max(Decimal(0), in_post_wte - baseline_wte) + exempt_wte


@dataclass(frozen=True)
class StaffMonth:
    """One staff member claimed in a month. DES rules §7, "Claims"."""

    staff_id: int
    role: str
    wte: Decimal
    in_baseline: bool
    transferred: bool

    def __post_init__(self) -> None:
        check_wte(self.wte, f"Staff member {self.staff_id}")


def additionality_problems(
    *,
    claimed: Sequence[StaffMonth],
    in_post_wte_by_role: Mapping[str, Decimal],
    baseline_wte_by_role: Mapping[str, Decimal],
) -> dict[int, str]:
    """Staff claimed in a month who are not additional to the signed-off baseline, with a reason
    a person can read. DES rules §7, commissioner checks.

    Baseline staff are never additional, and transferred clinical pharmacists always are. For
    each role, the other claims are taken in the order given (e.g. by start date) while they
    fit within claimable_wte; the rest are flagged. A role missing from the baseline has none.
    """
    problems: dict[int, str] = {}
    new_claims: dict[str, list[StaffMonth]] = {}
    for staff in claimed:
        if staff.transferred:
            continue
        if staff.in_baseline:
            problems[staff.staff_id] = (
                f"{role_name(staff.role)}: counts in the signed-off baseline, so is not additional."
            )
        else:
            new_claims.setdefault(staff.role, []).append(staff)
    for role, staff_months in new_claims.items():
        if role not in in_post_wte_by_role:
            raise ValueError(f"No WTE in post given for {role_name(role)}.")
        baseline = baseline_wte_by_role.get(role, Decimal(0))
        room = claimable_wte(in_post_wte=in_post_wte_by_role[role], baseline_wte=baseline)
        total = sum((staff.wte for staff in staff_months), Decimal(0))
        message = (
            f"{role_name(role)}: {wte_text(total)} WTE claimed but only {wte_text(room)} WTE is "
            f"additional to the baseline of {wte_text(baseline)} WTE"
        )
        used = Decimal(0)
        for staff in staff_months:
            used += staff.wte
            if used > room:
                problems[staff.staff_id] = message
    return problems

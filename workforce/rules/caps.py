"""How much of a role a PCN may claim in a month: the WTE caps by PCN size (des-years.md §3) and
the 2019/20 WTE allowance (DES rules §6)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from workforce.rules._common import wte_text
from workforce.rules.facts import ClaimFacts, LineFacts, Problem, RoleCap


def wte_cap_problems(
    *,
    month: date,
    lines: Sequence[LineFacts],
    caps: Mapping[str, RoleCap],
    claimed_wte_elsewhere: Mapping[str, Decimal],
) -> list[Problem]:
    """A role's WTE claimed in a month, by this claim and the PCN's other claims, may not pass its
    cap unless the commissioner waived it. des-years.md §3 (caps by PCN size)."""
    by_role: dict[str, Decimal] = {}
    for line in lines:
        by_role[line.role] = by_role.get(line.role, Decimal(0)) + line.wte
    problems = []
    for role, wte in by_role.items():
        cap = caps.get(role)
        if cap is None or cap.waived:
            continue
        total = wte + claimed_wte_elsewhere.get(role, Decimal(0))
        if total > cap.max_wte:
            problems.append(
                Problem(
                    "wte_cap_exceeded",
                    f"{cap.role_name}: {wte_text(total)} WTE claimed for {month:%B %Y} but the "
                    f"PCN's cap is {wte_text(cap.max_wte)} WTE (no waiver recorded).",
                )
            )
    return problems


def wte_allowance_problems(facts: ClaimFacts) -> list[Problem]:
    """2019/20: n WTE of each allowance role, and only those roles; transferred pharmacists were
    funded outside the allowance. DES rules §6 and §7, "Exception"."""
    if facts.wte_allowance is None:
        return []
    problems = []
    by_role: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for line in facts.lines:
        if line.transferred:
            continue
        by_role[line.role] = by_role.get(line.role, Decimal(0)) + line.wte
        names[line.role] = line.role_name
    for role, wte in by_role.items():
        if role not in facts.allowance_roles:
            problems.append(
                Problem(
                    "role_not_in_allowance",
                    f"{names[role]} is not one of the roles of the {facts.year_label} WTE allowance.",
                )
            )
            continue
        total = wte + (facts.other_wte_by_role or {}).get(role, Decimal(0))
        if total > facts.wte_allowance:
            problems.append(
                Problem(
                    "wte_allowance_exceeded",
                    f"{names[role]}: {wte_text(total)} WTE claimed for {facts.month:%B %Y} but the "
                    f"{facts.year_label} allowance is {facts.wte_allowance} WTE.",
                )
            )
    return problems

"""The PCN's ARRS money ceiling: which lines draw on it, and whether a claim (at submission) or an
approval passes it. The sums themselves are worked out in funding.rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from workforce.rules._common import money
from workforce.rules.facts import ClaimFacts, LineFacts, Problem, Severity


def sum_rule_unset(year_label: str) -> Problem:
    """DES rules §6: the entitlement check needs the year's ARRS sum rule; while it is not set a
    claim may be submitted (a warning) but its approval waits for it."""
    return Problem(
        "sum_rule_unset",
        f"The ARRS sum for {year_label} is not set, so the PCN's entitlement cannot be checked: "
        "the claim can be submitted, but approval waits until an administrator sets it.",
        Severity.WARNING,
    )


def arrs_sum_exceeded(*, approved: Decimal, claimed: Decimal, entitlement: Decimal) -> bool:
    """True when claims already approved (or pending) plus this one pass the PCN's sum for the
    year. DES rules §6 ("the PCN stays within its entitlement"); des-years.md §2 (the 2024/25 GP
    sum is checked the same way, against GP lines only)."""
    return claimed > 0 and approved + claimed > entitlement


def counts_against_sum(line: LineFacts, allowance_year: bool) -> bool:
    """Whether a line draws on the PCN's ARRS money ceiling. Transferred clinical pharmacists
    are paid from the PCN's sum only from 2020/21: in 2019/20, the WTE-allowance year, they are
    outside its ceiling, as they are outside its WTE count. DES rules §6 and §7, "Exception"."""
    return not (allowance_year and line.transferred)


def gp_sum_in_force(
    *, month: date, gp_per_head: Decimal | None, start: date | None, end: date | None
) -> bool:
    """Whether a claim month's GP lines draw on the year's separate GP sum rather than the main
    one: the year has a GP amount per head and the month is within its period. des-years.md §2
    (2024/25, from 1 October 2024)."""
    return gp_per_head is not None and start <= month <= end


def arrs_sum_problems(facts: ClaimFacts) -> list[Problem]:
    """A claim may not take the PCN past its ARRS entitlement for the year, counting its other
    claims approved or pending; in 2024/25 GP lines are checked against the separate GP sum
    instead. DES rules §6 and §7 (commissioner checks); des-years.md §2."""
    gp_lines = facts.gp_entitlement is not None
    allowance_year = facts.wte_allowance is not None
    claimed = sum(
        (
            line.amount
            for line in facts.lines
            if counts_against_sum(line, allowance_year)
            and not (gp_lines and line.counts_against_gp)
        ),
        Decimal(0),
    )
    sums = [("ARRS entitlement", facts.used_elsewhere, claimed, facts.entitlement)]
    if gp_lines:
        gp_claimed = sum(
            (line.amount for line in facts.lines if line.counts_against_gp), Decimal(0)
        )
        sums.append(("GP ARRS sum", facts.gp_used_elsewhere, gp_claimed, facts.gp_entitlement))
    problems = []
    for name, used, amount, ceiling in sums:
        if arrs_sum_exceeded(approved=used, claimed=amount, entitlement=ceiling):
            total = used + amount
            problems.append(
                Problem(
                    "arrs_sum_exceeded",
                    f"The PCN's {facts.year_label} {name} of {money(ceiling)} "
                    f"would be exceeded: {money(used)} approved or pending + "
                    f"{money(amount)} this claim = {money(total)} "
                    f"({money(total - ceiling)} over).",
                )
            )
    return problems


def gp_part_approved(lines: Decimal, approved: Decimal | None) -> Decimal:
    """Of an approved claim, the part of some of its lines (its GP lines, or its transferred
    pharmacists') that counts: at most what was approved, never below nothing, since a
    reduction a contract manager approves comes off the rest of the claim first.
    DES rules §6; des-years.md §2 (the separate GP sum)."""
    zero = Decimal("0.00")
    return max(zero, min(lines, approved or zero))


def approval_draw(*, amount: Decimal, transferred: Decimal, allowance_year: bool) -> Decimal:
    """What approving ``amount`` of a claim draws on the PCN's ARRS sums: all of it, except in
    the WTE-allowance year (2019/20), when the lines of transferred clinical pharmacists
    (``transferred``, at most the amount approved) are outside the ceiling.
    DES rules §6 and §7, "Exception" (as counts_against_sum)."""
    if not allowance_year:
        return amount
    return amount - min(amount, transferred)


def approval_sum_problems(
    *,
    drawn: Decimal,
    gp_lines: Decimal,
    approved: Decimal,
    gp_approved: Decimal,
    entitlement: Decimal,
    gp_entitlement: Decimal | None,
    year_label: str,
) -> list[str]:
    """At approval, whatever was true at submission, the PCN's approved claims stay within its
    ARRS entitlement (``approved``: its other approved claims drawing on it). When the year has a
    separate GP sum (2024/25), the GP lines (``gp_lines``) draw on that, at most what is drawn;
    a reduction approved on the claim comes off its main-sum part. DES rules §6 and §7
    (commissioner checks); des-years.md §2."""
    if drawn <= 0:
        return []
    gp_part = Decimal("0.00")
    if gp_entitlement is not None:
        gp_part = min(drawn, gp_lines)
    checks = [("ARRS claims", approved, drawn - gp_part, "entitlement", entitlement)]
    if gp_entitlement is not None:
        checks.append(("GP ARRS claims", gp_approved, gp_part, "GP ARRS sum", gp_entitlement))
    return [
        f"Approving £{part:,.2f} would take the PCN's approved {name} to "
        f"£{already + part:,.2f}, over its {year_label} {sum_name} of £{ceiling:,.2f}."
        for name, already, part, sum_name, ceiling in checks
        if arrs_sum_exceeded(approved=already, claimed=part, entitlement=ceiling)
    ]

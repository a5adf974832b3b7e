"""The rules the services used to work out themselves (workforce/rules/), table by table, without a
database: actual costs, who may be transferred, and the ARRS sums at approval."""

from datetime import date
from decimal import Decimal as D

import pytest

from workforce.rules import (
    BASELINE_DATE,
    actual_costs,
    approval_draw,
    approval_sum_problems,
    gp_sum_in_force,
    may_be_transferred,
)


def test_actual_costs_are_salary_and_on_costs_and_levy():
    """DES rules §5: salary + employer NI and pension, and the apprenticeship levy where paid."""
    assert actual_costs(
        salary=D("3000.00"), employer_ni=D("350.00"), employer_pension=D("430.00")
    ) == D("3780.00")
    assert actual_costs(
        salary=D("3000.00"),
        employer_ni=D("350.00"),
        employer_pension=D("430.00"),
        apprenticeship_levy=D("15.00"),
    ) == D("3795.00")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("clinical-pharmacist", True), ("social-prescribing-link-worker", False), ("", False)],
)
def test_only_clinical_pharmacists_may_be_transferred(role, allowed):
    assert may_be_transferred(role) is allowed


def test_the_baseline_is_at_31_march_2019():
    assert BASELINE_DATE.isoformat() == "2019-03-31"


@pytest.mark.parametrize(
    ("amount", "transferred", "allowance_year", "drawn"),
    [
        (D("1000"), D("0"), False, D("1000")),
        (D("1000"), D("400"), False, D("1000")),  # from 2020/21 they are paid from the sum
        (D("1000"), D("400"), True, D("600")),  # 2019/20: outside the ceiling
        (D("300"), D("400"), True, D("0")),  # a reduced approval: at most what is approved
    ],
)
def test_approval_draw(amount, transferred, allowance_year, drawn):
    assert (
        approval_draw(amount=amount, transferred=transferred, allowance_year=allowance_year)
        == drawn
    )


SUMS = {
    "gp_lines": D("0"),
    "approved": D("9000.00"),
    "gp_approved": D("0"),
    "entitlement": D("10000.00"),
    "gp_entitlement": None,
    "year_label": "2023/24",
}


@pytest.mark.parametrize(
    ("changes", "messages"),
    [
        ({"drawn": D("1000.00")}, []),  # exactly the entitlement
        (
            {"drawn": D("1000.01")},
            [
                "Approving £1,000.01 would take the PCN's approved ARRS claims to £10,000.01, "
                "over its 2023/24 entitlement of £10,000.00."
            ],
        ),
        ({"drawn": D("0"), "approved": D("20000")}, []),  # nothing drawn, nothing to check
        (
            # 2024/25: GP lines draw on the GP sum instead of the main one
            {
                "drawn": D("1500.00"),
                "gp_lines": D("800.00"),
                "gp_approved": D("500.00"),
                "gp_entitlement": D("1000.00"),
                "year_label": "2024/25",
            },
            [
                "Approving £800.00 would take the PCN's approved GP ARRS claims to £1,300.00, "
                "over its 2024/25 GP ARRS sum of £1,000.00."
            ],
        ),
        (
            # a reduction comes off the main-sum part: the GP part is at most what is drawn
            {
                "drawn": D("500.00"),
                "gp_lines": D("800.00"),
                "gp_entitlement": D("1000.00"),
            },
            [],
        ),
    ],
)
def test_approval_sum_problems(changes, messages):
    assert approval_sum_problems(**{**SUMS, **changes}) == messages


@pytest.mark.parametrize(
    ("month", "gp_per_head", "in_force"),
    [
        (date(2024, 9, 1), D("1.303"), False),  # before the GP sum's period
        (date(2024, 10, 1), D("1.303"), True),
        (date(2025, 3, 1), D("1.303"), True),
        (date(2024, 10, 1), None, False),  # a year without a GP sum
    ],
)
def test_gp_sum_in_force(month, gp_per_head, in_force):
    assert (
        gp_sum_in_force(
            month=month, gp_per_head=gp_per_head, start=date(2024, 10, 1), end=date(2025, 3, 31)
        )
        is in_force
    )


@pytest.mark.parametrize(
    "lines, approved, counted",
    [
        ("500.00", "1000.00", "500.00"),  # all of the lines were approved
        ("500.00", "300.00", "300.00"),  # a reduction leaves at most what was approved
        ("500.00", "0.00", "0.00"),
        ("500.00", "-20.00", "0.00"),  # a negative adjustment takes nothing from these lines
        ("500.00", None, "0.00"),
    ],
)
def test_the_part_of_some_lines_an_approval_counts(lines, approved, counted):
    from decimal import Decimal

    from workforce.rules import gp_part_approved

    approved = None if approved is None else Decimal(approved)
    assert gp_part_approved(Decimal(lines), approved) == Decimal(counted)

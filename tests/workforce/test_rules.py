"""ARRS reimbursement and additionality rules, checked against DES rules §5–§7."""

from datetime import date
from decimal import Decimal as D

import pytest

from workforce.rules import (
    RoleRate,
    StaffMonth,
    additionality_problems,
    claimable_wte,
    months_between,
    payment_date_problem,
    rate_in_force,
    reimbursable_amount,
    working_days_after,
)

# First contact physiotherapist, 70%, with a hypothetical pay-award uplift from 1 October 2022
# (DES rules §5: maxima are uplifted mid-year; the uplifted figure here is made up).
PHYSIO = [
    RoleRate(D(70), D(38_969), date(2020, 4, 1), date(2021, 3, 31)),
    RoleRate(D(70), D(39_844), date(2021, 4, 1), date(2022, 3, 31)),
    RoleRate(D(70), D(40_657), date(2022, 4, 1), date(2022, 9, 30)),
    RoleRate(D(70), D(42_000), date(2022, 10, 1), None),
]

CLINICAL_PHARMACIST = "clinical-pharmacist"


@pytest.mark.parametrize(
    ("cost", "wte", "percent", "maxima", "expected", "capped"),
    [
        # Example 4: physician associate 2020/21, 1.0 WTE, one month; cap 3,133.92.
        ("3900.00", "1.0", 70, [37_607], "2730.00", False),
        # Example 5: first contact physiotherapist 2022/23, 0.6 WTE; cap 40,657 × 0.6 / 12.
        ("3100.00", "0.6", 70, [40_657], "2032.85", True),
        # Example 6: social prescribing link worker 2019/20 at 100%; cap 2,842.75.
        ("2600.00", "1.0", 100, [34_113], "2600.00", False),
        # Clinical pharmacist 2021/22, 0.8 WTE, three months: min(10,500, 7,968.80).
        ("15000.00", "0.8", 70, [39_844] * 3, "7968.80", True),
        # 100% role over its cap is paid the cap.
        ("3000.00", "1.0", 100, [34_113], "2842.75", True),
        # Part-time: 0.5 WTE link worker, one month, cap 1,421.375 rounds half-up.
        ("1500.00", "0.5", 100, [34_113], "1421.38", True),
        # Part month: a starter on the 16th claims half a month's pay against the month's cap.
        ("1950.00", "1.0", 70, [37_607], "1365.00", False),
        # 70% of 2,000.15 is 1,400.105: half a penny rounds up.
        ("2000.15", "1.0", 70, [37_607], "1400.11", False),
        ("0.00", "1.0", 70, [37_607], "0.00", False),
    ],
)
def test_claim_line_pays_the_smaller_of_percentage_and_pro_rata_cap(
    cost, wte, percent, maxima, expected, capped
):
    line = reimbursable_amount(
        actual_cost=D(cost), wte=D(wte), percent=D(percent), monthly_maxima=[D(m) for m in maxima]
    )
    assert line.reimbursable == D(expected) and str(line.reimbursable) == expected
    assert line.capped is capped


def test_claim_line_keeps_unrounded_working_for_the_reviewer():
    line = reimbursable_amount(
        actual_cost=D("3900.00"), wte=D(1), percent=D(70), monthly_maxima=[D(37_607)]
    )
    assert line.percentage_amount == D("2730.00")
    assert D("3133.9166") < line.cap < D("3133.9167")


@pytest.mark.parametrize(
    ("month", "maximum"),
    [
        (date(2020, 3, 1), None),  # not reimbursable in 2019/20
        (date(2020, 4, 1), 38_969),
        (date(2022, 3, 31), 39_844),
        (date(2022, 9, 1), 40_657),
        (date(2022, 10, 1), 42_000),
        (date(2022, 10, 20), 42_000),
        (date(2023, 3, 1), 42_000),
    ],
)
def test_rate_in_force_picks_the_row_containing_the_first_of_the_month(month, maximum):
    rate = rate_in_force(PHYSIO, month)
    assert (rate and rate.max_annual_per_wte) == maximum


def test_claim_across_mid_year_uplift_sums_each_months_maximum():
    months = months_between(date(2022, 9, 1), date(2022, 12, 31))
    maxima = [rate_in_force(PHYSIO, month).max_annual_per_wte for month in months]
    assert maxima == [D(40_657), D(42_000), D(42_000), D(42_000)]
    line = reimbursable_amount(
        actual_cost=D("25000.00"), wte=D(1), percent=D(70), monthly_maxima=maxima
    )
    assert line.reimbursable == D("13888.08")  # (40,657 + 3 × 42,000) / 12 < 17,500


@pytest.mark.parametrize(
    ("in_post", "baseline", "exempt", "expected"),
    [
        ("2.0", "0", "0", "2.0"),  # no baseline: everyone is additional
        ("2.0", "1.0", "0", "1.0"),  # baseline post filled
        ("1.0", "1.0", "0", "0"),  # baseline post filled, nothing more
        ("1.0", "1.0", "1.0", "1.0"),  # transferred pharmacist is claimable anyway
        ("0.4", "1.0", "0", "0"),  # below the baseline: never negative
        ("1.6", "0.6", "0.5", "1.5"),
    ],
)
def test_claimable_wte_is_wte_in_post_beyond_the_baseline_plus_exempt(
    in_post, baseline, exempt, expected
):
    result = claimable_wte(in_post_wte=D(in_post), baseline_wte=D(baseline), exempt_wte=D(exempt))
    assert result == D(expected)


def staff(staff_id, wte="1.0", in_baseline=False, transferred=False, role=CLINICAL_PHARMACIST):
    return StaffMonth(staff_id, role, D(wte), in_baseline, transferred)


def problems(claimed, in_post, baseline):
    return additionality_problems(
        claimed=claimed,
        in_post_wte_by_role={CLINICAL_PHARMACIST: D(in_post)},
        baseline_wte_by_role={CLINICAL_PHARMACIST: D(baseline)} if baseline else {},
    )


def test_new_staff_with_no_baseline_are_additional():
    assert problems([staff(1), staff(2, "0.5")], in_post="1.5", baseline=None) == {}


def test_baseline_staff_member_is_never_additional():
    assert problems([staff(1, in_baseline=True), staff(2)], in_post="2.0", baseline="1.0") == {
        1: "Clinical pharmacist: counts in the signed-off baseline, so is not additional."
    }


def test_vacant_baseline_post_still_counts_so_the_excess_claim_is_flagged():
    assert problems([staff(1), staff(2)], in_post="2.0", baseline="1.0") == {
        2: "Clinical pharmacist: 2.0 WTE claimed but only 1.0 WTE is additional to the "
        "baseline of 1.0 WTE"
    }


def test_transferred_pharmacists_are_never_flagged():
    claimed = [staff(1, in_baseline=True, transferred=True), staff(2, transferred=True)]
    assert problems(claimed, in_post="0", baseline="1.0") == {}


def test_part_time_claim_straddling_the_additional_wte_is_flagged():
    result = problems([staff(1, "0.6"), staff(2, "0.6")], in_post="1.2", baseline="0.2")
    assert list(result) == [2]
    assert "1.2 WTE claimed but only 1.0 WTE is additional to the baseline of 0.2 WTE" in result[2]


@pytest.mark.parametrize(
    ("start", "n", "holidays", "due"),
    [
        # Friday before Christmas 2023; 1 January 2024 is also an England bank holiday.
        (
            date(2023, 12, 22),
            5,
            {date(2023, 12, 25), date(2023, 12, 26), date(2024, 1, 1)},
            date(2024, 1, 3),
        ),
        (date(2023, 12, 22), 5, {date(2023, 12, 25), date(2023, 12, 26)}, date(2024, 1, 2)),
        (date(2024, 3, 28), 5, {date(2024, 3, 29), date(2024, 4, 1)}, date(2024, 4, 8)),  # Easter
        (date(2024, 1, 8), 5, set(), date(2024, 1, 15)),  # Monday → next Monday
        (date(2024, 1, 12), 1, set(), date(2024, 1, 15)),  # Friday → Monday
        (date(2024, 1, 13), 1, set(), date(2024, 1, 15)),  # Saturday → Monday
        (date(2024, 1, 13), 0, set(), date(2024, 1, 13)),
    ],
)
def test_response_is_due_five_working_days_after_submission(start, n, holidays, due):
    assert working_days_after(start, n, holidays) == due


@pytest.mark.parametrize(
    ("first", "last", "count"),
    [
        (date(2019, 7, 15), date(2020, 3, 2), 9),
        (date(2022, 5, 20), date(2022, 5, 10), 1),
        (date(2020, 4, 1), date(2021, 3, 31), 12),
    ],
)
def test_months_between_lists_the_first_of_each_month_inclusive(first, last, count):
    months = months_between(first, last)
    assert len(months) == count
    assert months[0] == first.replace(day=1) and months[-1] == last.replace(day=1)


def line(**overrides):
    values = dict(actual_cost=D(1000), wte=D(1), percent=D(70), monthly_maxima=[D(37_607)])
    return reimbursable_amount(**(values | overrides))


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: line(wte=D(0)), "more than 0"),
        (lambda: line(wte=D("-0.5")), "more than 0"),
        (lambda: line(wte=D("1.01")), "at most 1.0"),
        (lambda: line(actual_cost=D("-0.01")), "negative"),
        (lambda: line(percent=D(101)), "between 0 and 100"),
        (lambda: line(monthly_maxima=[]), "1 to 12 months"),
        (lambda: line(monthly_maxima=[D(37_607)] * 13), "1 to 12 months"),
        (lambda: line(monthly_maxima=[D(-1)]), "negative"),
        (lambda: staff(1, "1.5"), "at most 1.0"),
        (lambda: RoleRate(D(70), D(1), date(2022, 4, 1), date(2022, 3, 31)), "before it starts"),
        (lambda: RoleRate(D(170), D(1), date(2022, 4, 1), None), "between 0 and 100"),
        (lambda: rate_in_force([*PHYSIO, PHYSIO[-1]], date(2023, 1, 1)), "same announcement date"),
        (lambda: claimable_wte(in_post_wte=D(-1), baseline_wte=D(0)), "negative"),
        (lambda: problems([staff(1, role="paramedic")], "1.0", None), "No WTE in post"),
        (lambda: working_days_after(date(2024, 1, 1), -1, set()), "negative"),
        (lambda: months_between(date(2022, 5, 1), date(2022, 4, 30)), "before the first"),
    ],
)
def test_invalid_input_raises_a_readable_value_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_a_payment_run_is_dated_no_later_than_today():
    today = date(2026, 11, 25)
    assert payment_date_problem(today, today) is None
    assert payment_date_problem(date(2026, 11, 1), today) is None
    assert payment_date_problem(date(2026, 11, 30), today) == (
        "A payment run is dated the day it is paid: 30 November 2026 is after today "
        "(25 November 2026)."
    )

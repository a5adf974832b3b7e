"""Entitlement rules, checked against the published figures of the DES rules (§3, §4, §6)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from funding.rules import (
    MemberList,
    Period,
    StreamRate,
    arrs_allowance_ceiling,
    arrs_sum_per_head,
    arrs_wte_allowance,
    membership_share,
    monthly_instalments,
    practice_payments,
    stream_entitlement,
    to_penny,
)

NINE_MONTHS_2019 = Period(date(2019, 7, 1), date(2020, 3, 31))
YEAR_2019 = Period(date(2019, 4, 1), date(2020, 3, 31))
YEAR_2020 = Period(date(2020, 4, 1), date(2021, 3, 31))

CLINICAL_DIRECTOR = StreamRate(
    "clinical_director", D("0.514"), NINE_MONTHS_2019, "registered", "pcn"
)
CORE = StreamRate("core", D("1.50"), YEAR_2019, "registered", "pcn")
EXTENDED_HOURS = StreamRate("extended_hours", D("1.099"), NINE_MONTHS_2019, "registered", "pcn")
PARTICIPATION = StreamRate("participation", D("1.761"), YEAR_2019, "weighted", "practice")
RATES_2019 = [CLINICAL_DIRECTOR, CORE, EXTENDED_HOURS, PARTICIPATION]


def member(code, registered, weighted=None, start=date(2019, 4, 1), end=None):
    weighted = D(registered) * D("1.07") if weighted is None else D(weighted)
    return MemberList(code, f"Practice {code}", registered, weighted, start, end)


# Barking & Dagenham North, as printed (DES rules §9).
NORTH = [
    member(f"F8200{i}", size)
    for i, size in enumerate([5740, 5704, 4673, 4553, 4057, 4076, 3000, 5415])
]
EAST = [member(f"F8300{i}", size) for i, size in enumerate([6553, 8888, 6004, 6779, 11234])]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.005", "0.01"),
        ("0.015", "0.02"),
        ("0.025", "0.03"),  # banker's rounding would give 0.02
        ("2.675", "2.68"),
        ("1.004999", "1.00"),
        ("-0.005", "-0.01"),
        ("22214.052", "22214.05"),
    ],
)
def test_to_penny_rounds_half_up_at_half_a_penny(amount, expected):
    assert to_penny(D(amount)) == D(expected)
    assert str(to_penny(D(amount))) == expected


def test_2019_20_nine_month_period_runs_july_to_march():
    assert NINE_MONTHS_2019.days == 275  # 2020 is a leap year
    assert NINE_MONTHS_2019.months == [date(2019, m, 1) for m in range(7, 13)] + [
        date(2020, m, 1) for m in (1, 2, 3)
    ]
    assert len(YEAR_2020.months) == 12 and YEAR_2020.days == 365


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2019, 1, 1), None, NINE_MONTHS_2019),
        (date(2019, 8, 15), None, Period(date(2019, 8, 15), date(2020, 3, 31))),
        (date(2018, 1, 1), date(2019, 9, 30), Period(date(2019, 7, 1), date(2019, 9, 30))),
        (date(2018, 1, 1), date(2019, 6, 30), None),
        (date(2020, 4, 1), None, None),
    ],
)
def test_period_overlap_clips_membership_to_the_period(start, end, expected):
    assert NINE_MONTHS_2019.overlap(start, end) == expected


@pytest.mark.parametrize(
    ("total", "months", "first", "last"),
    [
        (to_penny(D("0.514") * 43_218), NINE_MONTHS_2019.months, "2468.23", "2468.21"),
        (D("1531000.00"), YEAR_2019.months, "127583.33", "127583.37"),
        (D("-100.00"), NINE_MONTHS_2019.months, "-11.11", "-11.12"),
        (D("0.00"), YEAR_2020.months, "0.00", "0.00"),
        (D("0.05"), YEAR_2020.months, "0.00", "0.05"),
        (D("10.00"), [date(2020, 3, 1)], "10.00", "10.00"),
    ],
)
def test_monthly_instalments_are_equal_and_add_up_to_the_penny(total, months, first, last):
    instalments = monthly_instalments(total, months)
    assert [month for month, _ in instalments] == list(months)
    assert sum(amount for _, amount in instalments) == total
    assert instalments[0][1] == D(first) and instalments[-1][1] == D(last)
    assert {amount for _, amount in instalments[:-1]} <= {D(first)}


def test_pooled_whole_period_members_are_rounded_once():
    rate = StreamRate("core", D("0.001"), YEAR_2019, "registered", "pcn")
    entitlement = stream_entitlement(rate, [member("A", 4), member("B", 4)])
    assert [share.amount for share in entitlement.shares] == [D("0.00"), D("0.00")]
    assert entitlement.full_period_list_size == 8
    assert entitlement.pooled_amount == entitlement.amount == D("0.01")


@pytest.mark.parametrize("rate", RATES_2019, ids=lambda rate: rate.stream)
def test_pcn_entitlement_is_rate_times_sum_of_member_lists(rate):
    entitlement = stream_entitlement(rate, NORTH)
    total = sum(m.list_size(rate.basis) for m in NORTH)
    assert entitlement.full_period_list_size == total
    assert (
        entitlement.amount == entitlement.pooled_amount == to_penny(rate.amount_per_patient * total)
    )
    assert all(share.whole_period for share in entitlement.shares)


def test_clinical_director_2019_20_for_barking_and_dagenham_north():
    assert stream_entitlement(CLINICAL_DIRECTOR, NORTH).amount == D("19130.05")  # 0.514 × 37,218


def test_members_outside_the_period_contribute_nothing():
    gone = member("OLD", 9000, start=date(2015, 1, 1), end=date(2019, 6, 30))
    later = member("NEW", 9000, start=date(2020, 4, 1))
    entitlement = stream_entitlement(CLINICAL_DIRECTOR, [*NORTH, gone, later])
    assert entitlement == stream_entitlement(CLINICAL_DIRECTOR, NORTH)


def test_practice_joining_mid_period_earns_by_days():
    joiner = member("NEW", 10_000, start=date(2019, 10, 1))
    entitlement = stream_entitlement(CORE, [*NORTH, joiner])
    share = entitlement.shares[-1]
    assert (share.days, share.whole_period) == (183, False)  # 1 Oct 2019 – 31 Mar 2020
    assert share.amount == to_penny(D("15000.00") * 366 / 366) - to_penny(D("15000.00") * 183 / 366)
    assert entitlement.amount == stream_entitlement(CORE, NORTH).amount + share.amount


def test_consecutive_membership_shares_telescope_to_the_whole():
    whole = D("12345.67")
    cuts = [date(2019, 4, 1), date(2019, 6, 17), date(2019, 11, 3), date(2020, 4, 1)]
    shares = [
        membership_share(whole, YEAR_2019, start, end - timedelta(days=1))
        for start, end in zip(cuts, cuts[1:], strict=False)
    ]
    assert sum(shares) == whole
    assert membership_share(whole, YEAR_2019, date(2020, 4, 1), None) == 0


def move_dates(period, step):
    day = period.start + timedelta(days=1)
    while day <= period.end:
        yield day
        day += timedelta(days=step)
    yield period.end


@pytest.mark.parametrize("rate", RATES_2019, ids=lambda rate: rate.stream)
@pytest.mark.parametrize(
    ("registered", "weighted"), [(1, "1.333"), (4_673, "5123.457"), (31_062, "29871.05")]
)
def test_practice_moving_pcn_mid_year_splits_its_whole_figure_exactly(rate, registered, weighted):
    before_a, before_b = stream_entitlement(rate, NORTH), stream_entitlement(rate, EAST)
    mover_whole = to_penny(
        rate.amount_per_patient * member("M", registered, weighted).list_size(rate.basis)
    )
    for moved in move_dates(rate.period, step=3):
        leaving = member(
            "M", registered, weighted, start=date(2019, 1, 1), end=moved - timedelta(days=1)
        )
        joining = member("M", registered, weighted, start=moved)
        after_a = stream_entitlement(rate, [*NORTH, leaving])
        after_b = stream_entitlement(rate, [*EAST, joining])
        assert after_a.shares[-1].amount + after_b.shares[-1].amount == mover_whole, moved
        assert after_a.amount + after_b.amount == before_a.amount + before_b.amount + mover_whole


def test_participation_is_paid_to_each_practice_on_its_weighted_list():
    leaver = member("LEFT", 4000, "4400", end=date(2019, 9, 30))
    payments = practice_payments(PARTICIPATION, [member("A", 5740, "6142.5"), leaver])
    assert payments[0].amount == D("10816.94")  # 1.761 × 6,142.5 = 10,816.9425
    assert payments[0].whole_period and not payments[1].whole_period
    assert payments[1].amount == membership_share(
        D("7748.40"), YEAR_2019, date(2019, 4, 1), leaver.end
    )


@pytest.mark.parametrize(
    ("weighted", "per_head", "floor", "expected"),
    [
        ("41250", "6.9607", "0", "287128.88"),  # example 2
        ("12000", "4.3107", "74358.00", "74358.00"),  # example 3: floor applies
        ("45000", "4.3107", "74358.00", "193981.50"),  # above the floor
        ("0", "10.634", "0", "0.00"),
    ],
)
def test_arrs_sum_floor_applies_for_small_2020_21_pcn(weighted, per_head, floor, expected):
    assert arrs_sum_per_head(D(weighted), D(per_head), D(floor)) == D(expected)


@pytest.mark.parametrize(
    ("weighted", "n"),
    [("112400", 2), ("12000", 1), ("49999.99", 1), ("50000", 1), ("100000", 2), ("150000", 3)],
)
def test_arrs_2019_20_wte_allowance_is_one_per_50000_weighted_patients_at_least_one(weighted, n):
    assert arrs_wte_allowance(D(weighted)) == n


@pytest.mark.parametrize(("n", "expected"), [(1, "53942.25"), (2, "107884.50"), (3, "161826.75")])
def test_arrs_2019_20_ceiling_is_three_quarters_of_both_roles_maxima(n, expected):
    assert arrs_allowance_ceiling(n, [D(37_810), D(34_113)], D("0.75")) == D(expected)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Period(date(2020, 3, 31), date(2019, 7, 1)), "before it starts"),
        (lambda: member("A", -1), "negative"),
        (lambda: member("A", 10, start=date(2020, 1, 1), end=date(2019, 1, 1)), "before it starts"),
        (lambda: StreamRate("core", D(1), YEAR_2019, "registered", "bank"), "Unknown payee"),
        (lambda: StreamRate("core", period=YEAR_2019, components=[]), "has no components"),
        (lambda: StreamRate("core", D(1), YEAR_2019, "resident", "pcn"), "Unknown basis"),
        (lambda: StreamRate("core", D(-1), YEAR_2019, "registered", "pcn"), "negative"),
        (lambda: NINE_MONTHS_2019.overlap(date(2020, 1, 1), date(2019, 1, 1)), "before it starts"),
        (lambda: practice_payments(CORE, NORTH), "paid to the PCN"),
        (lambda: arrs_sum_per_head(D(-1), D("4.3107")), "negative"),
        (lambda: arrs_wte_allowance(D(-1)), "negative"),
        (lambda: arrs_allowance_ceiling(1, [D(-1)], D("0.75")), "negative"),
        (lambda: monthly_instalments(D("10.00"), []), "at least one month"),
        (lambda: monthly_instalments(D("22214.052"), NINE_MONTHS_2019.months), "to the penny"),
    ],
)
def test_invalid_input_raises_a_readable_value_error(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_the_2019_20_arrs_ceiling_is_explained_in_words():
    from funding.rules.arrs import WTE_ALLOWANCE, ArrsTerms, arrs_entitlement

    terms = ArrsTerms(
        financial_year="2019/20",
        method=WTE_ALLOWANCE,
        period_start=date(2019, 7, 1),
        per_head=None,
        population_per_wte=50_000,
        minimum_wte=1,
        allowance_fraction=D("0.75"),
        role_slugs=("clinical-pharmacist", "social-prescribing-link-worker"),
        role_names=("Clinical pharmacist", "Social prescribing link worker"),
        maxima=(D("55670"), D("35389")),
    )
    entitlement = arrs_entitlement(terms, D("37810"))
    assert entitlement.amount == D("68294.25")
    assert entitlement.explanation == (
        "The PCN may claim for up to 1 WTE clinical pharmacist and 1 WTE social prescribing link "
        "worker: one of each for every 50,000 weighted patients, and at least 1 (it has 37,810 "
        "weighted patients). Its ceiling is 9 months' worth of those posts at their maximum "
        "reimbursement (£55,670 a year for each clinical pharmacist plus £35,389 a year for each "
        "social prescribing link worker): £68,294.25."
    )
    assert "×" not in entitlement.explanation

"""The pure networks rules, without a database (DES rules §1)."""

from datetime import date

import pytest

from networks.rules import membership_problems

NORTH = ("Barking & Dagenham North PCN", date(2019, 7, 1), date(2020, 3, 31))
WEST = ("Barking & Dagenham West PCN", date(2020, 4, 1), None)


@pytest.mark.parametrize(
    "start, end, clash",
    [
        (date(2019, 6, 1), date(2019, 6, 30), None),  # ends the day before North starts
        (date(2019, 6, 1), date(2019, 7, 1), "North PCN from 2019-07-01 to 2020-03-31"),
        (date(2020, 3, 31), date(2020, 3, 31), "North PCN from 2019-07-01 to 2020-03-31"),
        (date(2020, 4, 1), date(2020, 4, 30), "West PCN from 2020-04-01 to an open end"),
        (date(2018, 1, 1), None, "North PCN from 2019-07-01"),  # the earliest clash is named
    ],
)
def test_a_practice_is_in_at_most_one_pcn_on_any_day(start, end, clash):
    problems = membership_problems(
        practice="Green Lane Surgery (F82001)", start=start, end=end, others=[WEST, NORTH]
    )
    if clash is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert clash in problems[0]
        assert problems[0].startswith("Green Lane Surgery (F82001) is already a member of")


def test_a_practice_with_no_other_membership_may_join():
    assert membership_problems(practice="X", start=date(2020, 1, 1), end=None, others=[]) == []

"""A PCN's list size is the sum of its members' lists at the reference date (DES §2)."""

from datetime import date
from decimal import Decimal

import pytest

from networks import selectors, services
from tests.factories import PCNFactory, PracticeFactory, member

pytestmark = pytest.mark.django_db


def test_pcn_list_size_is_sum_of_members_on_the_date(commissioner_x):
    pcn = PCNFactory(commissioner=commissioner_x)
    member(pcn, registered=5_740, weighted="6000.50")
    member(pcn, registered=5_704, weighted="5800.25")
    leaver = member(
        pcn, registered=4_000, weighted="4100", start=date(2019, 7, 1), end=date(2019, 12, 31)
    )
    assert selectors.list_size_on(pcn, date(2019, 10, 1), date(2019, 1, 1)) == (
        15_444,
        Decimal("15900.75"),
    )
    assert selectors.list_size_on(pcn, date(2020, 1, 1), date(2019, 1, 1)) == (
        11_444,
        Decimal("11800.75"),
    )
    assert leaver.memberships.get().end == date(2019, 12, 31)


def test_list_size_uses_the_reference_date_not_the_latest(commissioner_x):
    pcn = PCNFactory(commissioner=commissioner_x)
    practice = member(pcn, registered=1_000, weighted="1000")
    services.list_size_record(
        practice=practice,
        reference_date=date(2020, 1, 1),
        registered=1_200,
        weighted=Decimal("1250"),
    )
    assert selectors.list_size_on(pcn, date(2020, 6, 1), date(2020, 1, 1))[0] == 1_200
    assert selectors.list_size_on(pcn, date(2020, 6, 1), date(2019, 1, 1))[0] == 1_000


def test_unknown_weighted_list_makes_weighted_total_unknown(commissioner_x):
    pcn = PCNFactory(commissioner=commissioner_x)
    member(pcn, registered=1_000, weighted="1000")
    other = PracticeFactory()
    services.membership_start(practice=other, pcn=pcn, start=date(2019, 7, 1))
    services.list_size_record(practice=other, reference_date=date(2019, 1, 1), registered=500)
    assert selectors.list_size_on(pcn, date(2019, 7, 1), date(2019, 1, 1)) == (1_500, None)


def test_recording_the_same_list_again_changes_nothing(commissioner_x):
    practice = PracticeFactory()
    row, changed = services.list_size_record(
        practice=practice, reference_date=date(2020, 1, 1), registered=10, weighted=Decimal("11")
    )
    assert changed
    again, changed = services.list_size_record(
        practice=practice, reference_date=date(2020, 1, 1), registered=10, weighted=Decimal("11")
    )
    assert (again.pk, changed) == (row.pk, False)
    assert row.history.count() == 1


@pytest.mark.parametrize(
    "registered, has_cd, has_payee, missing, expected",
    [
        (40_000, True, True, [], set()),
        (29_999, True, True, [], {"population"}),
        (50_001, True, True, [], {"population"}),
        (40_000, False, True, [], {"no_cd"}),
        (40_000, True, False, [], {"no_payee"}),
        (40_000, True, True, ["Green Lane Surgery"], {"no_list_size"}),
    ],
)
def test_data_quality_flags(registered, has_cd, has_payee, missing, expected):
    from networks.rules import data_quality_flags

    flags = data_quality_flags(
        registered_total=registered,
        practices_without_list=missing,
        has_clinical_director=has_cd,
        has_nominated_payee=has_payee,
        reference_date=date(2020, 1, 1),
    )
    assert {f.code for f in flags} == expected

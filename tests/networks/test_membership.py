"""Membership rules: a practice is in at most one PCN on any day, and history is kept (DES §1)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from networks import services
from networks.models import Membership
from tests.factories import PCNFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pcns(commissioner_x):
    return (
        PCNFactory(name="Exeshire Alpha PCN", commissioner=commissioner_x),
        PCNFactory(name="Exeshire Beta PCN", commissioner=commissioner_x),
    )


@pytest.mark.parametrize(
    "first, second",
    [
        ((date(2019, 7, 1), None), (date(2020, 1, 1), None)),  # open-ended then any later start
        ((date(2019, 7, 1), date(2020, 3, 31)), (date(2020, 3, 31), None)),  # shared last day
        ((date(2020, 1, 1), None), (date(2019, 7, 1), date(2020, 1, 1))),  # earlier, reaching in
        ((date(2019, 7, 1), date(2020, 3, 31)), (date(2019, 8, 1), date(2019, 9, 1))),  # inside
    ],
)
def test_overlapping_memberships_are_rejected(two_pcns, first, second):
    alpha, beta = two_pcns
    practice = PracticeFactory()
    services.membership_start(practice=practice, pcn=alpha, start=first[0], end=first[1])
    with pytest.raises(ValidationError, match="at most one PCN on any day"):
        services.membership_start(practice=practice, pcn=beta, start=second[0], end=second[1])
    assert Membership.objects.filter(practice=practice).count() == 1


def test_back_to_back_memberships_are_allowed(two_pcns):
    alpha, beta = two_pcns
    practice = PracticeFactory()
    services.membership_start(
        practice=practice, pcn=alpha, start=date(2019, 7, 1), end=date(2020, 9, 30)
    )
    services.membership_start(practice=practice, pcn=beta, start=date(2020, 10, 1))
    assert Membership.objects.filter(practice=practice).count() == 2


def test_moving_practice_ends_old_membership_the_day_before_and_keeps_it(two_pcns):
    alpha, beta = two_pcns
    practice = PracticeFactory()
    services.membership_start(practice=practice, pcn=alpha, start=date(2019, 7, 1))
    services.practice_move(practice=practice, to_pcn=beta, on=date(2020, 10, 1))
    old, new = Membership.objects.filter(practice=practice).order_by("start")
    assert (old.pcn, old.start, old.end) == (alpha, date(2019, 7, 1), date(2020, 9, 30))
    assert (new.pcn, new.start, new.end) == (beta, date(2020, 10, 1), None)
    assert Membership.objects.on(date(2020, 9, 30)).get(practice=practice).pcn == alpha
    assert Membership.objects.on(date(2020, 10, 1)).get(practice=practice).pcn == beta


def test_membership_cannot_end_before_it_starts(two_pcns):
    membership = services.membership_start(
        practice=PracticeFactory(), pcn=two_pcns[0], start=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="cannot end"):
        services.membership_end(membership, end=date(2019, 12, 31))


def test_membership_history_is_recorded(two_pcns):
    practice = PracticeFactory()
    membership = services.membership_start(
        practice=practice, pcn=two_pcns[0], start=date(2019, 7, 1)
    )
    services.membership_end(membership, end=date(2020, 3, 31))
    assert [h.end for h in membership.history.order_by("history_date")] == [None, date(2020, 3, 31)]


def test_nominated_payee_must_be_a_current_member(two_pcns):
    alpha, beta = two_pcns
    outsider = PracticeFactory()
    services.membership_start(practice=outsider, pcn=beta, start=date(2019, 7, 1))
    with pytest.raises(ValidationError, match="not a current member"):
        services.pcn_update(alpha, nominated_payee=outsider)


def test_clinical_director_job_share_may_not_exceed_one_wte(two_pcns):
    from decimal import Decimal

    alpha = two_pcns[0]
    services.clinical_director_appoint(
        pcn=alpha, name="Dr One", start=date(2019, 7, 1), wte_share=Decimal("0.5")
    )
    services.clinical_director_appoint(
        pcn=alpha, name="Dr Two", start=date(2019, 7, 1), wte_share=Decimal("0.5")
    )
    with pytest.raises(ValidationError, match="at most 1.00"):
        services.clinical_director_appoint(
            pcn=alpha, name="Dr Three", start=date(2020, 1, 1), wte_share=Decimal("0.25")
        )

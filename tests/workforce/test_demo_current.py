"""The demo in today's year: after load_demo's loaders the queue holds claims of the current
financial year, and pcn.manager.north can start and submit last month's claim."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model

from funding import selectors as funding_selectors
from networks import demo as networks_demo
from networks import demo_users, demo_years
from networks.models import PCN
from tests import factories
from workforce import demo, demo_current, selectors, services
from workforce.models import Claim, ClaimStatus

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def loaded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    factories.ensure_rates()
    networks_demo.load()
    demo_users.load()
    demo.load()
    demo_years.load()
    assert demo_current.load() is True


def test_the_queue_holds_claims_of_the_current_year_and_a_second_load_adds_nothing(loaded):
    current = funding_selectors.financial_year_containing(TODAY)
    manager = get_user_model().objects.get(username="contract.manager")
    queue = selectors.claim_queue(manager, today=TODAY)
    assert queue.filter(financial_year=current, status=ClaimStatus.SUBMITTED).exists()
    before = funding_selectors.financial_year_containing(current.start - timedelta(days=1))
    assert Claim.objects.filter(financial_year=before, status=ClaimStatus.PAID).exists()
    count = Claim.objects.count()
    assert demo_current.load() is False and Claim.objects.count() == count


def test_a_gp_and_a_practice_nurse_are_claimed_and_the_inner_london_pcn_at_its_maxima(loaded):
    lines = {
        line.role.slug
        for c in Claim.objects.filter(pcn__code="U00001", month__lt=date(2026, 4, 1))
        for line in c.lines.select_related("role")
        if c.month >= date(2025, 4, 1)
    }
    assert {"general-practitioner", "practice-nurse"} <= lines
    inner = Claim.objects.filter(pcn__code="U00009").first().lines.first()
    assert inner.area == "inner-london"


def test_pcn_manager_north_can_start_and_submit_last_month(loaded):
    last_month = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    north = PCN.objects.get(code="U00001")
    assert not Claim.objects.filter(pcn=north, month=last_month).exists()
    manager = get_user_model().objects.get(username="pcn.manager.north")
    claim = services.claim_create(pcn=north, month=last_month, by=manager)
    lines = [
        services.LineInput(staff, 3000, 300, 400)
        for staff, _ in selectors.staff_in_post(north.pk, last_month)
        if not staff.in_baseline
    ]
    services.claim_lines_set(claim=claim, by=manager, lines=lines)
    assert services.claim_submit(claim=claim, by=manager).status == ClaimStatus.SUBMITTED

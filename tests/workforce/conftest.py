"""The workforce cast: the shared one (tests/conftest.py) plus the PCN manager of A, a second
contract manager of X, the Clinical Director of B, the 2019/20–2023/24 rates, list sizes for every
year, an accepted baseline for PCN A and its staff."""

from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.utils import timezone

from funding.models import ArrsRole
from networks import services as networks_services
from networks.models import Membership
from networks.scopes import UserType
from tests import factories
from workforce import services

YEARS = [date(y, 1, 1) for y in range(2019, 2024)]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The cast logs in with force_login; hashing their passwords slowly buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def role(rates):
    return lambda slug: ArrsRole.objects.get(slug=slug)


def _lists_every_year(pcn):
    for m in Membership.objects.filter(pcn=pcn).select_related("practice"):
        row = m.practice.list_sizes.order_by("reference_date").first()
        for ref in YEARS:
            networks_services.list_size_record(
                practice=m.practice,
                reference_date=ref,
                registered=row.registered,
                weighted=row.weighted,
            )


@pytest.fixture
def pcn_a_funded(pcn_a, rates):
    _lists_every_year(pcn_a)
    return pcn_a


@pytest.fixture
def manager_a(pcn_a):
    return factories.user(UserType.PCN_MANAGER, pcn=pcn_a, username="manager-a")


@pytest.fixture
def cd_b(pcn_b):
    return factories.user(UserType.CLINICAL_DIRECTOR, pcn=pcn_b, username="cd-b")


@pytest.fixture
def contract_manager_x2(commissioner_x):
    return factories.user(
        UserType.CONTRACT_MANAGER, commissioners=[commissioner_x], username="cm-x2"
    )


@pytest.fixture
def baseline_a(pcn_a_funded, manager_a, cd_a, contract_manager_x, role):
    """PCN A had 1.0 WTE clinical pharmacist at 31 March 2019."""
    baseline = services.baseline_draft(
        pcn=pcn_a_funded, by=manager_a, entries={role("clinical-pharmacist"): D("1.0")}
    )
    services.baseline_sign_off(baseline=baseline, by=cd_a)
    return services.baseline_accept(baseline=baseline, by=contract_manager_x)


@pytest.fixture
def pharmacist(baseline_a, manager_a, role):
    """A new full-time clinical pharmacist at PCN A from 1 May 2021 (additional: only the
    baseline post is in the baseline)."""
    services.staff_add(
        pcn=baseline_a.pcn,
        by=manager_a,
        name="Baseline Pharmacist",
        role=role("clinical-pharmacist"),
        wte=D("1.0"),
        start_date=date(2018, 6, 1),
        in_baseline=True,
    )
    return services.staff_add(
        pcn=baseline_a.pcn,
        by=manager_a,
        name="Priya Pharmacist",
        role=role("clinical-pharmacist"),
        wte=D("1.0"),
        start_date=date(2021, 5, 1),
        band="7",
    )


def at(day: date, hour: int = 10):
    """An aware moment on ``day``: claims are submitted in their own year, not today."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


JULY_2021 = at(date(2021, 7, 5))


def line(staff, salary="3500.00", ni="400.00", pension="500.00", levy="0.00"):
    return services.LineInput(staff, D(salary), D(ni), D(pension), D(levy))


@pytest.fixture
def draft_claim(pharmacist, manager_a):
    claim = services.claim_create(
        pcn=pharmacist.pcn, month=date(2021, 6, 1), by=manager_a, at=at(date(2021, 7, 1))
    )
    return services.claim_lines_set(claim=claim, by=manager_a, lines=[line(pharmacist)])


@pytest.fixture
def submitted_claim(draft_claim, manager_a):
    return services.claim_submit(claim=draft_claim, by=manager_a, at=JULY_2021)

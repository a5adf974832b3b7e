"""Funding test set-up: the published rates (fixtures/rates.json) and helpers for years."""

from datetime import date

import pytest

from funding import services
from funding.models import FinancialYear, PaymentRate
from tests.funding import builders
from tests.funding.builders import DES_START


def backdate_2019_20() -> None:
    """DES rules §4: 2019/20 core funding (and the participation payment) cover the whole year,
    backdated to 1 April 2019, for the practices that were members at the DES start. The rates
    file records this as ``backdated_members_on``; this sets it if the file does not yet, so the
    figures below do not depend on which version of the file is loaded."""
    for rate in PaymentRate.objects.filter(period_start=date(2019, 4, 1)):
        if rate.backdated_members_on is None:
            rate.backdated_members_on = DES_START
            services.rate_data_save(rate)


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # Outside DEBUG the settings redirect every plain-HTTP request to HTTPS; the test client
    # speaks plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    # A fast hasher: each test creates its users afresh.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rates(db):
    services.rates_load(services.DEFAULT_RATES_FILE)
    backdate_2019_20()


@pytest.fixture
def year(rates):
    """``year("2020/21")``: a financial year from the rates file."""
    return lambda label: FinancialYear.objects.get(label=label)


# The cast of tests/conftest.py (same codes, names and lists), built through networks.services.
@pytest.fixture
def commissioner_x(db):
    return builders.commissioner("X01", "NHS Exeshire CCG")


@pytest.fixture
def commissioner_y(db):
    return builders.commissioner("Y01", "NHS Whyshire CCG")


@pytest.fixture
def pcn_a(commissioner_x):
    pcn = builders.pcn(commissioner_x, code="U00101", name="Exeshire Alpha PCN")
    builders.member(pcn, registered=20_000, weighted="21000.00")
    builders.member(pcn, registered=15_000, weighted="15500.00")
    return pcn


@pytest.fixture
def pcn_b(commissioner_y):
    pcn = builders.pcn(commissioner_y, code="U00202", name="Whyshire Beta PCN")
    builders.member(pcn, registered=32_000, weighted="33000.00")
    return pcn

"""Funding test set-up: the published rates (fixtures/rates.json) and helpers for years."""

import pytest

from funding.models import FinancialYear
from tests import factories


@pytest.fixture
def rates(db):
    factories.ensure_rates()


@pytest.fixture
def year(rates):
    """``year("2020/21")``: a financial year from the rates file."""
    return lambda label: FinancialYear.objects.get(label=label)

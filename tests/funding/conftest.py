"""Funding test set-up: helpers for years (the ``rates`` fixture is in tests/conftest.py)."""

import pytest

from funding.models import FinancialYear


@pytest.fixture
def year(rates):
    """``year("2020/21")``: a financial year from the rates file."""
    return lambda label: FinancialYear.objects.get(label=label)

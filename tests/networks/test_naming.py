"""PCN naming convention (NHS England, Sept 2019; DES §1)."""

import pytest
from django.core.exceptions import ValidationError

from networks import services
from networks.rules import pcn_name_problems
from tests.factories import PCNFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "Barking & Dagenham North PCN",
        "Barking & Dagenham North West PCN",
        "A" * 36 + " PCN",  # exactly 40 characters
    ],
)
def test_good_names_pass(name):
    assert pcn_name_problems(name) == []


@pytest.mark.parametrize(
    "name, problem",
    [
        ("Barking & Dagenham North", "must end with the suffix 'PCN'"),
        ("Barking & Dagenham North Primary Care Network", "must end with the suffix"),
        ("A" * 37 + " PCN", "at most 40 characters including the suffix; this one has 41"),
        ("North PCN", "needs a place"),
        ("3 PCN", "needs a place"),
        ("North West PCN", "needs a place"),
    ],
)
def test_bad_names_are_explained(name, problem):
    assert any(problem in p for p in pcn_name_problems(name))


def test_model_validation_rejects_bad_name(commissioner_x):
    with pytest.raises(ValidationError) as excinfo:
        services.pcn_create(code="U12345", name="North PCN", commissioner=commissioner_x)
    assert "needs a place" in str(excinfo.value)


def test_names_are_unique_nationally(commissioner_x, commissioner_y):
    PCNFactory(name="Riverside Central PCN", commissioner=commissioner_x)
    with pytest.raises(ValidationError, match="already exists"):
        PCNFactory(name="Riverside Central PCN", commissioner=commissioner_y)

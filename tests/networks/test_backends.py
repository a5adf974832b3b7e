"""The session's user is read with their groups and scope in one query (networks.backends), and
the scope it gives is the one scope_for works out from the rows."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from networks.backends import ScopedModelBackend
from networks.scopes import UserType, scope_for
from tests import factories

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def cast(commissioner_x, commissioner_y, pcn_a):
    yesterday = timezone.localdate() - timedelta(days=1)
    return [
        factories.user(UserType.CONTRACT_MANAGER, commissioners=[commissioner_x, commissioner_y]),
        factories.user(
            UserType.CONTRACT_MANAGER, commissioners=[commissioner_x], manages_users=True
        ),
        factories.user(UserType.FINANCE, commissioners=[commissioner_y]),
        factories.user(UserType.CLINICAL_DIRECTOR, pcn=pcn_a),
        factories.user(UserType.PCN_MANAGER, pcn=pcn_a),
        factories.user(UserType.ADMINISTRATOR),
        factories.user(UserType.FINANCE, commissioners=[commissioner_x], end=yesterday),
        get_user_model().objects.create_user("no-group", password="x"),
    ]


def test_the_session_user_has_the_scope_the_rows_give(cast):
    backend = ScopedModelBackend()
    for person in cast:
        assert scope_for(backend.get_user(person.pk)) == scope_for(_fresh(person)), person


def test_the_session_user_and_scope_cost_one_query(cast, django_assert_num_queries):
    contract_manager = cast[0]
    with django_assert_num_queries(1):
        user = ScopedModelBackend().get_user(contract_manager.pk)
        scope = scope_for(user)
    assert len(scope.commissioner_ids) == 2


def test_an_inactive_person_is_nobody(cast):
    person = cast[0]
    person.is_active = False
    person.save()
    assert ScopedModelBackend().get_user(person.pk) is None
    assert ScopedModelBackend().get_user(10**9) is None

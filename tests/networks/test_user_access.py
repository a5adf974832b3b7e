"""Access that ends, and a commissioner administrator who manages its PCNs' users (issue 12 §11).

Cast: commissioner X holds PCN A (Clinical Director cd_a), commissioner Y holds PCN B (PCN
manager manager_b); admin_x is X's commissioner administrator (a contract manager with the flag);
contract_manager_x is a contract manager of X without it."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from networks import services
from networks.models import UserChange, UserScope
from networks.rules import access_span, in_force
from networks.scopes import UserType, scope_for
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def admin_x(commissioner_x):
    return factories.user(
        UserType.CONTRACT_MANAGER,
        commissioners=[commissioner_x],
        username="admin-x",
        manages_users=True,
    )


def sees_pcn(client_for, user, pcn) -> bool:
    user = get_user_model().objects.get(pk=user.pk)  # a fresh scope
    return client_for(user).get(f"/pcns/{pcn.code}/").status_code == 200


# --- dated scopes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, sees",
    [
        (None, None, True),
        (TODAY, TODAY, True),
        (None, YESTERDAY, False),
        (TODAY + timedelta(days=1), None, False),
    ],
)
def test_a_scope_gives_access_only_between_its_dates(client_for, pcn_a, start, end, sees):
    person = factories.user(UserType.PCN_MANAGER, pcn=pcn_a, start=start, end=end)
    assert sees_pcn(client_for, person, pcn_a) is sees
    assert (scope_for(person).pcn_id == pcn_a.pk) is sees


def test_a_commissioner_scope_that_has_ended_sees_no_commissioner(
    client_for, commissioner_x, pcn_a
):
    person = factories.user(UserType.FINANCE, commissioners=[commissioner_x], end=YESTERDAY)
    assert not sees_pcn(client_for, person, pcn_a)
    assert client_for(person).get("/commissioners/X01/funding/2020-21/").status_code == 404


def test_a_clinical_directors_access_follows_their_appointment(client_for, pcn_a, cd_a):
    appointment = services.clinical_director_appoint(
        pcn=pcn_a, name="Dr A", start=date(2020, 1, 1), user=cd_a
    )
    assert sees_pcn(client_for, cd_a, pcn_a)
    services.clinical_director_end(appointment, end=YESTERDAY)
    scope = UserScope.objects.get(user=cd_a)
    assert (scope.start, scope.end) == (date(2020, 1, 1), YESTERDAY)
    assert not sees_pcn(client_for, cd_a, pcn_a)


def test_an_appointment_that_ended_before_it_was_recorded_gives_no_access(client_for, pcn_a, cd_a):
    services.clinical_director_appoint(
        pcn=pcn_a, name="Dr A", start=date(2020, 1, 1), end=date(2021, 3, 31), user=cd_a
    )
    assert not sees_pcn(client_for, cd_a, pcn_a)


@pytest.mark.parametrize(
    "start, end, day, holds",
    [
        (None, None, date(2020, 1, 1), True),
        (date(2020, 1, 1), None, date(2019, 12, 31), False),
        (date(2020, 1, 1), date(2020, 1, 31), date(2020, 1, 31), True),
        (date(2020, 1, 1), date(2020, 1, 31), date(2020, 2, 1), False),
    ],
)
def test_in_force(start, end, day, holds):
    assert in_force(start, end, day) is holds


@pytest.mark.parametrize(
    "appointments, span",
    [
        ([], (None, None)),
        ([(date(2020, 1, 1), date(2021, 3, 31))], (date(2020, 1, 1), date(2021, 3, 31))),
        (
            [(date(2020, 1, 1), date(2021, 3, 31)), (date(2022, 4, 1), None)],
            (date(2020, 1, 1), None),
        ),
    ],
)
def test_access_span(appointments, span):
    assert access_span(appointments) == span


# --- a commissioner administrator manages its PCNs' users -------------------------------------


def invite(client, pcn, **extra):
    data = {
        "username": "jane.smith",
        "first_name": "Jane",
        "last_name": "Smith",
        "email": "jane.smith@example.nhs.uk",
        "user_type": "pcn_manager",
        "pcn": pcn.code,
        **extra,
    }
    return client.post("/users/invite/", data)


def test_an_administrator_invites_a_pcn_user_who_chooses_a_password(client, admin_x, pcn_a):
    client.force_login(admin_x)
    response = invite(client, pcn_a, start=TODAY.isoformat())
    jane = get_user_model().objects.get(username="jane.smith")
    assert response.status_code == 302 and response["Location"] == f"/users/{jane.pk}/"
    assert not jane.has_usable_password()
    assert scope_for(jane).pcn_id == pcn_a.pk and scope_for(jane).user_type == UserType.PCN_MANAGER
    change = UserChange.objects.get(user=jane)
    assert (change.action, change.by, change.by_name, change.username) == (
        "invited",
        admin_x,
        "admin-x",
        "jane.smith",
    )
    assert "PCN manager of Exeshire Alpha PCN" in change.details

    page = client.get(f"/users/{jane.pk}/").content.decode()
    link = re.search(r"<code data-invitation>http://testserver(\S+)</code>", page).group(1)
    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Choose your password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-Long-new-passw0rd", "new_password2": "a-Long-new-passw0rd"},
    )
    assert done.status_code == 302
    logged_in = client.post(
        "/login/", {"username": "jane.smith", "password": "a-Long-new-passw0rd"}
    )
    assert logged_in.status_code == 302 and client.get("/pcns/").status_code == 200
    client.logout()
    assert "does not work" in client.get(link, follow=True).content.decode()


def test_an_invitation_keeps_what_was_typed_and_shows_each_problem(client, admin_x, pcn_a):
    client.force_login(admin_x)
    response = invite(client, pcn_a, email="not-an-address", start="2026-13-01")
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "There is a problem" in page and 'href="#id_email"' in page and 'href="#id_start"' in page
    )
    assert 'value="jane.smith"' in page and 'value="not-an-address"' in page
    assert not get_user_model().objects.filter(username="jane.smith").exists()


def test_an_administrator_cannot_invite_into_another_commissioners_pcn(client, admin_x, pcn_b):
    client.force_login(admin_x)
    assert invite(client, pcn_b).status_code == 400
    assert not get_user_model().objects.filter(username="jane.smith").exists()
    with pytest.raises(PermissionDenied):
        services.pcn_user_invite(
            by=admin_x,
            username="jane.smith",
            first_name="Jane",
            last_name="Smith",
            email="j@example.nhs.uk",
            user_type="pcn_manager",
            pcn=pcn_b,
        )


def test_an_administrator_changes_a_users_access_and_it_is_audited(client, admin_x, cd_a, pcn_a):
    client.force_login(admin_x)
    response = client.post(
        f"/users/{cd_a.pk}/",
        {"user_type": "clinical_director", "pcn": pcn_a.code, "end": YESTERDAY.isoformat()},
    )
    assert response.status_code == 302
    assert UserScope.objects.get(user=cd_a).end == YESTERDAY
    change = UserChange.objects.get(user=cd_a)
    assert change.action == "changed" and change.by == admin_x
    assert change.details == (
        "Clinical Director of Exeshire Alpha PCN, from now to open → "
        f"Clinical Director of Exeshire Alpha PCN, from now to {YESTERDAY.isoformat()}"
    )
    page = client.get(f"/users/{cd_a.pk}/").content.decode()
    assert "History" in page and "admin-x" in page


def test_an_administrator_removes_a_user_after_confirming(client, admin_x, cd_a, pcn_a):
    client.force_login(admin_x)
    assert "cannot be undone" in client.get(f"/users/{cd_a.pk}/remove/").content.decode()
    assert client.post(f"/users/{cd_a.pk}/remove/").status_code == 302
    cd_a.refresh_from_db()
    assert not cd_a.is_active
    assert UserScope.objects.get(user=cd_a).end == YESTERDAY
    assert UserChange.objects.get(user=cd_a).action == "removed"


def test_an_administrator_never_manages_anyone_elses_users(
    client, admin_x, manager_b, contract_manager_x, finance_x
):
    client.force_login(admin_x)
    listed = client.get("/users/").content.decode()
    assert "manager-b" not in listed and "cm-x" not in listed and "finance-x" not in listed
    for person in (manager_b, contract_manager_x, finance_x):
        assert client.get(f"/users/{person.pk}/").status_code == 404
        assert client.post(f"/users/{person.pk}/remove/").status_code == 404
        with pytest.raises(PermissionDenied):
            services.pcn_user_remove(by=admin_x, user=person)
    manager_b.refresh_from_db()
    assert manager_b.is_active and not UserChange.objects.exists()


def test_a_contract_manager_without_the_flag_manages_no_users(client_for, contract_manager_x, cd_a):
    client = client_for(contract_manager_x)
    assert client.get("/users/").status_code == 403
    assert client.get(f"/users/{cd_a.pk}/").status_code == 403


def test_only_a_contract_manager_can_be_a_commissioner_administrator(commissioner_x):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        factories.user(UserType.FINANCE, commissioners=[commissioner_x], manages_users=True)

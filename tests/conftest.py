"""The fixed cast of the test suite (style.md §11).

Two commissioners, X and Y; PCN A in X and PCN B in Y... and the people who work on them:
a contract manager of X and one of Y, finance of X, the Clinical Director of PCN A, the PCN
manager of PCN B, and an administrator.
"""

import pytest

from networks.scopes import UserType
from tests import factories


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """``make test`` runs the suite on two workers (pytest-xdist, ``--dist loadgroup``). Tests
    that share a fixture wider than a test stay on one worker, so it is built once: the browser
    tests share one Chromium and one live server (package scope), the authorization matrix and
    the hostile requests each build their world once (module scope)."""
    for item in items:
        scopes = {
            fixturedef.scope: fixturedef.baseid
            for fixturedefs in item._fixtureinfo.name2fixturedefs.values()
            for fixturedef in fixturedefs
        }
        if "package" in scopes:
            item.add_marker(pytest.mark.xdist_group(item.path.parent.name))
        elif "module" in scopes:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped rate schedules once for the session: each test runs in a transaction
    that is rolled back, so it starts from them (``factories.ensure_rates`` reloads them after a
    transactional test has emptied the tables)."""
    with django_db_blocker.unblock():
        factories.ensure_rates()


@pytest.fixture
def rates(db):
    """The shipped rate schedules (national, planning-2019), for every test that needs them."""
    factories.ensure_rates()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Each test starts with an empty cache (the year banner keeps its answer there a minute).
    from django.core.cache import cache

    cache.clear()
    # The test client speaks plain HTTP; production redirects it to HTTPS.
    settings.SECURE_SSL_REDIRECT = False
    # Uploaded evidence goes to a temporary folder, never the project's.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    # Mail is queued in the outbox; the worker (manage.py send_mail) delivers it to Django's
    # test outbox (django.core.mail.outbox), one run at a time without the file lock.
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILER_USE_FILE_LOCK = False
    # Fast password hashing: the suite creates many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Manifest storage needs collectstatic; tests serve static files by their plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def commissioner_x(db):
    return factories.CommissionerFactory(code="X01", name="NHS Exeshire CCG")


@pytest.fixture
def commissioner_y(db):
    return factories.CommissionerFactory(code="Y01", name="NHS Whyshire CCG")


@pytest.fixture
def pcn_a(commissioner_x):
    pcn = factories.PCNFactory(
        code="U00101", name="Exeshire Alpha PCN", commissioner=commissioner_x
    )
    factories.member(pcn, registered=20_000, weighted="21000.00")
    factories.member(pcn, registered=15_000, weighted="15500.00")
    return pcn


@pytest.fixture
def pcn_b(commissioner_y):
    pcn = factories.PCNFactory(code="U00202", name="Whyshire Beta PCN", commissioner=commissioner_y)
    factories.member(pcn, registered=32_000, weighted="33000.00")
    return pcn


@pytest.fixture
def contract_manager_x(commissioner_x):
    return factories.user(
        UserType.CONTRACT_MANAGER, commissioners=[commissioner_x], username="cm-x"
    )


@pytest.fixture
def contract_manager_y(commissioner_y):
    return factories.user(
        UserType.CONTRACT_MANAGER, commissioners=[commissioner_y], username="cm-y"
    )


@pytest.fixture
def finance_x(commissioner_x):
    return factories.user(UserType.FINANCE, commissioners=[commissioner_x], username="finance-x")


@pytest.fixture
def cd_a(pcn_a):
    return factories.user(UserType.CLINICAL_DIRECTOR, pcn=pcn_a, username="cd-a")


@pytest.fixture
def manager_b(pcn_b):
    return factories.user(UserType.PCN_MANAGER, pcn=pcn_b, username="manager-b")


@pytest.fixture
def administrator(db):
    return factories.user(UserType.ADMINISTRATOR, username="administrator")


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as that person."""

    def login(user):
        client.force_login(user)
        return client

    return login

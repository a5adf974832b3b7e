"""The authorization matrix: every URL in the project, every kind of user, objects inside and
outside their scope. A URL pattern without a row here fails the test, so no new view escapes.

Cast: commissioner X holds PCN A, commissioner Y holds PCN B.
  anon        not logged in
  cm_x, cm_y  contract managers of X and of Y
  finance_x   finance of X
  cd_a        Clinical Director of PCN A
  manager_b   PCN manager of PCN B
  admin       administrator
Expected: 200 (or another success code), 302 (to the login page for anon), 403 (in scope, wrong
role), 404 (outside scope: nothing is revealed).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from networks.scopes import UserType
from tests import factories

USERS = ["anon", "cm_x", "cm_y", "finance_x", "cd_a", "manager_b", "admin"]

LOGIN = {"anon": 302}
EVERYONE = {u: 200 for u in USERS[1:]} | LOGIN


def row(name, kwargs=None, method="GET", data=None, **expected):
    """One line of the matrix. ``kwargs`` values name objects of the world (see ``world``)."""
    unknown = set(expected) - set(USERS)
    assert not unknown, f"unknown users {unknown}"
    missing = set(USERS) - set(expected)
    assert not missing, f"row {name} {kwargs} {method} misses {missing}"
    return pytest.param(
        name, kwargs or {}, method, data or {}, expected, id=f"{method} {name} {kwargs or ''}"
    )


# fmt: off
MATRIX = [
    row("home", anon=302, cm_x=302, cm_y=302, finance_x=302, cd_a=302, manager_b=302, admin=302),
    row("health", anon=200, cm_x=200, cm_y=200, finance_x=200, cd_a=200, manager_b=200, admin=200),
    row("login", anon=200, cm_x=302, cm_y=302, finance_x=302, cd_a=302, manager_b=302, admin=302),
    row("logout", method="POST", anon=302, cm_x=302, cm_y=302, finance_x=302, cd_a=302, manager_b=302, admin=302),
    row("admin:index", anon=302, cm_x=302, cm_y=302, finance_x=302, cd_a=302, manager_b=302, admin=200),
    row("networks:commissioner_list", **EVERYONE),
    row("networks:commissioner_detail", {"code": "commissioner_x"}, anon=302, cm_x=302, cm_y=404, finance_x=302, cd_a=302, manager_b=404, admin=302),
    row("networks:commissioner_detail", {"code": "commissioner_y"}, anon=302, cm_x=404, cm_y=302, finance_x=404, cd_a=404, manager_b=302, admin=302),
    row("networks:pcn_list", **EVERYONE),
    row("networks:pcn_detail", {"code": "pcn_a"}, anon=302, cm_x=200, cm_y=404, finance_x=200, cd_a=200, manager_b=404, admin=200),
    row("networks:pcn_detail", {"code": "pcn_b"}, anon=302, cm_x=404, cm_y=200, finance_x=404, cd_a=404, manager_b=200, admin=200),
    row("networks:practice_detail", {"code": "practice_a"}, anon=302, cm_x=200, cm_y=404, finance_x=200, cd_a=200, manager_b=404, admin=200),
    row("networks:practice_detail", {"code": "practice_b"}, anon=302, cm_x=404, cm_y=200, finance_x=404, cd_a=404, manager_b=200, admin=200),
    row("networks:import_upload", anon=302, cm_x=200, cm_y=200, finance_x=403, cd_a=403, manager_b=403, admin=200),
    row("networks:import_upload", method="POST", data={"kind": "register"}, anon=302, cm_x=400, cm_y=400, finance_x=403, cd_a=403, manager_b=403, admin=400),
    row("networks:register_template", **EVERYONE),
    row("funding:index", **EVERYONE),
    *[
        row(f"funding:{view}", {"code": "pcn_a", "year": "2020-21"}, anon=302, cm_x=200, cm_y=404, finance_x=200, cd_a=200, manager_b=404, admin=200)
        for view in ("pcn_statement", "pcn_statement_pdf")
    ],
    row("funding:pcn_statement", {"code": "pcn_b", "year": "2019-20"}, anon=302, cm_x=404, cm_y=200, finance_x=404, cd_a=404, manager_b=200, admin=200),
    row("funding:pcn_statement", {"code": "pcn_a", "year": "2031-32"}, anon=302, cm_x=404, cm_y=404, finance_x=404, cd_a=404, manager_b=404, admin=404),
    *[
        row(f"funding:{view}", {"code": "commissioner_x", "year": "2021-22"}, anon=302, cm_x=200, cm_y=404, finance_x=200, cd_a=404, manager_b=404, admin=200)
        for view in ("commissioner_summary", "commissioner_summary_pdf", "payment_schedule")
    ],
    row("funding:commissioner_summary", {"code": "commissioner_y", "year": "2021-22"}, anon=302, cm_x=404, cm_y=200, finance_x=404, cd_a=404, manager_b=404, admin=200),
]
# fmt: on

# The admin site's own pages check is_staff themselves; its index stands for them in the matrix.
EXEMPT_NAMESPACES = ("admin:",)


def url_names():
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
                yield from walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return set(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_a_row_in_the_matrix():
    covered = {p.values[0] for p in MATRIX}
    missing = {n for n in url_names() if not n.startswith(EXEMPT_NAMESPACES)} - covered
    assert not missing, f"URL patterns without a row in the authorization matrix: {sorted(missing)}"


@pytest.fixture
def world(db):
    """The objects the matrix names, and one user of each kind."""
    x = factories.CommissionerFactory(code="X01", name="NHS Exeshire CCG")
    y = factories.CommissionerFactory(code="Y01", name="NHS Whyshire CCG")
    pcn_a = factories.PCNFactory(code="U00101", name="Exeshire Alpha PCN", commissioner=x)
    pcn_b = factories.PCNFactory(code="U00202", name="Whyshire Beta PCN", commissioner=y)
    objects = {
        "commissioner_x": x,
        "commissioner_y": y,
        "pcn_a": pcn_a,
        "pcn_b": pcn_b,
        "practice_a": factories.member(pcn_a, registered=30_000),
        "practice_b": factories.member(pcn_b, registered=40_000),
    }
    users = {
        "anon": None,
        "cm_x": factories.user(UserType.CONTRACT_MANAGER, commissioners=[x]),
        "cm_y": factories.user(UserType.CONTRACT_MANAGER, commissioners=[y]),
        "finance_x": factories.user(UserType.FINANCE, commissioners=[x]),
        "cd_a": factories.user(UserType.CLINICAL_DIRECTOR, pcn=pcn_a),
        "manager_b": factories.user(UserType.PCN_MANAGER, pcn=pcn_b),
        "admin": factories.user(UserType.ADMINISTRATOR),
    }
    extend_world(objects, users)
    return objects, users


def extend_world(objects, users):
    """Objects of the funding and workforce apps (rates, claims) join the world here."""
    from funding import services as funding_services

    funding_services.rates_load(funding_services.DEFAULT_RATES_FILE)


def key_of(obj):
    return getattr(obj, "code", None) or getattr(obj, "slug", None) or obj.pk


@pytest.mark.parametrize("name, kwargs, method, data, expected", MATRIX)
def test_authorization_matrix(client, world, name, kwargs, method, data, expected):
    objects, users = world
    url = reverse(
        name, kwargs={k: key_of(objects[v]) if v in objects else v for k, v in kwargs.items()}
    )
    for who in USERS:
        client.logout()
        if users[who] is not None:
            client.force_login(users[who])
        response = client.post(url, data) if method == "POST" else client.get(url)
        assert response.status_code == expected[who], (
            f"{who} {method} {url}: {response.status_code}"
        )
        if (
            who == "anon"
            and response.status_code == 302
            and name not in ("login", "logout", "home")
        ):
            login = reverse("admin:login") if name.startswith("admin:") else reverse("login")
            assert response["Location"].startswith(login)

"""The authorization matrix: every URL in the project, every kind of user, objects inside and
outside their scope. A URL pattern without a row here fails the test, so no new view escapes.

Cast: commissioner X holds PCN A, commissioner Y holds PCN B.
  anon        not logged in
  cm_x, cm_y  contract managers of X and of Y; cm_x is also X's commissioner administrator
  finance_x   finance of X
  cd_a        Clinical Director of PCN A
  manager_b   PCN manager of PCN B
  admin       administrator
Expected: 200 (or another success code), 302 (to the login page for anon), 403 (in scope, wrong
role), 404 (outside scope: nothing is revealed).
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from networks.scopes import UserType
from tests import factories
from workforce import lifecycle

USERS = ["anon", "cm_x", "cm_y", "finance_x", "cd_a", "manager_b", "admin"]

LOGIN = {"anon": 302}
EVERYONE = {u: 200 for u in USERS[1:]} | LOGIN
# Pages about PCN A (commissioner X) and PCN B (commissioner Y): seen in scope, 404 outside.
IN_A = {
    "anon": 302,
    "cm_x": 200,
    "cm_y": 404,
    "finance_x": 200,
    "cd_a": 200,
    "manager_b": 404,
    "admin": 200,
}
IN_B = {
    "anon": 302,
    "cm_x": 404,
    "cm_y": 200,
    "finance_x": 404,
    "cd_a": 404,
    "manager_b": 200,
    "admin": 200,
}


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
    row("home", anon=302, cm_x=200, cm_y=200, finance_x=200, cd_a=200, manager_b=200, admin=200),
    row("health", anon=200, cm_x=200, cm_y=200, finance_x=200, cd_a=200, manager_b=200, admin=200),
    row("workforce:notice_list", anon=302, cm_x=200, cm_y=200, finance_x=200, cd_a=200, manager_b=200, admin=200),
    row("workforce:notices_read", method="POST", anon=302, cm_x=302, cm_y=302, finance_x=302, cd_a=302, manager_b=302, admin=302),
    row("search", anon=302, cm_x=200, cm_y=200, finance_x=200, cd_a=200, manager_b=200, admin=200),
    row("favicon", anon=301, cm_x=301, cm_y=301, finance_x=301, cd_a=301, manager_b=301, admin=301),
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
    # Imports reach only the importer's area: a row wholly outside it is skipped and counted
    # (success), a row reaching into another commissioner's area refuses the file (400); only
    # administrators move a practice between commissioners.
    # Scope: practice B (commissioner Y) into PCN A (commissioner X).
    row("networks:import_upload", method="POST", data={"kind": "register", "file": "csv:register_b_into_a"}, anon=302, cm_x=400, cm_y=400, finance_x=403, cd_a=403, manager_b=403, admin=302),
    # Scope: practice A's new list size in PCN A (X): inside for cm_x, wholly outside for cm_y.
    row("networks:import_upload", method="POST", data={"kind": "register", "file": "csv:register_a"}, anon=302, cm_x=302, cm_y=302, finance_x=403, cd_a=403, manager_b=403, admin=302),
    # Scope: practice B's NHS Digital list size (Y): wholly outside for cm_x, inside for cm_y.
    row("networks:import_upload", method="POST", data={"kind": "list_sizes", "file": "csv:list_sizes_b"}, anon=302, cm_x=302, cm_y=302, finance_x=403, cd_a=403, manager_b=403, admin=302),
    row("networks:register_template", **EVERYONE),
    # PCN users: a commissioner administrator (cm_x) manages the users of X's PCNs (cd_a), never
    # anyone else's (manager_b is a 404); other contract managers and everyone else are refused.
    row("networks:user_list", anon=302, cm_x=200, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=200),
    row("networks:user_invite", anon=302, cm_x=200, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=200),
    row("networks:user_invite", method="POST", data={"username": "new.user", "first_name": "New", "last_name": "User", "email": "new@example.nhs.uk", "user_type": "pcn_manager", "pcn": "pcn_a"}, anon=302, cm_x=302, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    # Scope: inviting into PCN B (commissioner Y) is not in cm_x's choices.
    row("networks:user_invite", method="POST", data={"username": "new.user", "first_name": "New", "last_name": "User", "email": "new@example.nhs.uk", "user_type": "pcn_manager", "pcn": "pcn_b"}, anon=302, cm_x=400, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    row("networks:user_change", {"pk": "user_cd_a"}, anon=302, cm_x=200, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=200),
    row("networks:user_change", {"pk": "user_manager_b"}, anon=302, cm_x=404, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=200),
    row("networks:user_change", {"pk": "user_cm_y"}, anon=302, cm_x=404, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=404),
    row("networks:user_change", {"pk": "user_cd_a"}, method="POST", data={"user_type": "pcn_manager", "pcn": "pcn_a", "end": "2030-03-31"}, anon=302, cm_x=302, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    row("networks:user_remove", {"pk": "user_cd_a"}, anon=302, cm_x=200, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=200),
    row("networks:user_remove", {"pk": "user_cd_a"}, method="POST", anon=302, cm_x=302, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    row("networks:user_remove", {"pk": "user_manager_b"}, method="POST", anon=302, cm_x=404, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    # An invited person's link: open to anyone; a wrong token shows that the link does not work.
    row("networks:user_welcome", {"uidb64": "MQ", "token": "wrong-token"}, anon=200, cm_x=200, cm_y=200, finance_x=200, cd_a=200, manager_b=200, admin=200),
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
    # Workforce: reading.
    row("workforce:claim_list", **EVERYONE),
    row("workforce:claim_detail", {"pk": "claim_a_submitted"}, **IN_A),
    row("workforce:claim_detail", {"pk": "claim_b_submitted"}, **IN_B),
    row("workforce:evidence_download", {"pk": "evidence_a"}, **IN_A),
    row("workforce:baseline", {"code": "pcn_a"}, **IN_A),
    row("workforce:baseline", {"code": "pcn_b"}, **IN_B),
    row("workforce:staff_list", {"code": "pcn_a"}, **IN_A),
    row("workforce:staff_detail", {"pk": "staff_a"}, **IN_A),
    row("workforce:staff_detail", {"pk": "staff_b"}, **IN_B),
    row("workforce:my_baseline", anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=302, manager_b=302, admin=403),
    row("workforce:my_staff", anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=302, manager_b=302, admin=403),
    # The audit trail: a claim's and a baseline's history follow the object's scope; rate history
    # is for administrators, contract managers and finance; the audit search for administrators.
    row("workforce:claim_history", {"pk": "claim_a_approved"}, **IN_A),
    row("workforce:claim_history", {"pk": "claim_b_submitted"}, **IN_B),
    # Payment runs are the commissioner's: a run shows only the claims of the person's scope.
    row("workforce:payment_run_list", anon=302, cm_x=200, cm_y=200, finance_x=200, cd_a=403, manager_b=403, admin=200),
    row("workforce:payment_run_detail", {"pk": "run_x"}, anon=302, cm_x=200, cm_y=404, finance_x=200, cd_a=403, manager_b=403, admin=200),
    row("workforce:baseline_history", {"code": "pcn_a"}, **IN_A),
    row("workforce:baseline_history", {"code": "pcn_b"}, **IN_B),
    *[
        row("funding:rate_history", {"kind": kind, "pk": obj}, anon=302, cm_x=200, cm_y=200, finance_x=200, cd_a=403, manager_b=403, admin=200)
        for kind, obj in (("payment-rate", "payment_rate"), ("role-rate", "role_rate"), ("sum-rule", "sum_rule"))
    ],
    row("funding:rate_history", {"kind": "payment-rate", "pk": 999999}, anon=302, cm_x=404, cm_y=404, finance_x=404, cd_a=403, manager_b=403, admin=404),
    # Rate schedules: national and planning ones for everyone; a local copy is its commissioner's.
    row("funding:schedule_list", **EVERYONE),
    row("funding:schedule_detail", {"slug": "schedule_national"}, **EVERYONE),
    row("funding:schedule_detail", {"slug": "schedule_x"}, anon=302, cm_x=200, cm_y=404, finance_x=200, cd_a=404, manager_b=404, admin=200),
    row("funding:schedule_copy", anon=302, cm_x=200, cm_y=200, finance_x=403, cd_a=403, manager_b=403, admin=200),
    # Scope: a copy for commissioner X; cm_y may not choose X (the form refuses it, 400).
    row("funding:schedule_copy", method="POST", data={"source": "schedule_national", "commissioner": "commissioner_x", "name": "X plan 2", "slug": "x-plan-2"}, anon=302, cm_x=302, cm_y=400, finance_x=403, cd_a=403, manager_b=403, admin=302),
    row("funding:schedule_role_rate_edit", {"slug": "schedule_x", "pk": "schedule_x_rate"}, anon=302, cm_x=200, cm_y=404, finance_x=403, cd_a=404, manager_b=404, admin=200),
    row("funding:schedule_role_rate_edit", {"slug": "schedule_x", "pk": "schedule_x_rate"}, method="POST", data={"percent": "100", "max_annual_per_wte": "50000", "source": "Plan"}, anon=302, cm_x=302, cm_y=404, finance_x=403, cd_a=404, manager_b=404, admin=302),
    # The national schedule is changed only through the admin.
    row("funding:schedule_role_rate_edit", {"slug": "schedule_national", "pk": "national_role_rate"}, anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=403),
    # Financial years: administrators set them up; contract managers and finance read them.
    *[
        row(f"funding:{view}", kwargs, anon=302, cm_x=200, cm_y=200, finance_x=200, cd_a=403, manager_b=403, admin=200)
        for view, kwargs in (("year_list", None), ("year_checklist", {"year": "2026-27"}))
    ],
    row("funding:year_checklist", {"year": "2031-32"}, anon=302, cm_x=404, cm_y=404, finance_x=404, cd_a=403, manager_b=403, admin=404),
    *[
        row(f"funding:{view}", kwargs, anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=200)
        for view, kwargs in (
            ("year_create", None),
            ("year_sum_rule", {"year": "2026-27"}),
            ("year_stream_rate", {"year": "2026-27", "stream": "core"}),
            ("year_role_rate", {"year": "2026-27", "role": "physician-associate"}),
        )
    ],
    row("funding:year_stream_rate", {"year": "2026-27", "stream": "no-such-stream"}, anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=404),
    row("funding:year_create", method="POST", anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    # 2026/27 lacks figures: marking it ready is refused with the reason (400).
    row("funding:year_mark_ready", {"year": "2026-27"}, method="POST", anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=400),
    row("funding:year_sum_rule", {"year": "2026-27"}, method="POST", data={"per_head": "27.5", "redistribution_allowed": "no", "announced_on": "30/4/2026", "status": "reported", "source": "Test"}, anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    row("funding:year_stream_rate", {"year": "2026-27", "stream": "core"}, method="POST", data={"amount_registered": "3"}, anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=400),
    row("funding:year_role_rate", {"year": "2026-27", "role": "physician-associate"}, method="POST", data={"effective_from": "1/4/2026", "percent": "100", "max_annual_per_wte": "50000", "announced_on": "1/4/2026", "status": "reported", "source": "Test"}, anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=302),
    row("audit", anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=403, manager_b=403, admin=200),
    # Workforce: forms a PCN user fills in.
    row("workforce:claim_new", anon=302, cm_x=403, cm_y=403, finance_x=403, cd_a=200, manager_b=200, admin=403),
    # A draft is the PCN's own: commissioners do not see it until it is submitted.
    row("workforce:claim_detail", {"pk": "claim_a_draft"}, anon=302, cm_x=404, cm_y=404, finance_x=404, cd_a=200, manager_b=404, admin=200),
    row("workforce:staff_new", {"code": "pcn_a"}, anon=302, cm_x=403, cm_y=404, finance_x=403, cd_a=200, manager_b=404, admin=403),
]
# fmt: on


# Workforce actions, generated from the life-cycle tables (workforce/lifecycle.py): for each
# action, the URL that performs it, what it sends, and the objects of the world it is tried on.
# Who succeeds comes from the table's actor; everyone else in the object's scope is refused (403)
# and everyone outside it sees nothing (404). A new action in a table fails
# test_every_action_of_the_life_cycles_has_a_url until it is given its URL here.
# fmt: off
GET, POST = "GET", "POST"
CLAIM_ACTION_URLS = {
    "edit": [
        ("workforce:claim_edit", GET, {}, "claim_a_draft"),
        ("workforce:claim_lines_template", GET, {}, "claim_a_draft"),
        ("workforce:claim_lines_upload", POST, {"file": "csv:claim_lines_a"}, "claim_a_draft"),
    ],
    "submit": [("workforce:claim_submit", POST, {}, "claim_a_draft")],
    "resubmit": [("workforce:claim_resubmit", POST, {"answer": "Payslips attached."}, "claim_a_queried")],
    "approve": [
        ("workforce:claim_approve", POST, {"confirm": "1"}, "claim_a_submitted"),
        ("workforce:claim_approve", POST, {"confirm": "1"}, "claim_b_submitted"),
        ("workforce:claims_bulk_approve", POST, {"selected": ["claim_a_submitted"]}, None),
    ],
    "reject": [("workforce:claim_reject", POST, {"reason": "Not in post."}, "claim_a_submitted")],
    "query": [("workforce:claim_query", POST, {"question": "Payslip?"}, "claim_a_submitted")],
    "pay": [("workforce:payment_run_create", POST, {"selected": ["claim_a_approved"], "paid_on": "2021-09-01", "confirm": "1"}, None)],
    "adjust": [("workforce:claim_adjust", POST, {"reason": "Back pay."}, "claim_a_approved")],
    "add_evidence": [("workforce:evidence_upload", POST, {"file": "payslip_pdf"}, "claim_a_submitted")],
    "delete_draft": [("workforce:claim_delete", POST, {}, "claim_a_draft")],
}
# fmt: on
BASELINE_ACTION_URLS = {
    "edit": [("workforce:baseline_edit", GET, {}, "pcn_a")],
    "sign_off": [("workforce:baseline_sign_off", POST, {}, "baseline_a_draft")],
    "accept": [("workforce:baseline_accept", POST, {}, "baseline_b_signed")],
    "return": [("workforce:baseline_return", POST, {"reason": "Recount."}, "baseline_b_signed")],
}
# The world's objects the actions are tried on: their PCN, and whether they are a claim draft
# (a draft is the PCN's own: commissioners do not see it until it is submitted).
SUBJECTS = {
    "claim_a_draft": ("a", "pk", True),
    "claim_a_submitted": ("a", "pk", False),
    "claim_a_queried": ("a", "pk", False),
    "claim_a_approved": ("a", "pk", False),
    "claim_b_submitted": ("b", "pk", False),
    "baseline_a_draft": ("a", "pk", False),
    "baseline_b_signed": ("b", "pk", False),
    "pcn_a": ("a", "code", False),
}
ACTORS = {  # who plays each of the tables' actors, in PCN a and in PCN b
    lifecycle.PCN: {"a": "cd_a", "b": "manager_b"},
    lifecycle.CLINICAL_DIRECTOR: {"a": "cd_a"},
    lifecycle.CONTRACT_MANAGER: {"a": "cm_x", "b": "cm_y"},
    lifecycle.FINANCE: {"a": "finance_x"},
}
IN_SCOPE = {"a": {"cm_x", "finance_x", "cd_a", "admin"}, "b": {"cm_y", "manager_b", "admin"}}
DRAFT_SCOPE = {"a": {"cd_a", "admin"}, "b": {"manager_b", "admin"}}
# Where the table allows the action but another rule refuses it, with the reason.
EXCEPTIONS = {
    # cd_a may submit, but this 2021/22 claim is refused today (its year has ended): 400, not 403.
    ("workforce:claim_submit", "claim_a_draft", "cd_a"): 400,
}


def action_row(transition, name, method, data, subject):
    success = 200 if method == GET else 302
    if subject is None:  # a list action: the actor's role succeeds, within its own scope
        actors = set(ACTORS[transition.actor].values())
        expected = {u: success if u in actors else 403 for u in USERS[1:]}
        kwargs = None
    else:
        pcn, key, draft = SUBJECTS[subject]
        actor = ACTORS[transition.actor].get(pcn)
        scope = (DRAFT_SCOPE if draft else IN_SCOPE)[pcn]
        expected = {u: success if u == actor else 403 if u in scope else 404 for u in USERS[1:]}
        kwargs = {key: subject}
    for (url, on, who), status in EXCEPTIONS.items():
        if (url, on) == (name, subject):
            expected[who] = status
    return row(name, kwargs, method, data, anon=302, **expected)


def action_rows():
    for table, urls in (
        (lifecycle.CLAIM, CLAIM_ACTION_URLS),
        (lifecycle.BASELINE, BASELINE_ACTION_URLS),
    ):
        for transition in table:
            for name, method, data, subject in urls.get(transition.action, []):
                yield action_row(transition, name, method, data, subject)


MATRIX += list(action_rows())


def test_every_action_of_the_life_cycles_has_a_url():
    chosen_by_nobody = {t.action for t in lifecycle.BASELINE if t.actor == lifecycle.SYSTEM}
    assert {t.action for t in lifecycle.CLAIM} == set(CLAIM_ACTION_URLS)
    assert {t.action for t in lifecycle.BASELINE} - chosen_by_nobody == set(BASELINE_ACTION_URLS)


def test_the_generated_rows_say_what_the_hand_written_ones_said():
    """The rows the tables generate for approval, as they were written by hand before."""
    generated = {param.id: param.values[4] for param in action_rows()}
    assert generated["POST workforce:claim_approve {'pk': 'claim_b_submitted'}"] == {
        "anon": 302,
        "cm_x": 404,
        "cm_y": 302,
        "finance_x": 404,
        "cd_a": 404,
        "manager_b": 403,
        "admin": 403,
    }
    assert generated["POST workforce:claim_delete {'pk': 'claim_a_draft'}"] == {
        "anon": 302,
        "cm_x": 404,
        "cm_y": 404,
        "finance_x": 404,
        "cd_a": 302,
        "manager_b": 404,
        "admin": 403,
    }
    assert generated["POST workforce:payment_run_create "] == {
        "anon": 302,
        "cm_x": 403,
        "cm_y": 403,
        "finance_x": 302,
        "cd_a": 403,
        "manager_b": 403,
        "admin": 403,
    }


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


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """Where the world's evidence is stored, for as long as the world lives."""
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("media"))},
        },
    }


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker, media):
    """The world, built once for the module inside a transaction that is rolled back at its end.
    Each test runs in a savepoint within it (pytest-django's ``db``), so what one test changes
    is undone before the next: every case meets the world as built."""
    with django_db_blocker.unblock(), override_settings(STORAGES=media), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(built_world, db, settings, media):
    settings.STORAGES = {**media, "staticfiles": settings.STORAGES["staticfiles"]}
    return built_world


def build_world():
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
        "cm_x": factories.user(UserType.CONTRACT_MANAGER, commissioners=[x], manages_users=True),
        "cm_y": factories.user(UserType.CONTRACT_MANAGER, commissioners=[y]),
        "finance_x": factories.user(UserType.FINANCE, commissioners=[x]),
        "cd_a": factories.user(UserType.CLINICAL_DIRECTOR, pcn=pcn_a),
        "manager_b": factories.user(UserType.PCN_MANAGER, pcn=pcn_b),
        "admin": factories.user(UserType.ADMINISTRATOR),
    }
    extend_world(objects, users)
    objects.update({f"user_{who}": users[who] for who in ("cd_a", "manager_b", "cm_y")})
    return objects, users


def extend_world(objects, users):
    """Rates, baselines, staff, claims in several states and evidence, made through the services."""
    from datetime import date, datetime, time
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from funding import services as funding_services
    from funding.models import ArrsRole
    from networks import services as networks_services
    from workforce import services as ws

    factories.ensure_rates()
    for practice in (objects["practice_a"], objects["practice_b"]):
        listed = practice.list_sizes.get()
        for year in range(2020, 2024):
            networks_services.list_size_record(
                practice=practice,
                reference_date=date(year, 1, 1),
                registered=listed.registered,
                weighted=listed.weighted,
            )
    pharmacist = ArrsRole.objects.get(slug="clinical-pharmacist")
    cd_a, manager_b, cm_x = users["cd_a"], users["manager_b"], users["cm_x"]
    cd_b = factories.user(UserType.CLINICAL_DIRECTOR, pcn=objects["pcn_b"])

    def at(day):
        return timezone.make_aware(datetime.combine(day, time(10)))

    baseline_a = ws.baseline_draft(
        pcn=objects["pcn_a"], by=cd_a, entries={pharmacist: Decimal("0")}
    )
    ws.baseline_sign_off(baseline=baseline_a, by=cd_a)
    ws.baseline_accept(baseline=baseline_a, by=cm_x)
    objects["baseline_a_draft"] = ws.baseline_draft(
        pcn=objects["pcn_a"], by=cd_a, entries={pharmacist: Decimal("0.5")}, reason="Recount"
    )
    objects["baseline_b_signed"] = ws.baseline_draft(
        pcn=objects["pcn_b"], by=manager_b, entries={pharmacist: Decimal("0")}
    )
    ws.baseline_sign_off(baseline=objects["baseline_b_signed"], by=cd_b)

    def staff(pcn, by, name):
        return ws.staff_add(
            pcn=pcn,
            by=by,
            name=name,
            role=pharmacist,
            wte=Decimal("1.0"),
            start_date=date(2021, 4, 1),
        )

    objects["staff_a"] = staff(objects["pcn_a"], cd_a, "Priya Pharmacist")
    objects["staff_b"] = staff(objects["pcn_b"], manager_b, "Ben Pharmacist")

    def claim(pcn, by, staff_member, month, then=None):
        c = ws.claim_create(pcn=pcn, month=month, by=by, at=at(month))
        line = ws.LineInput(
            staff_member, Decimal("3000.00"), Decimal("300.00"), Decimal("400.00"), Decimal("0.00")
        )
        c = ws.claim_lines_set(claim=c, by=by, lines=[line])
        if then is None:
            return c
        c = ws.claim_submit(claim=c, by=by, at=at(date(month.year, month.month, 20)))
        if then == "queried":
            c = ws.claim_query(claim=c, by=cm_x, question="Payslip?")
        elif then == "approved":
            c = ws.claim_approve(claim=c, by=cm_x)
        return c

    objects["claim_a_draft"] = claim(objects["pcn_a"], cd_a, objects["staff_a"], date(2021, 6, 1))
    objects["claim_a_submitted"] = claim(
        objects["pcn_a"], cd_a, objects["staff_a"], date(2021, 7, 1), "submitted"
    )
    objects["claim_a_queried"] = claim(
        objects["pcn_a"], cd_a, objects["staff_a"], date(2021, 8, 1), "queried"
    )
    objects["claim_a_approved"] = claim(
        objects["pcn_a"], cd_a, objects["staff_a"], date(2021, 5, 1), "approved"
    )
    objects["claim_a_paid"] = claim(
        objects["pcn_a"], cd_a, objects["staff_a"], date(2021, 4, 1), "approved"
    )
    objects["run_x"] = ws.payment_run_create(
        claim_ids=[objects["claim_a_paid"].pk], by=users["finance_x"], paid_on=date(2021, 9, 1)
    )
    objects["claim_b_submitted"] = claim(
        objects["pcn_b"], manager_b, objects["staff_b"], date(2021, 7, 1), "submitted"
    )
    from funding.models import ArrsRoleRate, ArrsSumRule, PaymentRate

    objects["payment_rate"] = PaymentRate.objects.order_by("pk").first()
    objects["role_rate"] = ArrsRoleRate.objects.order_by("pk").first()
    objects["sum_rule"] = ArrsSumRule.objects.order_by("pk").first()
    from funding.models import RateSchedule

    national = RateSchedule.objects.get(slug="national")
    objects["schedule_national"] = national
    objects["national_role_rate"] = ArrsRoleRate.objects.filter(schedule=national).first()
    objects["schedule_x"] = funding_services.schedule_copy(
        source=national, commissioner=objects["commissioner_x"], slug="x-plan", name="X plan"
    )
    objects["schedule_x_rate"] = ArrsRoleRate.objects.filter(schedule=objects["schedule_x"]).first()
    objects["evidence_a"] = ws.evidence_add(
        claim=objects["claim_a_submitted"],
        by=cd_a,
        upload=SimpleUploadedFile(
            "payslip.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        ),
    )


def key_of(obj):
    return getattr(obj, "code", None) or getattr(obj, "slug", None) or obj.pk


def cases():
    """GET rows: one case trying every user in turn. POST rows: the users who are refused share
    one case (a refusal changes nothing); each user who succeeds gets a case of their own, so
    one success does not change what the next user meets."""
    for param in MATRIX:
        name, kwargs, method, data, expected = param.values
        if method == "GET":
            yield pytest.param(name, kwargs, method, data, expected, id=param.id)
            continue
        refused = {u: s for u, s in expected.items() if s >= 400 or u == "anon"}
        yield pytest.param(name, kwargs, method, data, refused, id=f"{param.id} refused")
        for who in sorted(set(expected) - set(refused)):
            yield pytest.param(
                name, kwargs, method, data, {who: expected[who]}, id=f"{param.id} as {who}"
            )


def import_file(name, objects):
    """A small CSV upload for the import rows of the matrix."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from networks.imports import REGISTER_HEADER

    a, b = objects["practice_a"], objects["practice_b"]
    bodies = {
        "register_b_into_a": [
            ",".join(REGISTER_HEADER),
            f"X01,NHS Exeshire CCG,U00101,Exeshire Alpha PCN,{b.code},{b.name},2022-01-01,5,5",
        ],
        "register_a": [
            ",".join(REGISTER_HEADER),
            f"X01,NHS Exeshire CCG,U00101,Exeshire Alpha PCN,{a.code},{a.name},2022-01-01,5,5",
        ],
        "claim_lines_a": [
            "staff_id,name,role,wte,salary,employer_ni,employer_pension,apprenticeship_levy",
            f"{objects['staff_a'].pk},Priya Pharmacist,,,3000.00,300.00,400.00,",
        ],
        "list_sizes_b": [
            "PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,ONS_SUB_ICB_LOCATION_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS",
            f"GP_PRAC_PAT_LIST,2022-01-01,GP,Y01,E38000004,{b.code},RM8 1AA,ALL,ALL,4321",
        ],
    }
    body = "\n".join(bodies[name]) + "\n"
    return SimpleUploadedFile(f"{name}.csv", body.encode(), content_type="text/csv")


def resolve(value, objects):
    if isinstance(value, str) and value.startswith("csv:"):
        return import_file(value.removeprefix("csv:"), objects)
    if value == "payslip_pdf":
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(
            "payslip.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        )
    if isinstance(value, list):
        return [resolve(v, objects) for v in value]
    return key_of(objects[value]) if isinstance(value, str) and value in objects else value


@pytest.mark.parametrize("name, kwargs, method, data, expected", list(cases()))
def test_authorization_matrix(client, world, name, kwargs, method, data, expected):
    objects, users = world
    url = reverse(name, kwargs={k: resolve(v, objects) for k, v in kwargs.items()})
    payload = {k: resolve(v, objects) for k, v in data.items()}
    for who, status in expected.items():
        client.logout()
        if users[who] is not None:
            client.force_login(users[who])
        response = client.post(url, payload) if method == "POST" else client.get(url)
        assert response.status_code == status, f"{who} {method} {url}: {response.status_code}"
        if (
            who == "anon"
            and response.status_code == 302
            and name not in ("login", "logout", "home")
        ):
            login = reverse("admin:login") if name.startswith("admin:") else reverse("login")
            assert response["Location"].startswith(login)

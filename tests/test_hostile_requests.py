"""Requests that used to end in a 500 (issue 12 §5): each is now a clean 400 or 404.

On PostgreSQL a NUL byte cannot reach a query (it refuses NUL in text), so a NUL in any code
segment of a URL, in a ticked claim id or in a reason typed without a form used to be a server
error. The URL tests walk every pattern with a code segment, so a new one is covered too."""

from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_authorization_matrix import built_world, media, world  # noqa: F401  (the matrix's cast and objects)
from workforce.models import Baseline, BaselineStatus, Claim, ClaimStatus, PaymentRun

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SAMPLE = {"fy": "2020-21", "int": "1", "slug": "payment-rate"}


def code_routes():
    """Every URL route with a string segment (an ODS code, a link token, any plain <name>), its
    other segments filled with sample values and each string segment left as {}."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    import re

    routes = []
    for route in walk(get_resolver().url_patterns):
        for kind, value in SAMPLE.items():
            route = re.sub(rf"<{kind}:\w+>", value, route)
        if "<" not in route or "(?P" in route:  # the admin's catch-all regexes
            continue
        routes.append("/" + re.sub(r"<(?:\w+:)?\w+>", "{}", route))
    return routes


ROUTES = code_routes()


def test_every_code_segment_is_covered():
    # pcns/, practices/, commissioners/: detail, statement (+PDF), funding (+PDF), payments,
    # baseline, its history and edit, staff and new staff; an invitation link; the admin site's
    # object pages.
    assert "/pcns/{}/" in ROUTES and "/welcome/{}/{}/" in ROUTES
    assert "/admin/networks/pcn/{}/history/" in ROUTES


@pytest.fixture
def as_admin(client, world):  # noqa: F811
    assert connection.vendor == "postgresql", "these faults only show on PostgreSQL"
    objects, users = world
    client.force_login(users["admin"])
    return client


def test_a_nul_in_any_string_segment_is_a_400(as_admin):
    answers = {
        route.replace("{}", segment): as_admin.get(route.replace("{}", segment)).status_code
        for route in ROUTES
        for segment in ("%00", "U00101%00", "1%00")
    }
    assert {url: status for url, status in answers.items() if status != 400} == {}


@pytest.mark.parametrize("query", ["?q=%00", "?commissioner=U%00", "?on=%00", "?sort=%00"])
@pytest.mark.parametrize("page", ["/pcns/", "/claims/", "/commissioners/", "/audit/"])
def test_a_nul_in_a_query_parameter_is_a_400(client, administrator, page, query):
    client.force_login(administrator)
    assert client.get(page + query).status_code == 400


segments = st.one_of(
    st.sampled_from(["\x00", "U00101\x00", "\x00\x00", "U\u202e00101", "\uff35\uff10\uff10"]),
    st.text(min_size=1, max_size=12),
)


@FUZZ
@given(route=st.sampled_from(ROUTES), segment=segments)
def test_any_string_segment_is_an_answer_never_a_500(as_admin, route, segment):
    response = as_admin.get(route.replace("{}", quote(segment, safe="")))
    assert response.status_code in (200, 302, 400, 403, 404), (route, segment)
    if "\x00" in segment:
        assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "query",
    ["page=400000000000000000", "page=99999999999999999999999999", "per_page=400000000000000000"],
)
def test_an_absurd_page_of_the_claims_queue_is_a_404_or_a_page(client, world, query):  # noqa: F811
    objects, users = world
    client.force_login(users["cm_x"])
    response = client.get(f"/claims/?{query}")
    assert response.status_code in (200, 404)
    if query.startswith("page="):
        assert response.status_code == 404


@pytest.mark.parametrize("selected", ["1" * 25, "²", "٣", "1\x00", "-1"])
def test_a_bad_id_in_bulk_approval_is_a_400_and_nothing_changes(client, world, selected):  # noqa: F811
    objects, users = world
    client.force_login(users["cm_x"])
    good = str(objects["claim_a_submitted"].pk)
    response = client.post("/claims/bulk-approve/", {"selected": [good, selected]})
    assert response.status_code == 400
    assert Claim.objects.get(pk=good).status == ClaimStatus.SUBMITTED


@pytest.mark.parametrize("selected", ["1" * 25, "²", "1\x00"])
def test_a_bad_id_in_a_payment_run_is_a_400_and_nothing_is_paid(client, world, selected):  # noqa: F811
    objects, users = world
    client.force_login(users["finance_x"])
    good = str(objects["claim_a_approved"].pk)
    runs = PaymentRun.objects.count()
    response = client.post(
        "/claims/payment-runs/new/",
        {"selected": [good, selected], "paid_on": "2021-09-01", "confirm": "1"},
    )
    assert response.status_code == 400
    assert PaymentRun.objects.count() == runs
    assert Claim.objects.get(pk=good).status == ClaimStatus.APPROVED


def _returned(objects):
    return Baseline.objects.get(pk=objects["baseline_b_signed"].pk).status == BaselineStatus.DRAFT


def test_a_nul_in_a_baseline_return_reason_is_a_400_with_the_reason_kept(client, world):  # noqa: F811
    objects, users = world
    client.force_login(users["cm_y"])
    url = f"/baselines/{objects['baseline_b_signed'].pk}/return/"
    response = client.post(url, {"reason": "Recount\x00 please"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nhsuk-error-summary" in page and 'href="#return-reason"' in page
    assert "Recount" in page
    assert not _returned(objects)
    assert client.post(url, {"reason": "Recount please"}).status_code == 302
    assert _returned(objects)


def test_an_empty_baseline_return_reason_is_refused_at_the_field(client, world):  # noqa: F811
    objects, users = world
    client.force_login(users["cm_y"])
    response = client.post(f"/baselines/{objects['baseline_b_signed'].pk}/return/", {"reason": ""})
    assert response.status_code == 400
    assert "Say why the baseline goes back to the PCN." in response.content.decode()


def test_a_bad_return_reason_from_someone_who_may_not_return_is_still_refused(client, world):  # noqa: F811
    objects, users = world
    client.force_login(users["manager_b"])
    response = client.post(
        f"/baselines/{objects['baseline_b_signed'].pk}/return/", {"reason": "\x00"}
    )
    assert response.status_code == 403


TEXT_FIELDS = [
    ("cm_y", "/baselines/{baseline_b_signed}/return/", "reason"),
    ("cm_x", "/claims/{claim_a_submitted}/reject/", "reason"),
    ("cm_x", "/claims/{claim_a_submitted}/query/", "question"),
    ("cd_a", "/claims/{claim_a_queried}/resubmit/", "answer"),
    ("cd_a", "/claims/{claim_a_approved}/adjust/", "reason"),
]
texts = st.one_of(
    st.sampled_from(["\x00", "ok\x00", "\u202eevil", "\r\n\r\n"]),
    st.text(max_size=40),
)


@FUZZ
@given(field=st.sampled_from(TEXT_FIELDS), text=texts)
def test_text_fields_with_any_text_are_a_page_a_redirect_or_a_400(client, world, field, text):  # noqa: F811
    objects, users = world
    who, url, name = field
    client.force_login(users[who])
    url = url.format(**{k: getattr(v, "pk", None) for k, v in objects.items()})
    with transaction.atomic():
        response = client.post(url, {name: text})
        transaction.set_rollback(True)
    assert response.status_code in (200, 302, 400), (url, text)
    if "\x00" in text:
        assert response.status_code == 400


@pytest.mark.parametrize("segment", ["U%E2%80%AE00101", "abc", "1.5"])
def test_an_admin_history_page_of_an_id_that_is_not_one_is_a_404(as_admin, segment):
    for route in ROUTES:
        if route.startswith("/admin/") and route.endswith("/history/"):
            status = as_admin.get(route.replace("{}", segment)).status_code
            assert status in (302, 404), (route, status)

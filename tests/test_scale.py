"""National scale at small sizes: generate_national makes consistent data and refuses a second run,
and every benchmarked page runs the same number of SQL queries however many PCNs and claims
there are (benchmarks/scenario.py lists the pages)."""

from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.test.utils import CaptureQueriesContext

from benchmarks import scenario
from networks.models import PCN, Commissioner, Practice
from workforce.models import Claim, ClaimEvent, ClaimLine, ClaimStatus, Staff, StaffTerm

pytestmark = pytest.mark.django_db

PASSWORD = "scale-test-password"


def _generate(scale: float) -> str:
    out = StringIO()
    call_command("generate_national", seed=7, scale=scale, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_england(rates):
    return _generate(0.01)


def test_generate_national_makes_a_small_consistent_england(small_england):
    assert Commissioner.objects.filter(kind=Commissioner.Kind.SUB_ICB).count() == 106
    assert PCN.objects.count() == 13
    assert 50 <= Practice.objects.count() <= 120
    staff = Staff.objects.count()
    assert 300 <= staff <= 700  # about 42,000 × 13 / 1,259
    assert StaffTerm.objects.count() >= staff
    assert not Staff.objects.filter(terms__isnull=True).exists()
    claims = Claim.objects.count()
    assert 13 * 50 <= claims <= 13 * 57  # one a month July 2019 – March 2024 once staffed
    assert 15_000 <= ClaimLine.objects.count() <= 30_000
    assert "Generated in" in small_england


def test_generated_claims_look_like_real_ones(small_england):
    statuses = dict(Claim.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses[ClaimStatus.PAID] > 0.8 * sum(statuses.values())
    assert statuses.get(ClaimStatus.SUBMITTED, 0) + statuses.get(ClaimStatus.QUERIED, 0) > 0
    # Totals are the sum of the lines; approved amounts only on approved and paid claims.
    mismatched = (
        Claim.objects.annotate(lines_total=Sum("lines__amount"))
        .exclude(total=F("lines_total"))
        .count()
    )
    assert mismatched == 0
    assert not Claim.objects.filter(status=ClaimStatus.PAID, payment_run__isnull=True).exists()
    assert not Claim.objects.filter(
        Q(status=ClaimStatus.SUBMITTED) & Q(due_on__isnull=True)
    ).exists()
    # Every claim's audit trail starts as a draft; decided ones record the decision.
    assert ClaimEvent.objects.filter(to_status=ClaimStatus.DRAFT).count() == Claim.objects.count()
    decided = Claim.objects.filter(status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]).count()
    assert ClaimEvent.objects.filter(to_status=ClaimStatus.APPROVED).count() == decided


def test_generated_lines_follow_the_reimbursement_rules(small_england):
    for line in ClaimLine.objects.order_by("pk")[:2_000]:
        assert line.actual_cost == (
            line.salary + line.employer_ni + line.employer_pension + line.apprenticeship_levy
        )
        percentage = line.percent / 100 * line.actual_cost
        cap = line.max_annual_per_wte * line.wte / 12
        assert line.percentage_amount == percentage.quantize(Decimal("0.0001"))
        assert line.cap == cap.quantize(Decimal("0.0001"))
        assert line.capped == (cap < percentage)
        assert line.reimbursable == min(percentage, cap).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        assert line.amount == line.reimbursable


def test_a_second_run_does_nothing(small_england):
    before = (PCN.objects.count(), Claim.objects.count(), ClaimLine.objects.count())
    assert "nothing done" in _generate(0.01)
    assert (PCN.objects.count(), Claim.objects.count(), ClaimLine.objects.count()) == before


def test_the_same_seed_makes_the_same_england(rates):
    def snapshot():
        return (
            list(Claim.objects.order_by("pcn__code", "month").values_list("status", "total")),
            ClaimLine.objects.aggregate(total=Sum("amount"))["total"],
        )

    with transaction.atomic():
        _generate(0.01)
        first = snapshot()
        transaction.set_rollback(True)
    _generate(0.01)
    assert snapshot() == first


def _query_counts(client, scale: float) -> dict[str, int]:
    """Generate England at ``scale``, then count the queries of every benchmarked page (each
    asked once to warm up, then counted)."""
    _generate(scale)
    context = scenario.prepare(PASSWORD)
    counts = {}
    for page in scenario.pages(context):
        client.login(username=page["user"], password=PASSWORD)
        assert client.get(page["path"]).status_code == 200, page["name"]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"])
        assert response.status_code == 200, page["name"]
        # Compare pages that show rows: an empty page skips the queries for its rows.
        assert b"No claims match" not in response.content, page["name"]
        counts[page["name"]] = len(queries)
    return counts


# At most this many queries for the benchmarked pages trimmed for the house issue (item 6),
# the login's session, user and scope included; the claim page is counted in
# tests/workforce/test_claim_page_queries.py.
PAGE_QUERY_LIMITS = {
    "PCN list (commissioner scope)": 9,
    "PCN list (all England, page 2)": 7,
    "PCN list CSV (all England)": 5,
    "PCN detail": 9,
    "CD statement": 17,
    "CD statement PDF": 17,
    "Commissioner funding summary": 17,
    "Commissioner funding summary PDF": 17,
    "Payment schedule (first page)": 17,
    "Claims queue (first page)": 11,
    "Claims queue (one PCN)": 12,
    "Claims queue (submitted, by due date)": 11,
    "Claims queue (overdue, latest due first)": 11,
    "Claims queue (all England, page 3)": 9,
    "Claims queue (all England, queried)": 9,
}


def test_benchmarked_pages_run_a_constant_number_of_queries(rates, client, settings):
    settings.AXES_ENABLED = False
    sizes = {}
    # 126 PCNs (two in the busiest sub-ICB) and 315 PCNs (three), with about 150,000 and
    # 400,000 claim lines: the counts must not move.
    for scale in (0.1, 0.25):
        with transaction.atomic():
            sizes[scale] = _query_counts(client, scale)
            transaction.set_rollback(True)
    small, large = sizes.values()
    assert PCN.objects.count() == 0  # both rolled back
    assert small == large
    over = {name: small[name] for name, limit in PAGE_QUERY_LIMITS.items() if small[name] > limit}
    assert not over, over


def test_the_queue_counts_no_further_than_it_needs(small_england, client, settings, monkeypatch):
    """741 claims with a count limit of 100: page 2 says "more than 4" pages and the Next link
    keeps going past the limit, each page counting a little further."""
    from pcnadmin import pagination

    settings.AXES_ENABLED = False
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 100)
    scenario.prepare(PASSWORD)
    client.login(username="bench.admin", password=PASSWORD)
    page = client.get("/claims/?page=2").content.decode()
    assert "Page 2 of more than 4" in page
    page = client.get("/claims/?page=5").content.decode()
    assert "Page 5 of more than 6" in page
    assert "page=6" in page  # Next
    last = -(-Claim.objects.count() // 25)
    page = client.get(f"/claims/?page={last}").content.decode()
    assert f"Page {last} of {last}" in page

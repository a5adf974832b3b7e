"""Hostile input to every workforce form (issue 5.4): whatever is typed or uploaded, the answer is
a clear message and a 4xx, never a 500, and nothing is half-written.

Each example runs inside a savepoint that is rolled back, so examples do not change what the next
one meets; the row counts are compared inside it."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workforce.models import (
    Baseline,
    BaselineEntry,
    BaselineEvent,
    Claim,
    ClaimEvent,
    ClaimLine,
    Evidence,
    PaymentRun,
    Staff,
    StaffTerm,
)

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ODD_NUMBERS = [
    "",
    " ",
    "-1",
    "-0.01",
    "0",
    "0.001",
    "1.123456789",
    "1e400",
    "-1e400",
    "1E5",
    "NaN",
    "-NaN",
    "Infinity",
    "-inf",
    "sNaN",
    "0x1F",
    "1,000.00",
    "£100",
    "99999999999",
    "9" * 40,
    "1" + "0" * 12 + ".00",
    "١٢٣",  # Arabic-Indic digits
    "12\x00",
    "=1+1",
    "<script>alert(1)</script>",
]
number = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.text(max_size=20),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
ODD_TEXT = ["", " ", "\t\n", "x" * 100_000, "\x00", "a\x00b", "‮gnp.exe", "' OR 1=1 --", "\ud800"]
text = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=200))
ODD_DATES = [
    "",
    "0000-00-00",
    "0001-01-01",
    "1899-12-31",
    "2019-02-29",
    "2021-13-01",
    "2021-04-31",
    "9999-12-31",
    "99999-01-01",
    "2021/04/01",
    "01/04/2021",
    "yesterday",
    "2021-04-01T00:00",
]
a_date = st.one_of(
    st.sampled_from(ODD_DATES),
    st.dates().map(str),
    st.text(max_size=12),
)

WORKFORCE_ROWS = (
    Claim,
    ClaimLine,
    ClaimEvent,
    Evidence,
    PaymentRun,
    Staff,
    StaffTerm,
    Baseline,
    BaselineEntry,
    BaselineEvent,
)


def counts():
    return {m.__name__: m.objects.count() for m in WORKFORCE_ROWS}


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def clean(value: str) -> str:
    # The test client cannot send lone surrogates; browsers would not either.
    return value.encode("utf-8", "replace").decode("utf-8")


def assert_refused_cleanly(response, before, message=None):
    """A refusal is a 400 with a message on the page and no row written."""
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert "nhsuk-error-message" in html or "nhsuk-error-summary" in html
    if message:
        assert message in html
    assert counts() == before


# --- the claim's lines --------------------------------------------------------------------------


@FUZZ
@given(
    field=st.sampled_from(["salary", "employer_ni", "employer_pension", "apprenticeship_levy"]),
    value=number,
)
def test_claim_line_amounts(client_for, draft_claim, manager_a, pharmacist, field, value):
    client = client_for(manager_a)
    prefix = f"s{pharmacist.pk}"
    data = {
        f"{prefix}-include": "on",
        f"{prefix}-salary": "3000",
        f"{prefix}-employer_ni": "300",
        f"{prefix}-employer_pension": "400",
        f"{prefix}-apprenticeship_levy": "0",
    }
    data[f"{prefix}-{field}"] = clean(value)
    with rolled_back():
        before = counts()
        lines = list(ClaimLine.objects.filter(claim=draft_claim).values())
        response = client.post(reverse("workforce:claim_edit", args=[draft_claim.pk]), data)
        if response.status_code == 302:
            line = ClaimLine.objects.get(claim=draft_claim)
            assert 0 <= line.salary and line.actual_cost >= line.salary
        else:
            assert_refused_cleanly(response, before)
            assert list(ClaimLine.objects.filter(claim=draft_claim).values()) == lines


# --- the staff register -------------------------------------------------------------------------


STAFF_FIELDS = {"wte": number, "start_date": a_date, "name": text, "band": text}


@FUZZ
@given(data=st.data(), field=st.sampled_from(sorted(STAFF_FIELDS)))
def test_staff_form(client_for, pharmacist, manager_a, role, data, field):
    client = client_for(manager_a)
    form = {
        "name": "Sam Physio",
        "role": role("clinical-pharmacist").pk,
        "wte": "0.5",
        "start_date": "2021-06-01",
        "band": "7",
    }
    form[field] = clean(data.draw(STAFF_FIELDS[field]))
    with rolled_back():
        before = counts()
        response = client.post(reverse("workforce:staff_new", args=[pharmacist.pcn.code]), form)
        if response.status_code == 302:
            staff = Staff.objects.latest("pk")
            assert 0 < staff.terms.get().wte <= 1
            assert date(1948, 7, 5) <= staff.start_date <= date(date.today().year + 2, 1, 1)
        else:
            assert_refused_cleanly(response, before)


@FUZZ
@given(wte=number, effective=a_date, end=a_date, reason=text)
def test_staff_term_change_and_leaving(
    client_for, pharmacist, manager_a, role, wte, effective, end, reason
):
    client = client_for(manager_a)
    url = reverse("workforce:staff_detail", args=[pharmacist.pk])
    change = {
        "change": "1",
        "effective_from": clean(effective),
        "role": role("clinical-pharmacist").pk,
        "wte": clean(wte),
        "reason": clean(reason)[:300],
    }
    with rolled_back():
        before = counts()
        response = client.post(url, change)
        if response.status_code != 302:
            assert_refused_cleanly(response, before)
    with rolled_back():
        before = counts()
        response = client.post(url, {"end": "1", "end_date": clean(end)})
        if response.status_code != 302:
            assert_refused_cleanly(response, before)


# --- the baseline -------------------------------------------------------------------------------


@FUZZ
@given(wte=number, reason=text)
def test_baseline_form(client_for, baseline_a, manager_a, role, wte, reason):
    client = client_for(manager_a)
    from funding.models import ArrsRole

    form = {f"role_{r.pk}": "0" for r in ArrsRole.objects.all()}
    form[f"role_{role('clinical-pharmacist').pk}"] = clean(wte)
    with rolled_back():
        before = counts()
        response = client.post(
            reverse("workforce:baseline_edit", args=[baseline_a.pcn.code]),
            {**form, "reason": clean(reason) or "Recount."},
        )
        if response.status_code == 302:
            entry = BaselineEntry.objects.filter(baseline__status="draft").first()
            assert entry is None or 0 <= entry.wte < 10_000
        else:
            assert_refused_cleanly(response, before)


# --- deciding on a claim ------------------------------------------------------------------------


@FUZZ
@given(amount=number, reason=text)
def test_approving_a_lower_amount(client_for, submitted_claim, contract_manager_x, amount, reason):
    client = client_for(contract_manager_x)
    with rolled_back():
        before = counts()
        response = client.post(
            reverse("workforce:claim_approve", args=[submitted_claim.pk]),
            {"amount": clean(amount), "reason": clean(reason)},
        )
        if response.status_code == 302:
            submitted_claim.refresh_from_db()
            assert 0 <= submitted_claim.approved_amount <= submitted_claim.total
            assert submitted_claim.approved_amount == submitted_claim.total or reason.strip()
        else:
            assert_refused_cleanly(response, before)


@FUZZ
@given(
    action=st.sampled_from([("claim_reject", "reason"), ("claim_query", "question")]), words=text
)
def test_reject_and_query_reasons(client_for, submitted_claim, contract_manager_x, action, words):
    view, field = action
    client = client_for(contract_manager_x)
    with rolled_back():
        before = counts()
        response = client.post(
            reverse(f"workforce:{view}", args=[submitted_claim.pk]), {field: clean(words)}
        )
        if response.status_code == 302:
            assert submitted_claim.events.last().reason == clean(words).strip()
        else:
            assert_refused_cleanly(response, before)


@FUZZ
@given(answer=text)
def test_answering_a_query(client_for, submitted_claim, contract_manager_x, manager_a, answer):
    from workforce import services

    with rolled_back():
        services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Which band?")
        before = counts()
        response = client_for(manager_a).post(
            reverse("workforce:claim_resubmit", args=[submitted_claim.pk]),
            {"answer": clean(answer)},
        )
        if response.status_code != 302:
            assert_refused_cleanly(response, before)


@FUZZ
@given(paid_on=a_date, note=text)
def test_payment_run_date(
    client_for, submitted_claim, contract_manager_x, finance_x, paid_on, note
):
    from workforce import services

    with rolled_back():
        services.claim_approve(claim=submitted_claim, by=contract_manager_x)
        before = counts()
        response = client_for(finance_x).post(
            reverse("workforce:payment_run_create"),
            {
                "selected": [submitted_claim.pk],
                "paid_on": clean(paid_on),
                "note": clean(note),
                "confirm": "1",
            },
        )
        if response.status_code == 302:
            run = PaymentRun.objects.get()
            assert date(2019, 4, 1) <= run.paid_on
        else:
            assert_refused_cleanly(response, before)


@FUZZ
@given(
    month=st.one_of(
        st.sampled_from(
            ["0000-01", "0001-01", "9999-12", "2021-00", "2021-13", "2021-6", "june", "", "2019-03"]
        ),
        st.text(max_size=8),
    )
)
def test_new_claim_month(client_for, pharmacist, manager_a, month):
    with rolled_back():
        before = counts()
        response = client_for(manager_a).post(
            reverse("workforce:claim_new"), {"month": clean(month)}
        )
        if response.status_code != 302:
            assert_refused_cleanly(response, before)


# --- evidence -----------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n%%EOF\n"
DISGUISED = [
    (
        "payslip.pdf",
        b"MZ\x90\x00\x03" + b"\x00" * 60,
        "must be a PDF, PNG or JPEG",
    ),  # a Windows program
    ("payslip.pdf", b"<html><script>alert(1)</script></html>", "must be a PDF, PNG or JPEG"),
    ("payslip.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "its name does not end in .png"),
    ("payslip.png", PDF, "its name does not end in .pdf"),
    ("payslip.pdf.exe", PDF, "its name does not end in .pdf"),
    ("payslip.pdf", b"", "The submitted file is empty."),
    ("payslip.pdf", b"PK\x03\x04" + b"\x00" * 30, "must be a PDF, PNG or JPEG"),  # a zip / docx
]


@pytest.mark.parametrize(("name", "content", "message"), DISGUISED)
def test_disguised_evidence_is_refused(
    client_for, submitted_claim, manager_a, name, content, message
):
    before = counts()
    response = client_for(manager_a).post(
        reverse("workforce:evidence_upload", args=[submitted_claim.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )
    assert_refused_cleanly(response, before, message)


def test_oversized_evidence_is_refused(client_for, submitted_claim, manager_a, settings):
    settings.EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    before = counts()
    big = PDF + b"0" * settings.EVIDENCE_MAX_BYTES
    response = client_for(manager_a).post(
        reverse("workforce:evidence_upload", args=[submitted_claim.pk]),
        {"file": SimpleUploadedFile("big.pdf", big)},
    )
    assert_refused_cleanly(response, before, "the limit is 2 MB")


@FUZZ
@given(
    name=st.one_of(
        st.sampled_from(
            [
                "../../etc/passwd.pdf",
                "a" * 400 + ".pdf",
                ".pdf",
                "CON.pdf",
                "name\x00.pdf",
                "résumé.PDF",
                "x.pdf ",
            ]
        ),
        st.text(min_size=1, max_size=60).map(lambda t: t + ".pdf"),
    )
)
def test_evidence_names_never_reach_the_file_system(client_for, submitted_claim, manager_a, name):
    with rolled_back():
        before = counts()
        response = client_for(manager_a).post(
            reverse("workforce:evidence_upload", args=[submitted_claim.pk]),
            {"file": SimpleUploadedFile(clean(name), PDF)},
        )
        if response.status_code == 302:
            evidence = Evidence.objects.latest("pk")
            assert evidence.file.name == f"evidence/{submitted_claim.pk}/{evidence.token}.pdf"
        else:
            assert_refused_cleanly(response, before)


# --- queue filters ------------------------------------------------------------------------------


@FUZZ
@given(
    key=st.sampled_from(
        ["pcn", "role", "year", "month", "status", "overdue", "sort", "page", "per_page"]
    ),
    value=text,
)
def test_queue_filters_never_fail(client_for, submitted_claim, contract_manager_x, key, value):
    response = client_for(contract_manager_x).get(
        reverse("workforce:claim_list"), {key: clean(value)}
    )
    assert response.status_code in (200, 400, 404)

"""Whole journeys through the real pages in headless Chromium, each person in their own browser
context: query → answer and resubmit → approve → pay → the commissioner's funding PDF, and a
Clinical Director's statement and its PDF."""

import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import log_in
from workforce.models import Claim, ClaimStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMISSIONER = "NHS Barking and Dagenham CCG"
NORTH = "Barking & Dagenham North PCN"


def _open_pdf(page: Page, link_name: str):
    """Follow a PDF link as a user does: the response the browser got (Chromium then shows it in
    its viewer, whose page replaces the body), and the file's bytes fetched with the same
    session cookie."""
    with page.expect_response(lambda r: r.url.endswith(".pdf")) as response_info:
        page.get_by_role("link", name=link_name).click()
    response = response_info.value
    fetched = page.context.request.get(response.url)
    assert fetched.status == 200
    assert fetched.headers["content-type"] == "application/pdf"
    return response, fetched.body()


def _pdf_text(data: bytes) -> str:
    """The PDF's text with its line breaks and runs of spaces made single spaces."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _status(page: Page):
    return page.locator("main p .app-status").first


def test_claim_is_queried_answered_approved_paid_and_shows_in_the_funding_pdf(demo, new_page):
    claim = Claim.objects.get(
        pcn__code="U00001", month=date(2024, 1, 1), status=ClaimStatus.SUBMITTED
    )
    submitter = claim.submitted_by.username
    assert submitter == "pcn.manager.north"
    # The submitter may not decide on their own claim: take a contract manager who did not submit.
    approver = "contract.manager2" if submitter == "contract.manager" else "contract.manager"
    User = get_user_model()
    assert User.objects.get(username=approver).pk != claim.submitted_by_id

    # The contract manager filters the queue and opens the submitted claim.
    manager = new_page()
    log_in(manager, approver)
    manager.get_by_role("navigation", name="Menu").get_by_role("link", name="Claims").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("ARRS claims")
    manager.get_by_label("PCN", exact=True).select_option(label=NORTH)
    manager.get_by_label("Status").select_option("submitted")
    manager.get_by_role("button", name="Apply filters").click()
    expect(manager).to_have_url(re.compile(r"pcn=U00001.*status=submitted"))
    rows = manager.locator("table tbody tr[data-status]")
    expect(rows.first).to_be_visible()
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.status)")) == {"submitted"}
    manager.get_by_role("link", name=claim.reference, exact=True).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text(claim.reference)
    expect(_status(manager)).to_have_text("Submitted")

    # It asks a question.
    question = "Please attach the January payslips for the physician associate."
    manager.get_by_label("Question for the PCN").fill(question)
    manager.get_by_role("button", name="Send the question").click()
    expect(manager.get_by_role("status")).to_contain_text("Question sent to the PCN.")
    expect(_status(manager)).to_have_text("Queried")

    # The PCN manager sees the question, answers and resubmits (after confirming).
    pcn = new_page()
    log_in(pcn, "pcn.manager.north")
    pcn.goto(f"/claims/{claim.pk}/")
    expect(pcn.locator(".nhsuk-warning-callout")).to_contain_text(question)
    pcn.get_by_label("Your answer to the commissioner's question").fill(
        "Payslips for January attached; the hours match the rota."
    )
    pcn.get_by_role("button", name="Answer and resubmit").click()
    expect(pcn.get_by_role("status")).to_contain_text("Answer sent and claim resubmitted.")
    expect(_status(pcn)).to_have_text("Submitted")
    assert pcn.dialogs == ["Send your answer and resubmit?"]
    # The PCN manager submitted it: they are not offered the decision.
    expect(pcn.get_by_role("button", name="Approve", exact=True)).to_have_count(0)

    # The contract manager approves it as claimed.
    manager.reload()
    expect(_status(manager)).to_have_text("Submitted")
    manager.get_by_role("button", name="Approve", exact=True).click()
    expect(manager.get_by_role("status")).to_contain_text("Claim approved.")
    expect(_status(manager)).to_have_text("Approved")
    assert manager.dialogs == ["Approve this claim?"]
    history = manager.locator("tr[data-event]")
    assert history.evaluate_all("rows => rows.map(r => r.dataset.event)")[-3:] == [
        "queried",
        "submitted",
        "approved",
    ]
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.approved_amount == claim.total

    # Finance ticks it among the approved claims and marks it paid in a payment run.
    finance = new_page()
    log_in(finance, "finance")
    finance.goto("/claims/?status=approved&pcn=U00001")
    finance.locator(f"input[name=selected][value='{claim.pk}']").check()
    finance.get_by_label("Paid on").fill("2026-01-28")
    finance.get_by_label("Note").fill("January BACS run")
    finance.get_by_role("button", name="Mark ticked claims paid").click()
    # The count and total per payee first; nothing is paid until finance confirms.
    expect(finance.get_by_role("heading", level=1)).to_have_text(
        "Check the payment run before marking it paid"
    )
    amount = f"£{claim.approved_amount:,.2f}"
    expect(finance.locator("main")).to_contain_text(f"1 claim paid on 28 January 2026, {amount}")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    finance.get_by_role("button", name=f"Mark 1 claim paid ({amount})").click()
    expect(finance.get_by_role("heading", level=1)).to_contain_text("remittance")
    expect(finance.get_by_role("status")).to_contain_text(
        re.compile(r"Payment run \d+: 1 claim\(s\) marked paid on 28 January 2026")
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert claim.payment_run.paid_on == date(2026, 1, 28)
    finance.goto(f"/claims/{claim.pk}/")
    expect(_status(finance)).to_have_text("Paid")

    # Finance downloads the commissioner's funding summary for the claim's year as a PDF.
    year = claim.financial_year.slug
    finance.goto(f"/commissioners/07L/funding/{year}/")
    expect(finance.get_by_role("heading", level=1)).to_have_text(
        f"PCN funding {claim.financial_year.label}"
    )
    response, data = _open_pdf(finance, "Download as a PDF")
    assert response.url.endswith(f"/commissioners/07L/funding/{year}.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="funding-07L-{year}.pdf"' in response.headers["content-disposition"]
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    text = _pdf_text(data)
    assert COMMISSIONER in text
    assert f"{NORTH} U00001" in text  # one row per PCN, the name wrapped in its cell

    for page in (manager, pcn, finance):
        assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_clinical_director_reads_and_downloads_their_statement(demo, new_page):
    page = new_page()
    log_in(page, "cd.north")
    page.goto("/pcns/U00001/statement/2020-21/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{NORTH}: entitlement statement 2020/21"
    )
    expect(page.locator("main")).to_contain_text(COMMISSIONER)

    response, data = _open_pdf(page, "Download this statement as a PDF")
    assert response.url.endswith("/pcns/U00001/statement/2020-21.pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="statement-U00001-2020-21.pdf"' in response.headers["content-disposition"]
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    text = _pdf_text(data)
    assert NORTH in text
    assert "2020/21" in text

    # Another PCN's statement is outside a Clinical Director's scope.
    assert page.request.get("/pcns/U00002/statement/2020-21/").status == 404
    assert not page.console_errors

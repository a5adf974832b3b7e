"""The pages: scope (404 outside it), roles (403), the queue's fixed query count, CSV export."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workforce.conftest import at, line
from workforce import services
from workforce.models import Claim, ClaimStatus

pytestmark = pytest.mark.django_db


def test_cd_of_pcn_b_cannot_see_or_act_on_pcn_a_claims(client_for, submitted_claim, cd_b):
    client = client_for(cd_b)
    assert (
        client.get(reverse("workforce:claim_detail", args=[submitted_claim.pk])).status_code == 404
    )
    response = client.post(
        reverse("workforce:claim_resubmit", args=[submitted_claim.pk]), {"answer": "x"}
    )
    assert response.status_code == 404
    assert submitted_claim.pk not in [c.pk for c in Claim.objects.visible_to(cd_b)]


def test_contract_manager_of_another_commissioner_gets_404(
    client_for, submitted_claim, contract_manager_y
):
    response = client_for(contract_manager_y).post(
        reverse("workforce:claim_approve", args=[submitted_claim.pk])
    )
    assert response.status_code == 404


def test_finance_in_scope_cannot_approve(client_for, submitted_claim, finance_x):
    response = client_for(finance_x).post(
        reverse("workforce:claim_approve", args=[submitted_claim.pk]), {}
    )
    assert response.status_code == 403
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.SUBMITTED


def test_approval_actions_need_post(client_for, submitted_claim, contract_manager_x):
    response = client_for(contract_manager_x).get(
        reverse("workforce:claim_approve", args=[submitted_claim.pk])
    )
    assert response.status_code == 405


def test_contract_manager_approves_from_the_claim_page(
    client_for, submitted_claim, contract_manager_x
):
    client = client_for(contract_manager_x)
    page = client.get(reverse("workforce:claim_detail", args=[submitted_claim.pk]))
    assert page.status_code == 200 and b"data-confirm" in page.content
    assert b"4,400.00" in page.content
    response = client.post(
        reverse("workforce:claim_approve", args=[submitted_claim.pk]), {"amount": "", "reason": ""}
    )
    assert response.status_code == 302
    submitted_claim.refresh_from_db()
    assert submitted_claim.approved_amount == D("4400.00")


def test_a_refused_lower_approval_keeps_what_was_typed(
    client_for, submitted_claim, contract_manager_x
):
    response = client_for(contract_manager_x).post(
        reverse("workforce:claim_approve", args=[submitted_claim.pk]),
        {"amount": "2999.99", "reason": ""},
    )
    assert response.status_code == 400
    assert b'value="2999.99"' in response.content
    assert b"Give a reason for approving less" in response.content


def test_rejection_without_a_reason_is_refused_on_the_form(
    client_for, submitted_claim, contract_manager_x
):
    response = client_for(contract_manager_x).post(
        reverse("workforce:claim_reject", args=[submitted_claim.pk]), {"reason": ""}
    )
    assert response.status_code == 400


def _claims(n, pharmacist, manager_a):
    for i in range(n):
        month = date(2021 + (i // 12), 4 + 0, 1)
        claim = services.claim_create(pcn=pharmacist.pcn, month=date(2021, 6, 1), by=manager_a)
        services.claim_lines_set(claim=claim, by=manager_a, lines=[line(pharmacist)])
        del month


@pytest.mark.parametrize("n", [3, 30])
def test_the_queue_runs_a_fixed_number_of_queries(
    n, client_for, pharmacist, manager_a, contract_manager_x, django_assert_max_num_queries
):
    _claims(n, pharmacist, manager_a)
    client = client_for(contract_manager_x)
    client.get(reverse("workforce:claim_list"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workforce:claim_list") + "?per_page=50")
    assert response.status_code == 200


def test_queue_filters_and_exports_csv(client_for, submitted_claim, contract_manager_x):
    client = client_for(contract_manager_x)
    response = client.get(
        reverse("workforce:claim_list") + "?status=submitted&role=clinical-pharmacist&month=2021-06"
    )
    assert submitted_claim.reference.encode() in response.content
    assert b"app-overdue" in response.content  # due 12 July 2021
    empty = client.get(reverse("workforce:claim_list") + "?status=paid")
    assert submitted_claim.reference.encode() not in empty.content
    csv = client.get(reverse("workforce:claim_list") + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert b"CL-" in csv.content and b"4400.00" in csv.content.replace(b",", b"")


def test_bulk_approve_takes_clean_claims_only(client_for, submitted_claim, contract_manager_x):
    response = client_for(contract_manager_x).post(
        reverse("workforce:claims_bulk_approve"), {"selected": [submitted_claim.pk]}
    )
    assert response.status_code == 302
    submitted_claim.refresh_from_db()
    # Submitted in July 2021 with no problems: approved as claimed.
    assert submitted_claim.status == ClaimStatus.APPROVED
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        f"Approved 1 claim(s) as claimed, £4,400.00 in all: {submitted_claim.reference}."
    ]


def test_bulk_approve_names_a_claim_it_leaves_by_its_reference(
    client_for, submitted_claim, contract_manager_x
):
    services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Which band?")
    response = client_for(contract_manager_x).post(
        reverse("workforce:claims_bulk_approve"), {"selected": [submitted_claim.pk]}
    )
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(said) == 1 and said[0].startswith(f"{submitted_claim.reference} not approved: ")


def test_evidence_is_checked_by_its_bytes_and_served_in_scope(
    client_for, draft_claim, manager_a, cd_b, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    client = client_for(manager_a)
    url = reverse("workforce:evidence_upload", args=[draft_claim.pk])
    fake = SimpleUploadedFile(
        "payslip.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    assert client.post(url, {"file": fake}).status_code == 400
    real = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    assert client.post(url, {"file": real}).status_code == 302
    evidence = draft_claim.evidence.get()
    download = reverse("workforce:evidence_download", args=[evidence.pk])
    assert client.get(download).status_code == 200
    assert client_for(cd_b).get(download).status_code == 404


def test_attaching_evidence_to_a_queried_claim_keeps_the_answer_being_typed(
    client_for, submitted_claim, contract_manager_x, manager_a
):
    services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Which band?")
    client = client_for(manager_a)
    page = reverse("workforce:claim_detail", args=[submitted_claim.pk])
    url = reverse("workforce:evidence_upload", args=[submitted_claim.pk])
    answer = "Band 7 & in post since May"

    # The file is refused: the page comes back with the answer as typed.
    fake = SimpleUploadedFile("payslip.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post(url, {"file": fake, "answer": answer})
    assert refused.status_code == 400
    assert refused.context["answer_form"].initial["answer"] == answer
    assert "Band 7 &amp; in post since May</textarea>" in refused.content.decode()

    # The file is attached: the claim page shows the answer again until it is sent.
    real = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    assert client.post(url, {"file": real, "answer": answer}).status_code == 302
    assert "Band 7 &amp; in post since May</textarea>" in client.get(page).content.decode()
    sent = client.post(
        reverse("workforce:claim_resubmit", args=[submitted_claim.pk]), {"answer": answer}
    )
    assert sent.status_code == 302
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.SUBMITTED
    assert submitted_claim.evidence.count() == 1
    assert "since May</textarea>" not in client.get(page).content.decode()


def test_pcn_manager_drafts_a_claim_through_the_pages(client_for, pharmacist, manager_a):
    client = client_for(manager_a)
    response = client.post(reverse("workforce:claim_new"), {"month": "2021-06"})
    claim = Claim.objects.get()
    assert response.url == reverse("workforce:claim_edit", args=[claim.pk])
    prefix = f"s{pharmacist.pk}"
    response = client.post(
        reverse("workforce:claim_edit", args=[claim.pk]),
        {
            f"{prefix}-include": "on",
            f"{prefix}-salary": "3500",
            f"{prefix}-employer_ni": "400",
            f"{prefix}-employer_pension": "500",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.total == D("4400.00")


def test_staff_and_baseline_pages_are_scoped(client_for, pharmacist, contract_manager_x, cd_b):
    for name, args in (
        ("workforce:staff_list", [pharmacist.pcn.code]),
        ("workforce:baseline", [pharmacist.pcn.code]),
        ("workforce:staff_detail", [pharmacist.pk]),
    ):
        assert client_for(contract_manager_x).get(reverse(name, args=args)).status_code == 200
        assert client_for(cd_b).get(reverse(name, args=args)).status_code == 404


def test_contract_managers_queue_opens_on_submitted_claims(
    client_for, contract_manager_x, contract_manager_x2, submitted_claim
):
    from workforce import services

    client = client_for(contract_manager_x)
    assert submitted_claim.reference in client.get("/claims/").content.decode()
    services.claim_approve(claim=submitted_claim, by=contract_manager_x2)
    assert submitted_claim.reference not in client.get("/claims/").content.decode()
    every_status = client.get("/claims/", {"status": ""}).content.decode()
    assert submitted_claim.reference in every_status


def test_the_statement_shows_the_pcns_approved_claims_through_the_registered_provider(
    client_for, submitted_claim, contract_manager_x
):
    # Funding learns ARRS use from workforce without importing it (funding.arrs_use).
    from workforce import services as workforce

    workforce.claim_approve(claim=submitted_claim, by=contract_manager_x)
    html = (
        client_for(contract_manager_x)
        .get(f"/pcns/{submitted_claim.pcn.code}/statement/2021-22/")
        .content.decode()
    )
    assert 'data-arrs="approved">£4,400.00' in html


def test_a_second_claim_for_the_month_names_the_first_as_a_link_and_cannot_be_submitted(
    client_for, submitted_claim, pharmacist, manager_a
):
    second = services.claim_create(pcn=pharmacist.pcn, month=date(2021, 6, 1), by=manager_a)
    services.claim_lines_set(claim=second, by=manager_a, lines=[line(pharmacist)])
    html = client_for(manager_a).get(f"/claims/{second.pk}/").content.decode()
    link = f'<a href="/claims/{submitted_claim.pk}/">{submitted_claim.reference}</a>'
    assert f"is already claimed for June 2021 in {link}." in html
    # A blocking problem is an error summary, and Submit is not offered while it stands.
    assert 'data-blocking="' in html and 'data-severity="blocking"' in html
    assert 'data-submit="held"' in html
    assert f'action="/claims/{second.pk}/submit/"' not in html


def test_a_claim_with_nothing_blocking_offers_submit(
    client_for, draft_claim, manager_a, monkeypatch
):
    # Seen in July 2021, June's claim is within its year and clean.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2021, 7, 5))
    html = client_for(manager_a).get(f"/claims/{draft_claim.pk}/").content.decode()
    assert f'action="/claims/{draft_claim.pk}/submit/"' in html
    assert 'data-blocking="' not in html and 'data-submit="held"' not in html
    assert 'data-clean="true"' in html


def test_starting_a_month_from_the_last_claim_says_what_was_copied(
    client_for, submitted_claim, manager_a
):
    client = client_for(manager_a)
    response = client.post(reverse("workforce:claim_new"), {"month": "2021-07", "copy_last": "on"})
    july = Claim.objects.get(month=date(2021, 7, 1))
    assert response.url == reverse("workforce:claim_edit", args=[july.pk])
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        f"1 line(s) copied from {submitted_claim.reference} (June 2021) for the staff still in "
        "post: check every figure, then save."
    ]
    page = client.get(response.url).content.decode()
    assert 'value="3500.00"' in page  # the salary, there to change


def test_starting_a_month_without_copying_leaves_it_empty(client_for, submitted_claim, manager_a):
    response = client_for(manager_a).post(reverse("workforce:claim_new"), {"month": "2021-07"})
    assert response.status_code == 302
    assert Claim.objects.get(month=date(2021, 7, 1)).lines.count() == 0


def test_the_staff_register_sorts_by_any_column_and_exports_every_row(
    client_for, pharmacist, manager_a
):
    client = client_for(manager_a)
    url = reverse("workforce:staff_list", args=[pharmacist.pcn.code])
    by_name = client.get(url).content.decode()
    assert by_name.index("Baseline Pharmacist") < by_name.index("Priya Pharmacist")
    by_start_latest = client.get(url + "?sort=-start_date").content.decode()
    assert by_start_latest.index("Priya Pharmacist") < by_start_latest.index("Baseline Pharmacist")
    exported = client.get(url + "?export=csv&sort=name")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == [
        "Name",
        "Role",
        "WTE",
        "Band",
        "Employer",
        "Started",
        "Left",
        "Baseline",
        "Transferred",
    ]
    assert rows[2][:4] == ["Priya Pharmacist", "Clinical pharmacist", "1.00", "7"]
    assert rows[2][7:] == ["No", "No"] and rows[1][7] == "Yes"


def test_approve_and_open_the_next_goes_to_the_claim_due_first_then_back_to_the_queue(
    client_for, submitted_claim, pharmacist, manager_a, contract_manager_x
):
    # A second submitted claim of the same PCN, for July 2021, due after June's.
    july = services.claim_create(pcn=pharmacist.pcn, month=date(2021, 7, 1), by=manager_a)
    services.claim_lines_set(claim=july, by=manager_a, lines=[line(pharmacist)])
    services.claim_submit(claim=july, by=manager_a, at=at(date(2021, 8, 2)))
    client = client_for(contract_manager_x)
    approve = "workforce:claim_approve"
    then_next = {"amount": "", "reason": "", "then": "next"}
    response = client.post(reverse(approve, args=[submitted_claim.pk]), then_next)
    assert response.url == reverse("workforce:claim_detail", args=[july.pk])
    response = client.post(reverse(approve, args=[july.pk]), then_next)
    assert response.url == reverse("workforce:claim_list")
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert "No other claim is waiting for your decision." in said
    july.refresh_from_db()
    assert july.status == ClaimStatus.APPROVED


def test_a_claims_lines_and_a_pcns_members_download_as_csv(
    client_for, submitted_claim, pharmacist, contract_manager_x, contract_manager_y
):
    client = client_for(contract_manager_x)
    lines = client.get(f"/claims/{submitted_claim.pk}/?export=csv")
    rows = list(csv.reader(io.StringIO(lines.content.decode())))
    assert rows[0][:5] == ["claim", "month", "staff", "role", "wte"]
    assert rows[1][:3] == [submitted_claim.reference, "2021-06", "Priya Pharmacist"]
    assert rows[1][-2:] == ["4400.00", "4400.00"]
    members = client.get(f"/pcns/{pharmacist.pcn.code}/?export=csv")
    rows = list(csv.reader(io.StringIO(members.content.decode())))
    assert rows[0][:3] == ["practice_code", "practice", "member_since"]
    assert len(rows) == 1 + pharmacist.pcn.memberships.count()
    # Out of scope, there is nothing to download.
    other = client_for(contract_manager_y)
    assert other.get(f"/claims/{submitted_claim.pk}/?export=csv").status_code == 404
    assert other.get(f"/pcns/{pharmacist.pcn.code}/?export=csv").status_code == 404


def test_the_baseline_downloads_as_csv_with_every_version(
    client_for, baseline_a, contract_manager_x
):
    response = client_for(contract_manager_x).get(
        f"/pcns/{baseline_a.pcn.code}/baseline/?export=csv"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["pcn_code", "version", "status", "role", "wte"],
        [baseline_a.pcn.code, "1", "accepted", "Clinical pharmacist", "1.00"],
    ]


def test_a_refused_action_shows_an_error_summary_linking_to_its_field(
    client_for, submitted_claim, contract_manager_x
):
    response = client_for(contract_manager_x).post(
        reverse("workforce:claim_reject", args=[submitted_claim.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-form-errors="1"' in html
    assert '<a href="#reject_form-reason">Reason for rejecting: This field is required.</a>' in html
    assert 'id="reject_form-reason"' in html  # the field itself, apart from the approve form's


def test_a_file_chosen_beside_the_answer_is_attached_when_the_claim_is_resubmitted(
    client_for, submitted_claim, contract_manager_x, manager_a
):
    services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Payslip?")
    real = SimpleUploadedFile("payslip.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    response = client_for(manager_a).post(
        reverse("workforce:claim_resubmit", args=[submitted_claim.pk]),
        {"answer": "Attached.", "file": real},
    )
    assert response.status_code == 302
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.SUBMITTED
    assert submitted_claim.evidence.get().original_name == "payslip.pdf"


@pytest.mark.parametrize("query", ["?per_page=-1&page=2", "?per_page=0", "?per_page=x&page=-3"])
def test_odd_paging_on_the_staff_register_is_never_an_error(
    client_for, pharmacist, manager_a, query
):
    url = reverse("workforce:staff_list", args=[pharmacist.pcn.code]) + query
    assert client_for(manager_a).get(url).status_code in (200, 404)

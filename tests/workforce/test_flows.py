"""The workforce pages end to end: correcting an accepted baseline, sending a baseline back,
changing a staff member's terms and recording that they left, a payment run, and the queue's
query count, which does not grow with the number of claims."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.workforce.conftest import line
from workforce import services
from workforce.models import Baseline, BaselineStatus, ClaimStatus, PaymentRun

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- baselines ----------------------------------------------------------------------------------


def test_correcting_an_accepted_baseline_makes_a_new_version_and_keeps_the_old_one(
    client, baseline_a, manager_a, cd_a, contract_manager_x, role
):
    pcn = baseline_a.pcn
    from funding.models import ArrsRole

    every_role = {f"role_{r.pk}": "0" for r in ArrsRole.objects.all()}
    wte = {**every_role, f"role_{role('clinical-pharmacist').pk}": "1.5"}
    client.force_login(manager_a)
    edit = reverse("workforce:baseline_edit", args=[pcn.code])

    refused = client.post(edit, {**wte, "reason": "  "})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert Baseline.objects.filter(pcn=pcn).count() == 1

    assert client.post(edit, {**wte, "reason": "A locum was counted."}).status_code == 302
    client.force_login(cd_a)
    draft = Baseline.objects.get(pcn=pcn, version=2)
    client.post(reverse("workforce:baseline_sign_off", args=[draft.pk]))
    client.force_login(contract_manager_x)
    client.post(reverse("workforce:baseline_accept", args=[draft.pk]))

    versions = {b.version: b.status for b in Baseline.objects.filter(pcn=pcn)}
    assert versions == {1: BaselineStatus.SUPERSEDED, 2: BaselineStatus.ACCEPTED}
    page = client.get(reverse("workforce:baseline", args=[pcn.code])).content.decode()
    assert 'data-version="1" data-status="superseded"' in page
    assert 'data-version="2" data-status="accepted"' in page
    assert "Reason: A locum was counted." in page


def test_contract_manager_sends_a_signed_off_baseline_back_with_a_reason(
    client, pcn_a_funded, manager_a, cd_a, contract_manager_x, role
):
    baseline = services.baseline_draft(
        pcn=pcn_a_funded, by=manager_a, entries={role("clinical-pharmacist"): D("1.0")}
    )
    services.baseline_sign_off(baseline=baseline, by=cd_a)
    client.force_login(contract_manager_x)
    url = reverse("workforce:baseline_return", args=[baseline.pk])

    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Say why the baseline goes back to the PCN." in response.content.decode()
    baseline.refresh_from_db()
    assert baseline.status == BaselineStatus.SIGNED_OFF

    response = client.post(url, {"reason": "Count the 0.2 WTE pharmacist."}, follow=True)
    assert "Baseline sent back to the PCN." in messages_of(response)
    baseline.refresh_from_db()
    assert baseline.status == BaselineStatus.DRAFT and baseline.signed_off_at is None
    assert "Returned by cm-x: Count the 0.2 WTE pharmacist." in baseline.reason
    assert baseline.events.last().reason == "Sent back: Count the 0.2 WTE pharmacist."


# --- staff --------------------------------------------------------------------------------------


def test_a_change_of_terms_is_a_new_dated_term(client, pharmacist, manager_a, role):
    client.force_login(manager_a)
    url = reverse("workforce:staff_detail", args=[pharmacist.pk])
    change = {
        "change": "1",
        "effective_from": "2021-10-01",
        "role": role("clinical-pharmacist").pk,
        "wte": "0.6",
        "band": "8a",
        "reason": "Reduced hours",
    }
    assert client.post(url, change).status_code == 302
    terms = list(pharmacist.terms.order_by("effective_from").values_list("wte", "band", "reason"))
    assert terms == [(D("1.00"), "7", "Started"), (D("0.60"), "8a", "Reduced hours")]

    again = client.post(url, change)
    assert again.status_code == 400
    assert "A change is already recorded from that day." in again.content.decode()
    early = client.post(url, {**change, "effective_from": "2021-04-01"})
    assert early.status_code == 400
    assert "A change takes effect after the start date (1 May 2021)." in early.content.decode()
    assert pharmacist.terms.count() == 2


def test_recording_that_someone_left(client, pharmacist, manager_a):
    client.force_login(manager_a)
    url = reverse("workforce:staff_detail", args=[pharmacist.pk])
    refused = client.post(url, {"end": "1", "end_date": "2021-04-30"})
    assert refused.status_code == 400
    assert "The last day cannot be before the start date." in refused.content.decode()
    assert client.post(url, {"end": "1", "end_date": "2022-01-31"}).status_code == 302
    pharmacist.refresh_from_db()
    assert pharmacist.end_date == date(2022, 1, 31)
    later = client.post(
        url,
        {
            "change": "1",
            "effective_from": "2022-02-01",
            "role": pharmacist.terms.first().role_id,
            "wte": "0.5",
        },
    )
    assert "left on 31 January 2022" in later.content.decode()


def test_other_pcns_cannot_change_staff(client, pharmacist, manager_b):
    client.force_login(manager_b)
    response = client.post(
        reverse("workforce:staff_detail", args=[pharmacist.pk]),
        {"end": "1", "end_date": "2022-01-31"},
    )
    assert response.status_code == 404


# --- payment runs -------------------------------------------------------------------------------


def test_finance_marks_approved_claims_paid_through_the_queue(
    client, submitted_claim, contract_manager_x, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    client.force_login(finance_x)
    response = client.post(
        reverse("workforce:payment_run_create"),
        {
            "selected": [submitted_claim.pk],
            "paid_on": "2021-08-02",
            "note": "August run",
            "confirm": "1",
        },
        follow=True,
    )
    run = PaymentRun.objects.get()
    assert (run.paid_on, run.note, run.created_by_name) == (
        date(2021, 8, 2),
        "August run",
        "finance-x",
    )
    assert f"Payment run {run.pk}: 1 claim(s) marked paid on 2 August 2021." in messages_of(
        response
    )
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.PAID
    assert submitted_claim.events.last().reason == f"Payment run {run.pk} of 2 August 2021"


def test_a_payment_run_without_a_date_is_refused_on_the_queue(
    client, submitted_claim, contract_manager_x, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    client.force_login(finance_x)
    response = client.post(
        reverse("workforce:payment_run_create"), {"selected": [submitted_claim.pk], "paid_on": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not PaymentRun.objects.exists()


def test_paying_a_claim_that_is_not_approved_pays_nothing(client, submitted_claim, finance_x):
    client.force_login(finance_x)
    response = client.post(
        reverse("workforce:payment_run_create"),
        {"selected": [submitted_claim.pk], "paid_on": "2021-08-02"},
        follow=True,
    )
    assert any(
        m.startswith("Nothing was marked paid: This claim is submitted")
        for m in messages_of(response)
    )
    assert not PaymentRun.objects.exists()


# --- the queue's query count --------------------------------------------------------------------


def _queue_queries(client, n, pharmacist, manager_a):
    for _ in range(n):
        claim = services.claim_create(pcn=pharmacist.pcn, month=date(2021, 6, 1), by=manager_a)
        services.claim_lines_set(claim=claim, by=manager_a, lines=[line(pharmacist)])
    url = reverse("workforce:claim_list") + "?per_page=50"
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_runs_the_same_queries_for_3_claims_as_for_30(
    client, pharmacist, manager_a, contract_manager_x
):
    client.force_login(contract_manager_x)
    with_3 = _queue_queries(client, 3, pharmacist, manager_a)
    with_30 = _queue_queries(client, 27, pharmacist, manager_a)
    assert with_3 == with_30


# --- payment runs: confirmation, remittance, list ------------------------------------------------


def test_a_payment_run_is_shown_per_payee_with_its_total_before_anything_is_paid(
    client, submitted_claim, contract_manager_x, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    client.force_login(finance_x)
    data = {"selected": [submitted_claim.pk], "paid_on": "2021-08-02", "note": "August run"}
    response = client.post(reverse("workforce:payment_run_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 claim paid on 2 August 2021, £4,400.00 in all (August run)." in html
    assert 'data-total="run">4,400.00<' in html
    assert "Mark 1 claim paid (£4,400.00)" in html and 'name="confirm" value="1"' in html
    assert not PaymentRun.objects.exists()
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.APPROVED


def test_a_run_has_a_page_with_its_remittance_per_payee_and_a_csv(
    client, submitted_claim, contract_manager_x, contract_manager_y, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    run = services.payment_run_create(
        claim_ids=[submitted_claim.pk], by=finance_x, paid_on=date(2021, 8, 2)
    )
    client.force_login(finance_x)
    page = client.get(reverse("workforce:payment_run_detail", args=[run.pk]))
    html = page.content.decode()
    pcn = submitted_claim.pcn
    payee = pcn.nominated_payee
    named = f"{payee.name} ({payee.code})" if payee else f"{pcn.name} (no nominated payee)"
    assert named in html and submitted_claim.reference in html
    assert 'data-total="run">4,400.00<' in html
    exported = client.get(reverse("workforce:payment_run_detail", args=[run.pk]) + "?export=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert rows[0] == ["payee", "payee_code", "claim", "pcn_code", "pcn", "month", "amount"]
    assert rows[1][2:] == [submitted_claim.reference, pcn.code, pcn.name, "2021-06", "4400.00"]
    listing = client.get(reverse("workforce:payment_run_list")).content.decode()
    assert f"Payment run {run.pk}</a>" in listing
    # Another commissioner's contract manager sees no claim of this run: no such run for them.
    client.force_login(contract_manager_y)
    assert client.get(reverse("workforce:payment_run_detail", args=[run.pk])).status_code == 404


def test_the_payment_schedule_shows_arrs_paid_on_claims_apart_from_the_entitlement(
    client, submitted_claim, contract_manager_x, finance_x
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    services.payment_run_create(
        claim_ids=[submitted_claim.pk], by=finance_x, paid_on=date(2021, 8, 2)
    )
    client.force_login(finance_x)
    html = client.get("/commissioners/X01/payments/2021-22/").content.decode()
    pcn = submitted_claim.pcn
    assert f"<td>{pcn.name} ({pcn.code})</td><td>August 2021</td>" in html
    assert 'data-total="arrs-paid"><strong>£4,400.00</strong>' in html
    # A run dated in another year is not this year's.
    other = client.get("/commissioners/X01/payments/2020-21/").content.decode()
    assert "has paid an ARRS claim of these PCNs" in other

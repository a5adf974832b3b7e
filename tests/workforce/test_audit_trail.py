"""The audit trail (issue 5.2): every claim and baseline step can be read back, who changed a rate
or a list size is kept, the administrators' search finds it all, and no audit row can be changed
or deleted, in the admin or in code."""

import csv
import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funding.models import PaymentRate
from networks.models import ListSize
from pcnadmin.append_only import AuditRowError
from workforce import services
from workforce.models import BaselineEvent, BaselineStatus, ClaimEvent, ClaimStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_claim(submitted_claim, manager_a, contract_manager_x):
    services.evidence_add(
        claim=submitted_claim,
        by=manager_a,
        upload=SimpleUploadedFile("june payslip.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    services.claim_query(claim=submitted_claim, by=contract_manager_x, question="Which band?")
    services.claim_resubmit(claim=submitted_claim, by=manager_a, answer="Band 7.")
    return services.claim_approve(
        claim=submitted_claim,
        by=contract_manager_x,
        amount=D("2000.00"),
        reason="Agreed 0.8 WTE for June.",
    )


# --- reading the history ------------------------------------------------------------------------


def test_claim_history_shows_every_step_with_who_amount_and_reason(
    client_for, approved_claim, cd_a
):
    page = client_for(cd_a).get(reverse("workforce:claim_history", args=[approved_claim.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    steps = [e.to_status for e in approved_claim.events.all()]
    assert steps == ["draft", "submitted", "queried", "submitted", "approved"]
    for expected in ("Which band?", "Band 7.", "Agreed 0.8 WTE for June.", "2,000.00", "cm-x"):
        assert expected in html
    assert html.count('data-to="submitted"') == 2
    assert "june payslip.pdf" in html and "manager-a" in html


def test_claim_page_links_to_its_history(client_for, submitted_claim, contract_manager_x):
    page = client_for(contract_manager_x).get(
        reverse("workforce:claim_detail", args=[submitted_claim.pk])
    )
    assert reverse("workforce:claim_history", args=[submitted_claim.pk]) in page.content.decode()


def test_a_correction_supersedes_the_accepted_baseline_and_both_stay_visible(
    client_for, baseline_a, manager_a, cd_a, contract_manager_x, role
):
    correction = services.baseline_draft(
        pcn=baseline_a.pcn,
        by=manager_a,
        entries={role("clinical-pharmacist"): D("1.5")},
        reason="A second pharmacist was missed.",
    )
    services.baseline_sign_off(baseline=correction, by=cd_a)
    services.baseline_return(baseline=correction, by=contract_manager_x, reason="Show the payslip.")
    services.baseline_sign_off(baseline=correction, by=cd_a)
    services.baseline_accept(baseline=correction, by=contract_manager_x)

    baseline_a.refresh_from_db()
    assert baseline_a.status == BaselineStatus.SUPERSEDED
    assert [(e.from_status, e.to_status) for e in correction.events.all()] == [
        ("", "draft"),
        ("draft", "signed_off"),
        ("signed_off", "draft"),
        ("draft", "signed_off"),
        ("signed_off", "accepted"),
    ]
    superseded = baseline_a.events.get(to_status=BaselineStatus.SUPERSEDED)
    assert superseded.reason == "Replaced by version 2."

    page = client_for(contract_manager_x).get(
        reverse("workforce:baseline_history", args=[baseline_a.pcn.code])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-version="1" data-status="superseded"' in html
    assert 'data-version="2" data-status="accepted"' in html
    for expected in (
        "A second pharmacist was missed.",
        "Sent back: Show the payslip.",
        "Clinical pharmacist 1.50 WTE",
        "Clinical pharmacist 1.00 WTE",
    ):
        assert expected in html


def test_changing_draft_entries_is_recorded(baseline_a, manager_a, role):
    draft = services.baseline_draft(pcn=baseline_a.pcn, by=manager_a, entries={}, reason="Recount.")
    services.baseline_entries_set(
        baseline=draft, by=manager_a, entries={role("clinical-pharmacist"): D("2.0")}
    )
    last = draft.events.last()
    assert (last.from_status, last.to_status, last.reason) == ("draft", "draft", "Entries changed")
    assert last.entries == "Clinical pharmacist 2.00 WTE"


# --- admin saves record who made them -----------------------------------------------------------


def _admin_form(obj, **overrides):
    from django.forms.models import model_to_dict

    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items() if k != "id"}
    return {**data, **overrides}


def test_an_admin_rate_change_records_the_administrator_and_shows_the_difference(
    client_for, rates, administrator, finance_x
):
    from funding.models import ArrsRoleRate

    rate = (
        ArrsRoleRate.objects.filter(schedule__slug="national", role__slug="clinical-pharmacist")
        .order_by("effective_from")
        .last()
    )
    old = rate.max_annual_per_wte
    response = client_for(administrator).post(
        reverse("admin:funding_arrsrolerate_change", args=[rate.pk]),
        _admin_form(rate, max_annual_per_wte="67000.00", source="Corrected figure"),
    )
    assert response.status_code == 302
    latest = rate.history.latest()
    assert latest.history_user == administrator
    assert latest.history_type == "~"

    page = client_for(finance_x).get(reverse("funding:rate_history", args=["role-rate", rate.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "administrator" in html and "Maximum per wte per year (national)" in html
    assert f"<td>{old}</td><td>67000.00</td>" in html
    assert "System (import, command or data load)" in html  # the first load had no person


def test_an_admin_list_size_change_records_the_administrator(client_for, pcn_a, administrator):
    row = ListSize.objects.filter(practice__memberships__pcn=pcn_a).first()
    response = client_for(administrator).post(
        reverse("admin:networks_listsize_change", args=[row.pk]),
        _admin_form(row, registered=row.registered + 10),
    )
    assert response.status_code == 302
    assert row.history.latest().history_user == administrator


def test_history_of_a_deleted_rate_is_still_shown(client_for, rates, administrator):
    rate = PaymentRate.objects.order_by("pk").last()
    pk = rate.pk
    rate.delete()
    page = client_for(administrator).get(reverse("funding:rate_history", args=["payment-rate", pk]))
    assert page.status_code == 200
    assert "This row has been deleted" in page.content.decode()


def test_unknown_rate_kind_is_a_404(client_for, rates, administrator):
    page = client_for(administrator).get("/rates/cheese/1/history/")
    assert page.status_code == 404


# --- the administrators' audit search -----------------------------------------------------------


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_audit_search_covers_claims_baselines_rates_and_list_sizes(
    client_for, approved_claim, administrator
):
    response = client_for(administrator).get(reverse("audit") + "?export=csv")
    rows = _rows(response)
    assert rows[0] == ["When", "Who", "Kind", "What", "PCN", "Change", "Reason"]
    kinds = {r[2] for r in rows[1:]}
    assert {
        "Claim event",
        "Baseline event",
        "Payment rate",
        "ARRS role rate",
        "ARRS sum rule",
        "List size",
    } <= kinds
    times = [r[0] for r in rows[1:]]
    assert len(rows) - 1 == (
        ClaimEvent.objects.count()
        + BaselineEvent.objects.count()
        + sum(m.history.count() for m in _history_models())
    )
    assert times  # newest first is checked below on the page
    approval = next(r for r in rows if "Submitted → Approved" in r[5])
    assert approval[1] == "cm-x" and "£2,000.00" in approval[5]
    assert approval[6] == "Agreed 0.8 WTE for June."


def _history_models():
    from funding.models import ArrsRoleRate, ArrsSumRule

    return [PaymentRate, ArrsRoleRate, ArrsSumRule, ListSize]


def test_audit_search_filters_by_person_kind_pcn_and_dates(
    client_for, approved_claim, administrator
):
    client = client_for(administrator)

    def search(**params):
        return _rows(client.get(reverse("audit"), {**params, "export": "csv"}))[1:]

    by_cm = search(person="cm-x", kind="claim")
    assert by_cm and all(r[1] == "cm-x" and r[2] == "Claim event" for r in by_cm)
    assert {r[4] for r in search(pcn="U00101")} == {"U00101"}
    assert search(pcn="U00202") == []  # PCN B has no history here
    assert all(r[2] != "Payment rate" for r in search(pcn="U00101"))  # rates have no PCN
    today = timezone.localdate()
    assert search(start=str(today + timedelta(days=1))) == []
    july = search(start="2021-07-01", end="2021-07-05", kind="claim")
    assert [r[5].split(",")[0] for r in july] == ["Draft → Submitted", "— → Draft"]


def test_audit_search_pages_newest_first(client_for, approved_claim, administrator):
    client = client_for(administrator)
    first = client.get(reverse("audit"))
    second = client.get(reverse("audit"), {"page": 2})
    assert first.status_code == second.status_code == 200
    page_one = first.context["table"].page.object_list.data
    page_two = second.context["table"].page.object_list.data
    assert len(page_one) == 50
    assert page_one[-1].at >= page_two[0].at
    assert [r.at for r in page_one] == sorted((r.at for r in page_one), reverse=True)


def test_audit_search_refuses_a_backwards_date_range(client_for, administrator):
    response = client_for(administrator).get(
        reverse("audit"), {"start": "2022-01-02", "end": "2022-01-01"}
    )
    assert response.status_code == 400
    assert "The “from” date is after the “to” date." in response.content.decode()


def test_audit_search_is_for_administrators_only(client_for, contract_manager_x, cd_a):
    for person in (contract_manager_x, cd_a):
        assert client_for(person).get(reverse("audit")).status_code == 403


# --- audit rows cannot be changed or deleted ----------------------------------------------------


def test_a_claim_event_cannot_be_changed_or_deleted_in_code(submitted_claim):
    event = submitted_claim.events.last()
    event.reason = "Rewritten"
    with pytest.raises(AuditRowError, match="cannot be changed"):
        event.save()
    with pytest.raises(AuditRowError, match="cannot be deleted"):
        event.delete()
    with pytest.raises(AuditRowError, match="cannot be updated"):
        ClaimEvent.objects.filter(pk=event.pk).update(reason="Rewritten")
    with pytest.raises(AuditRowError, match="cannot be deleted"):
        ClaimEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.reason == "" and event.to_status == ClaimStatus.SUBMITTED


def test_a_baseline_event_cannot_be_changed_or_deleted_in_code(baseline_a):
    event = baseline_a.events.first()
    with pytest.raises(AuditRowError):
        event.save()
    with pytest.raises(AuditRowError):
        event.delete()
    with pytest.raises(AuditRowError):
        BaselineEvent.objects.all().delete()


def test_history_records_cannot_be_changed_or_deleted_in_code(rates):
    record = PaymentRate.history.first()
    record.source = "rewritten"
    with pytest.raises(AuditRowError):
        record.save()
    with pytest.raises(AuditRowError):
        record.delete()


def test_a_never_submitted_draft_can_still_be_thrown_away(draft_claim, manager_a):
    services.claim_delete_draft(claim=draft_claim, by=manager_a)
    assert not ClaimEvent.objects.filter(claim_id=draft_claim.pk).exists()


@pytest.mark.parametrize(
    "model",
    [
        "workforce_claimevent",
        "workforce_baselineevent",
        "funding_historicalpaymentrate",
        "networks_historicallistsize",
    ],
)
def test_the_admin_shows_audit_rows_but_cannot_add_change_or_delete_them(
    client_for, submitted_claim, administrator, model
):
    from django.apps import apps

    app_label, model_name = model.split("_", 1)
    row = apps.get_model(app_label, model_name).objects.order_by("pk").first()
    client = client_for(administrator)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    change = reverse(f"admin:{model}_change", args=[row.pk])
    assert client.get(change).status_code == 200  # shown read-only
    assert client.post(change, {"reason": "Rewritten"}).status_code == 403
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403
    assert (
        client.post(reverse(f"admin:{model}_delete", args=[row.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert apps.get_model(app_label, model_name).objects.filter(pk=row.pk).exists()

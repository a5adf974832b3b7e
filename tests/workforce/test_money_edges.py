"""Money at its edges (DES rules §6–§7): transferred pharmacists and the 2019/20 ceiling, a
line for a role not yet reimbursable, approving nothing, and a leaving date before months already
claimed."""

from datetime import date
from decimal import Decimal as D

import pytest

from tests.workforce.conftest import at, line
from workforce import rules, services
from workforce.models import ClaimStatus, Staff
from workforce.selectors import arrs_use_by_pcn

pytestmark = pytest.mark.django_db

APRIL_2020 = date(2020, 4, 10)
# 2019/20 months of the scheme: July 2019 to March 2020.
MONTHS_2019_20 = [date(2019, m, 1) for m in range(7, 13)] + [date(2020, m, 1) for m in (1, 2, 3)]


def _person(pcn, by, role, name, **extra):
    extra.setdefault("start_date", date(2019, 7, 1))
    return services.staff_add(pcn=pcn, by=by, name=name, role=role, wte=D("1.0"), **extra)


def _claim(pcn, month, by, people):
    claim = services.claim_create(pcn=pcn, month=month, by=by)
    return services.claim_lines_set(
        claim=claim, by=by, lines=[line(p, salary="4000.00") for p in people]
    )


@pytest.mark.parametrize(
    ("transferred", "allowance_year", "counts"),
    [(True, True, False), (True, False, True), (False, True, True), (False, False, True)],
)
def test_transferred_pharmacists_draw_on_the_sum_only_from_2020_21(
    transferred, allowance_year, counts
):
    facts = rules.LineFacts(
        1, "A", "clinical-pharmacist", "Clinical pharmacist", D(1), date(2019, 7, 1), None,
        False, transferred, True, D("100"),
    )  # fmt: skip
    assert rules.counts_against_sum(facts, allowance_year) is counts


def test_transferred_pharmacist_is_outside_the_2019_20_ceiling(
    pcn_a_funded, manager_a, cd_a, contract_manager_x, role
):
    """PCN A (36,500 weighted: n = 1) may claim 1.0 WTE pharmacist and 1.0 WTE link worker up to
    £53,942.25. Nine months of both at their caps is exactly that; its transferred pharmacist is
    paid on top, and every claim submits and is approved."""
    pcn = pcn_a_funded
    pharmacist = _person(pcn, manager_a, role("clinical-pharmacist"), "New Pharmacist")
    link_worker = _person(pcn, manager_a, role("social-prescribing-link-worker"), "Link Worker")
    transferred = _person(
        pcn,
        manager_a,
        role("clinical-pharmacist"),
        "Transferred Pharmacist",
        start_date=date(2018, 1, 1),
        transferred=True,
    )
    claims = []
    for month in MONTHS_2019_20:
        claim = _claim(pcn, month, manager_a, [pharmacist, link_worker, transferred])
        claims.append(
            services.claim_submit(claim=claim, by=manager_a, at=at(APRIL_2020), today=APRIL_2020)
        )
    for claim in claims:
        services.claim_approve(claim=claim, by=contract_manager_x)
    # 37,810 / 12 = 3,150.83 and 34,113 / 12 = 2,842.75 a month each.
    use = arrs_use_by_pcn([pcn.pk], claims[0].financial_year)[pcn.pk]
    assert use.approved == 9 * (2 * D("3150.83") + D("2842.75"))


def test_a_transferred_pharmacist_still_counts_against_the_sum_from_2020_21(
    pcn_a_funded, manager_a, role
):
    transferred = _person(
        pcn_a_funded,
        manager_a,
        role("clinical-pharmacist"),
        "Transferred Pharmacist",
        start_date=date(2018, 1, 1),
        transferred=True,
    )
    claim = _claim(pcn_a_funded, date(2020, 5, 1), manager_a, [transferred])
    facts = services.selectors.claim_facts(claim, today=date(2020, 6, 1))
    assert facts.wte_allowance is None
    assert rules.counts_against_sum(facts.lines[0], facts.wte_allowance is not None)


@pytest.fixture
def physio_2019(pcn_a_funded, manager_a, role):
    return _person(pcn_a_funded, manager_a, role("first-contact-physiotherapist"), "Fiona Physio")


def test_a_2019_20_draft_for_a_role_not_yet_reimbursable_is_refused_at_its_start(
    physio_2019, manager_a
):
    with pytest.raises(
        services.WorkforceError,
        match="a percentage for first contact physiotherapist in September 2019",
    ):
        services.claim_create(pcn=physio_2019.pcn, month=date(2019, 9, 1), by=manager_a)


def test_a_2019_20_line_for_a_role_not_yet_reimbursable_is_kept_with_its_problem(
    pcn_a_funded, manager_a, client_for, role
):
    # Started before the physiotherapist joined the register, so the start was not refused.
    claim = services.claim_create(pcn=pcn_a_funded, month=date(2019, 9, 1), by=manager_a)
    physio_2019 = _person(
        pcn_a_funded, manager_a, role("first-contact-physiotherapist"), "Fiona Physio"
    )
    client = client_for(manager_a)
    prefix = f"s{physio_2019.pk}"
    response = client.post(
        f"/claims/{claim.pk}/lines/",
        {
            f"{prefix}-include": "on",
            f"{prefix}-salary": "3000.00",
            f"{prefix}-employer_ni": "300.00",
            f"{prefix}-employer_pension": "400.00",
            f"{prefix}-apprenticeship_levy": "0.00",
        },
    )
    assert response.status_code == 302, response.content.decode()
    saved = claim.lines.get()
    assert saved.percent is None and saved.amount == D("0.00")
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "This field cannot be blank." not in page
    problem = (
        "Fiona Physio: first contact physiotherapist is not reimbursable in September 2019 "
        "(2019/20)."
    )
    assert problem in page
    with pytest.raises(services.ClaimProblemsError, match="is not reimbursable in September"):
        services.claim_submit(claim=claim, by=manager_a, at=at(APRIL_2020), today=APRIL_2020)


def test_approving_nothing_is_refused_as_a_rejection_in_disguise(
    submitted_claim, contract_manager_x
):
    with pytest.raises(services.WorkforceError, match="Approving £0.00 is a rejection"):
        services.claim_approve(
            claim=submitted_claim, by=contract_manager_x, amount=D("0.00"), reason="No"
        )
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.SUBMITTED


def test_approving_nothing_on_the_page_points_to_rejection_and_keeps_the_reason(
    submitted_claim, contract_manager_x, client_for
):
    response = client_for(contract_manager_x).post(
        f"/claims/{submitted_claim.pk}/approve/", {"amount": "0.00", "reason": "Not in post"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Approving £0.00 is a rejection: reject the claim instead, with the reason." in page
    assert "nhsuk-error-message" in page and "Not in post" in page
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.SUBMITTED


def test_a_leaving_date_before_a_claimed_month_is_refused(submitted_claim, pharmacist, manager_a):
    with pytest.raises(services.ValidationError, match="is claimed for June 2021 in CL-"):
        services.staff_end(staff=pharmacist, by=manager_a, end_date=date(2021, 5, 31))
    pharmacist.refresh_from_db()
    assert pharmacist.end_date is None
    # On or after the first day of the last month claimed is fine.
    services.staff_end(staff=pharmacist, by=manager_a, end_date=date(2021, 6, 1))


def test_a_draft_or_rejected_claim_does_not_hold_the_leaving_date(
    draft_claim, pharmacist, manager_a
):
    services.staff_end(staff=pharmacist, by=manager_a, end_date=date(2021, 5, 31))
    assert Staff.objects.get(pk=pharmacist.pk).end_date == date(2021, 5, 31)


def test_the_staff_page_refuses_it_at_the_field_and_keeps_what_was_typed(
    submitted_claim, pharmacist, manager_a, client_for
):
    response = client_for(manager_a).post(
        f"/staff/{pharmacist.pk}/",
        {"end": "1", "end_date": "2021-05-31"},
    )
    page = response.content.decode()
    assert response.status_code == 400, page
    assert "the last day cannot be before 1 June 2021" in page
    assert "nhsuk-error-message" in page and 'value="2021-05-31"' in page


def test_every_change_to_a_staff_record_is_kept_with_who_and_when(
    pharmacist, manager_a, contract_manager_x, client_for
):
    services.staff_end(staff=pharmacist, by=manager_a, end_date=date(2021, 12, 31))
    services.staff_end(staff=pharmacist, by=manager_a, end_date=date(2022, 3, 31))
    records = list(pharmacist.history.order_by("history_date"))
    assert [r.end_date for r in records] == [None, date(2021, 12, 31), date(2022, 3, 31)]
    assert {r.history_user for r in records} == {manager_a}
    page = client_for(contract_manager_x).get(f"/staff/{pharmacist.pk}/").content.decode()
    assert "End date: 31 December 2021 → 31 March 2022" in page
    assert "End date: not set → 31 December 2021" in page

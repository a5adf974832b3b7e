"""Races on real PostgreSQL connections: the PCN row lock makes transitions take turns."""

import threading
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection, connections

from networks import services as network_services
from networks.models import ListSize
from tests.workforce.conftest import JULY_2021, line
from workforce import services
from workforce.models import Claim, ClaimEvent, ClaimStatus
from workforce.selectors import arrs_use_by_pcn

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def race(*calls):
    """Run each call in its own thread and connection, started together; return what each
    returned or raised."""
    # These races prove PostgreSQL row locks; on any other database the suite must fail, not skip.
    assert connection.vendor == "postgresql", "run the suite on PostgreSQL (make test)"
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_contract_managers_approving_at_once_make_one_approval(
    submitted_claim, contract_manager_x, contract_manager_x2
):
    results = race(
        lambda: services.claim_approve(claim=Claim(pk=submitted_claim.pk), by=contract_manager_x),
        lambda: services.claim_approve(claim=Claim(pk=submitted_claim.pk), by=contract_manager_x2),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], services.ClaimStateError)
    assert "This claim was already approved by" in str(errors[0])
    assert (
        ClaimEvent.objects.filter(claim=submitted_claim, to_status=ClaimStatus.APPROVED).count()
        == 1
    )


def test_two_claims_racing_for_the_last_of_the_arrs_sum_never_exceed_it(
    pharmacist, manager_a, cd_a, role
):
    pcn = pharmacist.pcn
    # Shrink PCN A's 2021/22 list so its sum is 700 × £12.30 = £8,610.00 (national 2021/22).
    for row in ListSize.objects.filter(
        practice__memberships__pcn=pcn, reference_date=date(2021, 1, 1)
    ):
        network_services.list_size_record(
            practice=row.practice,
            reference_date=row.reference_date,
            registered=350,
            weighted=D("350.00"),
        )
    other = services.staff_add(
        pcn=pcn,
        by=manager_a,
        name="Second Pharmacist",
        role=role("clinical-pharmacist"),
        wte=D("1.0"),
        start_date=date(2021, 5, 1),
    )
    claims = []
    for person in (pharmacist, other):
        claim = services.claim_create(pcn=pcn, month=date(2021, 6, 1), by=manager_a)
        claims.append(
            services.claim_lines_set(
                claim=claim, by=manager_a, lines=[line(person, salary="5000.00")]
            )
        )
    # Each claims min(100% of 5,900.00, 55,670 / 12) = 4,639.17; together 9,278.34 > 8,610.00.
    results = race(
        lambda: services.claim_submit(claim=Claim(pk=claims[0].pk), by=manager_a, at=JULY_2021),
        lambda: services.claim_submit(claim=Claim(pk=claims[1].pk), by=cd_a, at=JULY_2021),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], services.ClaimProblemsError)
    assert "ARRS entitlement of £8,610.00 would be exceeded" in str(errors[0])
    use = arrs_use_by_pcn([pcn.pk], claims[0].financial_year)[pcn.pk]
    assert use.pending == D("4639.17")


def test_two_adjustments_of_one_claim_started_at_once_make_one(
    submitted_claim, contract_manager_x, manager_a, cd_a
):
    services.claim_approve(claim=submitted_claim, by=contract_manager_x)
    results = race(
        lambda: services.claim_adjust(
            claim=Claim(pk=submitted_claim.pk), by=manager_a, reason="Back pay"
        ),
        lambda: services.claim_adjust(
            claim=Claim(pk=submitted_claim.pk), by=cd_a, reason="Back pay too"
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    made = [r for r in results if isinstance(r, Claim)]
    assert len(made) == 1 and len(errors) == 1
    assert isinstance(errors[0], services.WorkforceError)
    assert f"{made[0].reference} already adjusts this claim (draft)" in str(errors[0])
    assert Claim.objects.filter(adjusts=submitted_claim).count() == 1


def test_a_practice_moved_by_an_import_while_its_pcns_claim_is_approved(
    submitted_claim, contract_manager_x, commissioner_x
):
    """The outcome, whichever commits first: both succeed (no deadlock, no error); the claim is
    approved once, at the amount claimed (June 2021 is before the move, so the move changes
    nothing owed for it); the practice is in the new PCN from the list date, its membership of
    PCN A ended the day before, and it has exactly one membership open."""
    from networks.imports import REGISTER_HEADER, import_register
    from networks.models import PCN, Membership
    from tests import factories

    pcn_a = submitted_claim.pcn
    new_pcn = factories.PCNFactory(
        code="U00303", name="Exeshire Gamma PCN", commissioner=commissioner_x
    )
    moving = Membership.objects.filter(pcn=pcn_a).select_related("practice").first().practice
    row = [
        commissioner_x.code,
        commissioner_x.name,
        new_pcn.code,
        new_pcn.name,
        moving.code,
        moving.name,
        "2021-10-01",
        "20000",
        "21000.00",
    ]
    csv = ",".join(REGISTER_HEADER) + "\n" + ",".join(row) + "\n"
    results = race(
        lambda: services.claim_approve(claim=Claim(pk=submitted_claim.pk), by=contract_manager_x),
        lambda: import_register(csv),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results[1].ok, results[1]
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.APPROVED
    assert submitted_claim.approved_amount == submitted_claim.total == D("4400.00")
    assert (
        ClaimEvent.objects.filter(claim=submitted_claim, to_status=ClaimStatus.APPROVED).count()
        == 1
    )
    memberships = {m.pcn_id: m for m in Membership.objects.filter(practice=moving)}
    assert memberships[pcn_a.pk].end == date(2021, 9, 30)
    assert memberships[new_pcn.pk].start == date(2021, 10, 1)
    assert [m.pcn_id for m in memberships.values() if m.end is None] == [new_pcn.pk]
    assert PCN.objects.filter(pk=pcn_a.pk).exists()

"""The header's search finds claims by reference, staff by name, practices and PCNs by name or
code, and only within the person's scope."""

import pytest

pytestmark = pytest.mark.django_db


def results(client, text: str) -> str:
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_a_claim_is_found_by_its_reference_in_any_spelling(
    client_for, submitted_claim, contract_manager_x
):
    client = client_for(contract_manager_x)
    link = f'<a href="/claims/{submitted_claim.pk}/">{submitted_claim.reference}</a>'
    for text in (
        submitted_claim.reference,
        submitted_claim.reference.lower(),
        f"{submitted_claim.pk:05d}",
    ):
        assert link in results(client, text), text


def test_staff_practices_and_pcns_are_found_by_name_or_code(
    client_for, pharmacist, contract_manager_x
):
    client = client_for(contract_manager_x)
    assert f'href="/staff/{pharmacist.pk}/">Priya Pharmacist</a>' in results(client, "priya")
    pcn = pharmacist.pcn
    assert f'href="/pcns/{pcn.code}/">{pcn.name}</a>' in results(client, pcn.code)
    practice = pcn.memberships.first().practice
    assert f'href="/practices/{practice.code}/">' in results(client, practice.code)


def test_nothing_outside_the_scope_is_found(
    client_for, submitted_claim, pharmacist, contract_manager_y, cd_b
):
    for person in (contract_manager_y, cd_b):
        client = client_for(person)
        assert "Nothing you can see matches" in results(client, submitted_claim.reference)
        assert "Priya" not in results(client, "priya")
        assert pharmacist.pcn.name not in results(client, pharmacist.pcn.code)


def test_a_commissioner_never_finds_a_pcns_draft(client_for, draft_claim, contract_manager_x):
    html = results(client_for(contract_manager_x), draft_claim.reference)
    assert f"/claims/{draft_claim.pk}/" not in html


def test_one_character_asks_for_more_and_a_long_text_is_cut(client_for, contract_manager_x):
    client = client_for(contract_manager_x)
    assert "Type at least two characters." in results(client, "a")
    assert "Nothing you can see matches" in results(client, "x" * 500)

"""Typed text has a maximum (issue 12 §7): a 1 MB return reason or a 200,000-character query was
stored and then shown on every history page and mailed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workforce import services
from workforce.models import ClaimEvent, ClaimStatus

pytestmark = pytest.mark.django_db
TOO_LONG = "x" * 2_001


@pytest.mark.parametrize("view, field", [("claim_reject", "reason"), ("claim_query", "question")])
def test_a_reason_or_question_over_2000_characters_is_refused_at_the_field(
    client, submitted_claim, contract_manager_x, view, field
):
    client.force_login(contract_manager_x)
    before = ClaimEvent.objects.count()
    response = client.post(
        reverse(f"workforce:{view}", args=[submitted_claim.pk]), {field: TOO_LONG}
    )
    assert response.status_code == 400
    assert "Keep it to 2,000 characters or fewer (this has 2001)." in response.content.decode()
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.SUBMITTED
    assert ClaimEvent.objects.count() == before


def test_2000_characters_are_accepted(client, submitted_claim, contract_manager_x):
    client.force_login(contract_manager_x)
    response = client.post(
        reverse("workforce:claim_query", args=[submitted_claim.pk]), {"question": "q" * 2_000}
    )
    assert response.status_code == 302
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.QUERIED


def test_the_models_refuse_a_megabyte_reason_from_any_caller(submitted_claim, contract_manager_x):
    with pytest.raises(ValidationError, match="at most 2200 characters"):
        services.claim_reject(claim=submitted_claim, by=contract_manager_x, reason="x" * 1_000_000)
    submitted_claim.refresh_from_db()
    assert submitted_claim.status == ClaimStatus.SUBMITTED


def test_a_baseline_return_reason_over_2000_characters_is_refused(
    client, baseline_a, contract_manager_x, manager_a, cd_a, role
):
    from decimal import Decimal

    draft = services.baseline_draft(
        pcn=baseline_a.pcn,
        by=manager_a,
        entries={role("clinical-pharmacist"): Decimal("1.0")},
        reason="Recount",
    )
    services.baseline_sign_off(baseline=draft, by=cd_a)
    client.force_login(contract_manager_x)
    response = client.post(
        reverse("workforce:baseline_return", args=[draft.pk]), {"reason": TOO_LONG}
    )
    assert response.status_code == 400
    assert "Keep it to 2,000 characters or fewer" in response.content.decode()

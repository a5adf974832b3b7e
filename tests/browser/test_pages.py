"""The main pages in Chromium, as the person who uses each: a full-page screenshot 1280 pixels
wide, and axe-core finds no serious or critical accessibility violation.

Screenshots go to the test's temporary folder; with ``UPDATE_SCREENSHOTS=1`` they also replace the
ones in docs/screenshots/ (see docs/screenshots/README.md).
"""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe, log_in
from workforce.models import Claim, ClaimStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _submitted_north_claim() -> str:
    claim = Claim.objects.get(
        pcn__code="U00001", month=date(2024, 1, 1), status=ClaimStatus.SUBMITTED
    )
    return f"/claims/{claim.pk}/"


def _north_draft(suffix: str = ""):
    def address() -> str:
        claim = Claim.objects.filter(pcn__code="U00001", status=ClaimStatus.DRAFT).earliest("month")
        return f"/claims/{claim.pk}/{suffix}"

    return address


def _latest_run() -> str:
    from workforce.models import PaymentRun

    return f"/claims/payment-runs/{PaymentRun.objects.latest('paid_on', 'pk').pk}/"


# (screenshot name, who is logged in, address, the page's h1)
PAGES = [
    ("login", None, "/login/", "Log in to PCN Admin"),
    ("home-contract-manager", "contract.manager", "/", "What needs you"),
    ("home-pcn-manager", "pcn.manager.north", "/", "What needs you"),
    ("home-finance", "finance", "/", "What needs you"),
    ("home-administrator", "admin", "/", "What needs you"),
    ("pcn-list", "contract.manager", "/pcns/", "Primary Care Networks"),
    ("pcn-detail", "contract.manager", "/pcns/U00001/", "Barking & Dagenham North PCN"),
    (
        "cd-statement",
        "cd.north",
        "/pcns/U00001/statement/2020-21/",
        "Barking & Dagenham North PCN: entitlement statement 2020/21",
    ),
    (
        "commissioner-funding",
        "finance",
        "/commissioners/07L/funding/2020-21/",
        "PCN funding 2020/21",
    ),
    ("claims-queue", "contract.manager", "/claims/", "ARRS claims"),
    ("claim", "contract.manager", _submitted_north_claim, "claim for January 2024"),
    ("claim-draft", "pcn.manager.north", _north_draft(), "claim for"),
    ("claim-lines", "pcn.manager.north", _north_draft("lines/"), "Claim for"),
    ("payment-runs", "finance", "/claims/payment-runs/", "Payment runs"),
    ("search", "contract.manager", "/search/?q=North", "Search"),
    ("notifications", "contract.manager", "/notifications/", "Notifications"),
    ("payment-run", "finance", _latest_run, "remittance"),
    ("baseline", "pcn.manager.north", "/pcns/U00001/baseline/", "Baseline"),
    (
        "cd-statement-2024-25",
        "cd.north",
        "/pcns/U00001/statement/2024-25/",
        "Barking & Dagenham North PCN: entitlement statement 2024/25",
    ),
    ("rate-schedules", "contract.manager", "/rates/schedules/", "Rate schedules"),
    ("rate-schedule", "finance", "/rates/schedules/national/", "National rates in force"),
    ("users", "contract.manager", "/users/", "Users of your PCNs"),
    ("user-invite", "contract.manager", "/users/invite/", "Invite a user"),
]


@pytest.mark.parametrize(
    ("name", "username", "address", "heading"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_renders_and_has_no_serious_accessibility_violation(
    demo, new_page, tmp_path, name, username, address, heading
):
    # axe is injected as a script: the app's Content-Security-Policy (rightly) refuses it.
    page = new_page(bypass_csp=True)
    if username:
        log_in(page, username)
    url = address() if callable(address) else address
    response = page.goto(url)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    page.wait_for_load_state("networkidle")

    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOTS / f"{name}.png")

    violations = axe_violations(page)
    assert not violations, f"axe on {url}:\n{describe(violations)}"
    assert not page.console_errors


# (name, who, address, the button that sends the form empty, the message the error summary shows)
FORMS_WITH_ERRORS = [
    ("claim-new", "pcn.manager.north", "/claims/new/", "Continue", "This field is required."),
    (
        "claim-reject",
        "contract.manager",
        _submitted_north_claim,
        "Reject",
        "Reason for rejecting: This field is required.",
    ),
]


@pytest.mark.parametrize(
    ("name", "username", "address", "button", "message"),
    FORMS_WITH_ERRORS,
    ids=[f[0] for f in FORMS_WITH_ERRORS],
)
def test_a_form_sent_with_errors_has_no_serious_accessibility_violation(
    demo, new_page, name, username, address, button, message
):
    page = new_page(bypass_csp=True)
    log_in(page, username)
    page.goto(address() if callable(address) else address)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(message)
    violations = axe_violations(page)
    assert not violations, f"axe on {name} with errors:\n{describe(violations)}"

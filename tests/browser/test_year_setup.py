"""Adding a financial year in the browser (issue 10): an administrator creates 2027/28 from the
checklist, finds marking it ready refused while figures are missing, fills them with their sources,
marks it ready; a PCN manager's claim for that year can be started only once its roles have a
maximum. Screenshots go to the test's temporary folder, and with ``UPDATE_SCREENSHOTS=1`` to
docs/screenshots/ as well (as in test_pages.py)."""

import os
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from funding.models import ArrsRole
from networks.models import PCN
from tests.browser.conftest import axe_violations, describe, log_in
from workforce import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SOURCE = "NHS England, Network Contract DES specification 2027/28 (test figures)"


@pytest.fixture
def shot(tmp_path):
    def take(page: Page, name: str) -> None:
        path = tmp_path / name
        page.screenshot(path=str(path), full_page=True)
        if os.environ.get("UPDATE_SCREENSHOTS"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, SHOTS / name)

    return take


def _fill_rate(page: Page, link: str, fields: dict[str, str], selects=None) -> None:
    page.get_by_role("link", name=link).click()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (selects or {}).items():
        page.get_by_label(label).select_option(value)
    page.get_by_label("Source").fill(SOURCE)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")


def _start_claim(page: Page, month: str) -> None:
    page.goto("/claims/new/")
    page.get_by_label("Month claimed").fill(month)
    page.get_by_role("button", name="Continue").click()


def test_administrator_sets_up_the_next_year_and_claims_wait_for_its_roles(demo, new_page, shot):
    north = PCN.objects.get(code="U00001")
    manager_user = get_user_model().objects.get(username="pcn.manager.north")
    services.staff_add(
        pcn=north,
        by=manager_user,
        name="Dana Dietitian",
        role=ArrsRole.objects.get(slug="dietitian"),
        wte=Decimal("1.0"),
        start_date=date(2027, 4, 1),
    )

    admin = new_page(bypass_csp=True)
    log_in(admin, "admin")
    expect(admin.locator("[data-banner=year]")).to_contain_text("2026/27 is not ready")
    admin.get_by_role("navigation", name="Menu").get_by_role("link", name="Funding").click()
    admin.get_by_role("link", name="Financial years").click()
    admin.get_by_role("link", name="Create 2027/28 from 2026/27").click()
    expect(admin.get_by_text("No figure is copied.")).to_be_visible()
    admin.get_by_role("button", name="Create 2027/28").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("2027/28 checklist")
    expect(admin.locator("tr[data-item='role:dietitian']")).to_contain_text("Missing")
    expect(admin.locator("tr[data-item='stream:core']")).to_contain_text("Missing")
    shot(admin, "year-checklist.png")
    assert axe_violations(admin) == [], describe(axe_violations(admin))

    # Marking ready is refused while anything needed is missing.
    admin.get_by_role("button", name="Mark 2027/28 ready").click()
    expect(admin.get_by_role("alert")).to_contain_text("cannot be marked ready")

    # The PCN manager cannot start an April 2027 claim: the dietitian has no maximum.
    manager = new_page()
    log_in(manager, "pcn.manager.north")
    _start_claim(manager, "2027-04")
    expect(manager.get_by_role("alert")).to_contain_text("a maximum for dietitian in April 2027")
    shot(manager, "claim-refused-missing-maximum.png")

    # The administrator fills what is missing, each figure with its source.
    dates = {"First day": "1/4/2027", "Last day": "31/3/2028", "Announcement date": "1/11/2026"}
    for stream, basis in (
        ("Core PCN funding", "£ per patient: registered patients"),
        ("Enhanced Access", "£ per patient: adjusted population"),
        ("Network participation payment", "£ per patient: weighted patients"),
        ("Care Home Premium", "£ per bed: care-home beds aligned to the pcn"),
    ):
        _fill_rate(admin, f"Set {stream}", {basis: "3.1", **dates})
    _fill_rate(
        admin,
        "Set ARRS sum rule",
        {"ARRS sum per weighted patient (£)": "28.1", "Announcement date": "1/11/2026"},
    )
    admin.get_by_role("link", name="Set Dietitian").click()
    admin.get_by_label("Maximum per 1.0 WTE a year, national (£)").fill("")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("alert")).to_contain_text("Enter the maximum")
    shot(admin, "year-role-rate-form.png")
    admin.get_by_label("Reimbursement (%)").fill("100")
    admin.get_by_label("Maximum per 1.0 WTE a year, national (£)").fill("47000")
    admin.get_by_label("Announcement date").fill("1/11/2026")
    admin.get_by_label("Source").fill(SOURCE)
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("status")).to_contain_text("Dietitian for 2027/28 saved")

    admin.get_by_role("button", name="Mark 2027/28 ready").click()
    expect(admin.get_by_role("status")).to_contain_text("2027/28 is marked ready.")
    expect(admin.get_by_text("Marked ready by Alex Administrator")).to_be_visible()
    shot(admin, "year-ready.png")

    # Now the claim for April 2027 starts.
    _start_claim(manager, "2027-04")
    expect(manager.get_by_role("heading", level=1)).to_contain_text("April 2027")

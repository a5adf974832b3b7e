"""Real-browser tests: Debian's headless Chromium, driven by Playwright's sync API, against
pytest-django's live server on the test database, with the Barking and Dagenham demo loaded.

One browser per session, a new context (fresh cookies) per test. The demo is built once through
its own loaders (the same as ``manage.py load_demo``) and kept as serialized rows; each later test
restores those rows into its empty transactional database in about a second.
"""

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from playwright.sync_api import Browser, Page, sync_playwright

from tests import factories

CHROMIUM = Path(os.environ.get("BROWSER_TESTS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "demo-pcn-admin"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"

# Rows that Django's post_migrate recreates after every flush: never part of the snapshot.
NOT_SNAPSHOTTED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


# --- the live server ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _live_server_settings():
    """Settings the live server needs from its first request on. Its middleware chain is built
    when the server thread starts, before any function-scoped ``settings`` fixture runs, so these
    are applied for the whole session. The live server speaks plain HTTP on localhost."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(scope="session")
def live_server(_live_server_settings, live_server):
    return live_server


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Browser:
    """One Chromium for all the browser tests, closed when they are done.

    While Playwright's sync API is running, its event loop counts as running in the test thread,
    so Django would refuse the ORM calls the tests make there (loading the demo, looking a claim
    up, the flush after each test), though they are plain synchronous code. The variable that
    allows them is set only for that time: it must not leak into later tests, or into the
    subprocesses they start (``check --deploy`` rejects it)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}: install Debian's chromium "
            "(make system-deps) to run the browser tests.",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(bypass_csp=False)``: a page in a new browser context (its own cookies), 1280
    pixels wide, with the live server as base URL. Confirm dialogs are accepted; console errors
    are collected on ``page.console_errors``."""
    contexts = []

    def make(*, bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=VIEWPORT,
            bypass_csp=bypass_csp,
            accept_downloads=True,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.dialogs = []

        def on_dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.accept()

        page.on("dialog", on_dialog)
        page.on(
            "console",
            lambda message: (
                page.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form and wait for the page it lands on."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/login/" not in page.url, f"{username} could not log in: {page.content()[:2000]}"


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


# --- the demo data ------------------------------------------------------------------------------

_snapshot: dict[str, str] = {}


def _snapshot_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_SNAPSHOTTED
    ]


def _load_demo() -> None:
    """What ``manage.py load_demo`` loads, through the same loaders."""
    from networks import demo as networks_demo
    from networks import demo_users, demo_years
    from workforce import demo as workforce_demo
    from workforce import demo_current

    factories.ensure_rates()
    networks_demo.load()
    demo_users.load()
    workforce_demo.load()
    demo_years.load()
    demo_current.load()


def _restore(data: str) -> None:
    models = _snapshot_models()
    with transaction.atomic():
        for row in serializers.deserialize("json", data):
            row.save()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


@pytest.fixture
def demo(transactional_db, live_server):
    """The Barking and Dagenham demo in this test's database (rates, networks, users, staff,
    claims in every status), committed so that the live server sees it."""
    if "rows" not in _snapshot:
        _load_demo()
        _snapshot["rows"] = serializers.serialize(
            "json",
            (row for model in _snapshot_models() for row in model._base_manager.order_by("pk")),
        )
    else:
        _restore(_snapshot["rows"])


def axe_violations(page: Page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page as it is; the violations of the given impacts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in impacts]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"][:5])
        for v in violations
    )

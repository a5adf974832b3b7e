"""Deployment settings: fail closed, pass Django's deployment checks, throttle log-ins."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "pcnadmin.example.nhs.uk",
    "DATABASE_URL": "sqlite:////tmp/pcnadmin-deploy-check.sqlite3",
}


def run_manage(*args, env):
    clean = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DJANGO_SETTINGS_MODULE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_outside_debug_refuses_to_start():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_by_default():
    env = {k: v for k, v in PRODUCTION.items() if k != "DEBUG"}
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_links_in_mail_start_with_the_first_allowed_host_unless_site_url_says_otherwise():
    show = "from django.conf import settings; print(settings.SITE_URL)"
    result = run_manage("shell", "-c", show, env=PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "https://pcnadmin.example.nhs.uk"
    result = run_manage("shell", "-c", show, env={**PRODUCTION, "SITE_URL": "https://pcn.nhs.uk/"})
    assert result.stdout.strip().splitlines()[-1] == "https://pcn.nhs.uk", result.stderr


@pytest.mark.django_db
def test_responses_carry_security_headers(client_for, administrator):
    response = client_for(administrator).get("/pcns/")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures(client, contract_manager_x):
    for _ in range(5):
        client.post(reverse("login"), {"username": "cm-x", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "cm-x", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert client.get("/pcns/").status_code == 302  # still logged out


BEHIND_A_BALANCER = {
    "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
    "AXES_IPWARE_PROXY_COUNT": 0,
}


def _log_in(client, password, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "cm-x", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
        REMOTE_ADDR="10.0.0.1",  # the load balancer
    )


@pytest.mark.django_db
def test_behind_a_proxy_two_client_addresses_are_locked_separately(
    client, contract_manager_x, settings
):
    for name, value in BEHIND_A_BALANCER.items():
        setattr(settings, name, value)
    for _ in range(5):
        _log_in(client, "wrong", "203.0.113.5")
    assert _log_in(client, "correct-horse-battery", "203.0.113.5").status_code == 429
    assert _log_in(client, "correct-horse-battery", "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy_a_client_cannot_dodge_its_lock_with_its_own_header(
    client, contract_manager_x, settings
):
    for name, value in BEHIND_A_BALANCER.items():
        setattr(settings, name, value)
    for n in range(5):
        # The client sends its own X-Forwarded-For; the balancer appends the real address.
        _log_in(client, "wrong", f"192.0.2.{n}, 203.0.113.5")
    # Each made-up chain counted against the balancer's address, so the next one is locked too.
    assert _log_in(client, "correct-horse-battery", "192.0.2.99, 203.0.113.5").status_code == 429


@pytest.mark.django_db
def test_without_proxy_settings_the_forwarded_header_is_ignored(client, contract_manager_x):
    for _ in range(5):
        _log_in(client, "wrong", "203.0.113.5")
    assert _log_in(client, "correct-horse-battery", "198.51.100.7").status_code == 429


def test_proxy_settings_come_from_the_environment():
    env = {
        **PRODUCTION,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": "HTTP_X_FORWARDED_FOR,REMOTE_ADDR",
        "AXES_IPWARE_PROXY_COUNT": "0",
    }
    code = (
        "from django.conf import settings; "
        "print(settings.AXES_IPWARE_META_PRECEDENCE_ORDER, settings.AXES_IPWARE_PROXY_COUNT)"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR') 0"


def test_a_proxy_count_without_the_forwarded_header_refuses_to_start():
    result = run_manage("check", env={**PRODUCTION, "AXES_IPWARE_PROXY_COUNT": "1"})
    assert result.returncode != 0
    assert "AXES_IPWARE_META_PRECEDENCE_ORDER" in result.stderr

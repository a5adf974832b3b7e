"""make backup / make restore: a restored database shows the same figures."""

import pytest
from django.core.management import call_command

from networks import demo, selectors
from networks.models import PCN, ListSize

pytestmark = pytest.mark.django_db(transaction=True)


def figures():
    pcn_ids = list(PCN.objects.order_by("code").values_list("pk", flat=True))
    from datetime import date

    return selectors.pcn_list_sizes(pcn_ids, date(2021, 6, 1))


def test_restored_database_shows_the_same_figures(tmp_path):
    demo.load()
    before = figures()
    path = tmp_path / "pcnadmin.backup"
    call_command("backup", str(path))
    assert path.stat().st_size > 0

    ListSize.objects.filter(reference_date__year=2021).update(registered=1)
    assert figures() != before

    call_command("restore", str(path), yes=True)
    assert figures() == before


# --- what goes wrong, said plainly (issue 12 §9) -------------------------------------------------


def _manage(*args, env, stdin=None):
    import subprocess

    from tests.test_deployment import ROOT, run_manage

    if stdin is None:
        return run_manage(*args, env=env)
    import os
    import sys

    clean = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY", "DEBUG")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _sqlite_env(tmp_path):
    return {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}


@pytest.mark.django_db(transaction=False)
def test_backup_with_a_database_url_but_no_secret_key_says_so(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "",
        "DEBUG": "false",
    }
    result = _manage("backup", str(tmp_path / "x.backup"), env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db(transaction=False)
def test_restore_without_a_terminal_asks_for_yes_instead_of_a_traceback(tmp_path):
    import subprocess

    backup_file = tmp_path / "db.backup"
    assert _manage("backup", str(backup_file), env=_sqlite_env(tmp_path)).returncode == 0
    result = _manage(
        "restore", str(backup_file), env=_sqlite_env(tmp_path), stdin=subprocess.DEVNULL
    )
    assert result.returncode != 0
    assert "no terminal to confirm" in result.stderr and "--yes" in result.stderr
    assert "Traceback" not in result.stderr and "EOFError" not in result.stderr


@pytest.mark.django_db(transaction=False)
def test_restoring_a_file_that_is_not_a_database_says_so_on_sqlite(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("these are not the rows you are looking for\n" * 20)
    result = _manage("restore", str(not_a_backup), "--yes", env=_sqlite_env(tmp_path))
    assert result.returncode != 0
    assert "is not an SQLite database made by make backup" in result.stderr
    assert "Traceback" not in result.stderr and "sqlite3" not in result.stderr


def test_restoring_a_file_that_is_not_a_backup_says_so_on_postgresql(tmp_path):
    from django.core.management import CommandError

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a dump\n")
    with pytest.raises(CommandError, match="is not a PostgreSQL backup made by make backup"):
        call_command("restore", str(not_a_backup), yes=True)

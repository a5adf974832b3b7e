"""Backups of the whole database: pg_dump/pg_restore on PostgreSQL, the SQLite backup API on
SQLite. Used by ``make backup`` / ``make restore`` through the backup and restore commands."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def _pg_env(settings_dict) -> tuple[list[str], dict]:
    args = [
        "-h",
        settings_dict.get("HOST") or "127.0.0.1",
        "-p",
        str(settings_dict.get("PORT") or 5432),
    ]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    return args, env


def backup(path: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    s = connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        if not shutil.which("pg_dump"):
            raise BackupError("pg_dump is not installed (apt-get install postgresql-client).")
        args, env = _pg_env(s)
        result = subprocess.run(
            ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(path), s["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(result.stderr.strip())
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    else:
        raise BackupError(f"No backup method for {connection.vendor}.")
    return path


# The first bytes of each kind of backup: pg_dump's custom format, and an SQLite database file.
MAGIC = {
    "postgresql": (b"PGDMP", "a PostgreSQL backup made by make backup (pg_dump custom format)"),
    "sqlite": (b"SQLite format 3\x00", "an SQLite database made by make backup"),
}


def _check_kind(path: Path, vendor: str) -> None:
    """Refuse a file that is not a backup for this database before anything is touched."""
    if vendor not in MAGIC:
        return
    magic, what = MAGIC[vendor]
    with path.open("rb") as f:
        start = f.read(len(magic))
    if start != magic:
        raise BackupError(f"{path} is not {what}; nothing was changed.")


def restore(path: Path, alias: str = "default") -> None:
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    connection = connections[alias]
    s = connection.settings_dict
    _check_kind(path, connection.vendor)
    if connection.vendor == "postgresql":
        args, env = _pg_env(s)
        connection.close()
        result = subprocess.run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                s["NAME"],
                str(path),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(result.stderr.strip())
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            with sqlite3.connect(path) as source:
                source.backup(connection.connection)
        except sqlite3.Error as exc:
            raise BackupError(f"{path} could not be read as an SQLite database ({exc}).") from exc
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")

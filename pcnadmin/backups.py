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


def restore(path: Path, alias: str = "default") -> None:
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    connection = connections[alias]
    s = connection.settings_dict
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
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
    else:
        raise BackupError(f"No restore method for {connection.vendor}.")

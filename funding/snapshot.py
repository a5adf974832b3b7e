"""Figures read from one consistent view of the database.

A statement is built from several queries (memberships, list sizes, rates, the ARRS rule, claims).
Under PostgreSQL's default READ COMMITTED each query sees whatever was committed when *it* ran,
so an import committing between two of them would give a statement with the old members and the
new list sizes: figures that were never true. REPEATABLE READ takes one snapshot at the first
query and every later query of the transaction reads from it, so a reader sees the database
either before or after the import, never half of it.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def one_snapshot():
    """Run the enclosed reads in a REPEATABLE READ transaction on PostgreSQL. Inside a caller's
    transaction (a service, a test) the caller's view stands; SQLite transactions read one
    snapshot already."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield

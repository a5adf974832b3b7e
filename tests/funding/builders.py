"""Rows for the funding tests, made through networks.services.

``tests/factories.py``'s ServiceFactory passes its ``service`` attribute on to the service as a
keyword argument (factory_boy declares every class attribute), so its factories cannot create
rows yet; these helpers do the same job until it is fixed."""

import itertools
from datetime import date
from decimal import Decimal

from networks import services

DES_START = date(2019, 7, 1)
_seq = itertools.count(1)


def commissioner(code: str | None = None, name: str | None = None):
    n = next(_seq)
    return services.commissioner_upsert(
        code=code or f"{n % 1000:03d}Q", name=name or f"NHS Fundshire {n} CCG"
    )


def practice(name: str | None = None, code: str | None = None):
    n = next(_seq)
    return services.practice_upsert(
        code=code or f"Q{n + 10000:05d}", name=name or f"Fund Surgery {n}"
    )


def pcn(commissioner_=None, *, code: str | None = None, name: str | None = None):
    n = next(_seq)
    return services.pcn_create(
        code=code or f"U{n + 60000:05d}",
        name=name or f"Fundshire Area {n} PCN",
        commissioner=commissioner_ or commissioner(),
    )


def member(
    pcn_,
    *,
    registered: int = 10_000,
    weighted: Decimal | str | None = None,
    start: date = DES_START,
    end: date | None = None,
    reference_date: date = date(2019, 1, 1),
    practice_=None,
    name: str | None = None,
):
    """A practice that is a member of ``pcn_`` with its list at ``reference_date`` (weighted
    defaults to the registered count)."""
    practice_ = practice_ or practice(name)
    services.membership_start(practice=practice_, pcn=pcn_, start=start, end=end)
    services.list_size_record(
        practice=practice_,
        reference_date=reference_date,
        registered=registered,
        weighted=Decimal(weighted) if weighted is not None else Decimal(registered),
    )
    return practice_

"""Test factories. Rows are made through the services, like everywhere else (style.md §1)."""

import itertools
from datetime import date
from decimal import Decimal

import factory

from networks import services
from networks.models import PCN, ClinicalDirector, Commissioner, ListSize, Membership, Practice

_seq = itertools.count(1)


class ServiceFactory(factory.Factory):
    """A factory whose _create calls a service function instead of Model.objects.create."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return SERVICES[model_class](**kwargs)


class CommissionerFactory(ServiceFactory):
    class Meta:
        model = Commissioner

    code = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + n // 100 % 26)}")
    name = factory.Sequence(lambda n: f"NHS Test Area {n} CCG")


class PracticeFactory(ServiceFactory):
    class Meta:
        model = Practice

    code = factory.Sequence(lambda n: f"P{n + 10000:05d}")
    name = factory.Sequence(lambda n: f"Test Surgery {n}")


class PCNFactory(ServiceFactory):
    class Meta:
        model = PCN

    code = factory.Sequence(lambda n: f"U{n + 50000:05d}")
    name = factory.Sequence(lambda n: f"Testshire Area {n} PCN")
    commissioner = factory.SubFactory(CommissionerFactory)


SERVICES = {
    Commissioner: services.commissioner_upsert,
    Practice: services.practice_upsert,
    PCN: services.pcn_create,
}


def member(
    pcn: PCN,
    *,
    registered: int = 10_000,
    weighted: Decimal | str | None = None,
    start: date = date(2019, 7, 1),
    end: date | None = None,
    reference_date: date = date(2019, 1, 1),
    practice: Practice | None = None,
    adjusted: Decimal | str | None = None,
) -> Practice:
    """A practice that is a member of ``pcn`` with a list size at ``reference_date``."""
    practice = practice or PracticeFactory()
    services.membership_start(practice=practice, pcn=pcn, start=start, end=end)
    services.list_size_record(
        practice=practice,
        reference_date=reference_date,
        registered=registered,
        weighted=Decimal(weighted) if weighted is not None else Decimal(registered),
        adjusted=Decimal(adjusted) if adjusted is not None else None,
    )
    return practice


def clinical_director(
    pcn: PCN, name: str = "Dr A. Director", start=date(2019, 7, 1)
) -> ClinicalDirector:
    return services.clinical_director_appoint(pcn=pcn, name=name, start=start)


def ensure_rates():
    """The shipped rate schedules, loaded once: the session loads them into the test database
    (tests/conftest.py), so this is one query unless a transactional test emptied the tables."""
    from funding import services as funding_services
    from funding.models import RateSchedule

    if not RateSchedule.objects.filter(slug="national").exists():
        funding_services.rates_load()


def user(user_type: str, *, commissioners=(), pcn=None, username=None, **scope):
    """A person of ``user_type``; ``scope`` may give start, end and manages_users."""
    return services.user_create(
        username=username or f"{user_type}-{next(_seq)}",
        password="correct-horse-battery",
        user_type=user_type,
        commissioners=commissioners,
        pcn=pcn,
        **scope,
    )


__all__ = [
    "CommissionerFactory",
    "PracticeFactory",
    "PCNFactory",
    "ListSize",
    "Membership",
    "member",
    "clinical_director",
    "user",
    "ensure_rates",
]

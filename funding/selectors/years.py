"""Reads of financial years, rate schedules by name and the funding index, scoped by user."""

from dataclasses import dataclass
from datetime import date

from django.http import Http404

from funding.models import NATIONAL, FinancialYear, RateSchedule


def financial_year_for_label(text: str) -> FinancialYear | None:
    """The year labelled ``2020/21`` (or written ``2020-21``, as in URLs), or None."""
    return FinancialYear.objects.filter(label=text.strip().replace("-", "/")).first()


def financial_year_by_slug(slug: str) -> FinancialYear:
    """The year named in a URL or command (``2020-21`` or ``2020/21``), else 404."""
    year = financial_year_for_label(slug)
    if year is None:
        raise Http404(f"No financial year {slug} is set up.")
    return year


def financial_years() -> list[FinancialYear]:
    """Every financial year set up, in order (one query): the pages' year pickers list them, and
    ``financial_year_in`` finds the page's own year among them without another query."""
    return list(FinancialYear.objects.all())


def financial_year_in(years: list[FinancialYear], slug: str) -> FinancialYear:
    """The year named ``slug`` (``2020-21`` or ``2020/21``) among ``years``, else 404."""
    label = slug.strip().replace("-", "/")
    year = next((y for y in years if y.label == label), None)
    if year is None:
        raise Http404(f"No financial year {slug} is set up.")
    return year


def financial_year_containing(day: date) -> FinancialYear | None:
    return FinancialYear.objects.containing(day).first()


def schedule_by_slug(slug: str | None = None) -> RateSchedule:
    """The schedule named ``slug`` (default ``national``); LookupError with the known names."""
    slug = (slug or NATIONAL).strip()
    schedule = RateSchedule.objects.filter(slug=slug).first()
    if schedule is None:
        known = ", ".join(RateSchedule.objects.values_list("slug", flat=True)) or "none loaded"
        raise LookupError(f"No rate schedule {slug!r} (known: {known}).")
    return schedule


def national_schedule() -> RateSchedule:
    """The schedule claims and statements use."""
    return schedule_by_slug(NATIONAL)


def get_funding_commissioner_for(user, code: str):
    """A commissioner whose funding pages ``user`` may see, else 404: administrators, and
    contract managers and finance of that commissioner. A Clinical Director or PCN manager sees
    only their own PCN's statement, not the other PCNs' figures."""
    from networks.scopes import scope_for
    from networks.selectors import get_commissioner_for

    commissioner = get_commissioner_for(user, code)
    scope = scope_for(user)
    if not (scope.sees_everything or scope.sees_commissioner(commissioner.pk)):
        raise Http404("No commissioner with that code is in your scope.")
    return commissioner


@dataclass(frozen=True)
class FundingIndex:
    years: list[FinancialYear]
    latest: FinancialYear | None
    commissioners: list
    pcns: list


def funding_index(user, today: date) -> FundingIndex:
    """What the funding index lists for ``user``: the years set up (latest first), and the
    commissioners or the PCN in scope."""
    from networks.models import PCN, Commissioner
    from networks.scopes import scope_for

    scope = scope_for(user)
    years = list(FinancialYear.objects.order_by("-start"))
    latest = next((y for y in years if y.start <= today), years[-1] if years else None)
    commissioners = []
    if scope.sees_everything or scope.commissioner_ids:
        commissioners = list(scope.filter_commissioners(Commissioner.objects.order_by("name")))
    pcns = []
    if scope.is_pcn_user:
        pcns = list(PCN.objects.visible_to(user).order_by("name"))
    return FundingIndex(years, latest, commissioners, pcns)

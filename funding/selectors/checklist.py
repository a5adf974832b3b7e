"""Reads for setting a financial year up: the values ``funding.readiness`` checks, loaded in a
fixed number of queries, and the one cheap query the banner asks.

Funding does not import workforce: which roles have someone in post in a year comes from a
provider workforce registers when the apps are ready (``WorkforceConfig.ready``), as for ARRS use
(``funding.arrs_use``)."""

from collections.abc import Callable
from datetime import date, timedelta

from django.core.cache import cache
from django.utils import timezone

from funding import rules
from funding.engine import rates_in_year, streams_in_year
from funding.models import NATIONAL, ArrsRole, ArrsSumRule, Basis, FinancialYear, RateSchedule
from funding.rules import readiness
from funding.selectors.arrs import role_rates, sum_rule

RolesInUse = Callable[[date, date], set[int]]
_roles_in_use: RolesInUse | None = None


def register_roles_in_use(provider: RolesInUse) -> None:
    """Set the function giving the ids of roles with someone in post between two days
    (workforce.readiness.roles_in_use)."""
    global _roles_in_use
    _roles_in_use = provider


def roles_in_use(start: date, end: date) -> set[int]:
    return _roles_in_use(start, end) if _roles_in_use else set()


def previous_year(year: FinancialYear) -> FinancialYear | None:
    return FinancialYear.objects.filter(end=year.start - timedelta(days=1)).first()


def latest_year() -> FinancialYear | None:
    return FinancialYear.objects.order_by("-start").first()


BANNER_SECONDS = 60
_NONE = "ready"


def banner_key(today: date) -> str:
    return f"funding:year-needing-setup:{today.isoformat()}"


def year_needing_setup(today: date) -> FinancialYear | None:
    """The year containing ``today`` while it is not marked ready: one small query, kept in the
    process's cache for a minute (the banner only points at the checklist; the checks that
    hold claims read the rows themselves). Creating or marking a year ready forgets it."""
    found = cache.get(banner_key(today))
    if found is None:
        found = (
            FinancialYear.objects.containing(today)
            .filter(ready_at__isnull=True)
            .only("label", "start")
            .first()
        ) or _NONE
        cache.set(banner_key(today), found, BANNER_SECONDS)
    return None if isinstance(found, str) else found


def forget_banner() -> None:
    cache.delete(banner_key(timezone.localdate()))


BASIS_NAMES = {value: label.lower() for value, label in Basis.choices}


def _stream_texts(year: FinancialYear, schedule, as_known_on) -> dict[str, tuple]:
    """Each stream's rate rows in the year as (text, figures to compare, source)."""
    texts: dict[str, tuple[list, list, readiness.Sourced]] = {}
    for rate, source in rates_in_year(year, schedule, as_known_on):
        parts = " + ".join(
            f"{readiness.money_text(c.amount_per_unit)} × {BASIS_NAMES.get(c.basis, c.basis)}"
            for c in rate.components
        )
        text = f"{parts} ({rate.period.start:%-d %b %Y} – {rate.period.end:%-d %b %Y})"
        figures = tuple((c.basis, c.amount_per_unit.normalize()) for c in rate.components)
        sourced = readiness.Sourced(source.status, source.source, source.announced_on)
        entry = texts.setdefault(rate.stream, ([], [], sourced))
        entry[0].append(text)
        entry[1].append(figures)
    return {slug: ("; ".join(t), tuple(f), s) for slug, (t, f, s) in texts.items()}


def _sum_rule_facts(year: FinancialYear | None, schedule, as_known_on):
    rule = sum_rule(year, schedule, as_known_on) if year else None
    if rule is None:
        return None
    if rule.method == ArrsSumRule.Method.PER_HEAD:
        text = f"{readiness.money_text(rule.per_head)} per weighted patient"
    else:
        text = f"{rule.minimum_wte} WTE per {rule.population_per_wte:,} weighted patients"
    if rule.gp_per_head is not None:
        text += f"; GP sum {readiness.money_text(rule.gp_per_head)} per weighted patient"
    text += "; unused sums " + ("may" if rule.redistribution_allowed else "may not")
    text += " be redistributed"
    compare = (rule.method, rule.per_head, rule.gp_per_head, rule.redistribution_allowed)
    sourced = readiness.Sourced(rule.get_status_display(), rule.source, rule.announced_on)
    return readiness.SumRuleFacts(text, compare, sourced)


def year_checklist(
    year: FinancialYear,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
) -> readiness.Checklist:
    """The checklist of ``year`` in ``schedule`` (default national) as known on ``as_known_on``
    (default today), compared with the year before; about a dozen queries."""
    as_known_on = as_known_on or timezone.localdate()
    last = previous_year(year)
    this_rates = _stream_texts(year, schedule, as_known_on)
    last_rates = _stream_texts(last, schedule, as_known_on) if last else {}
    streams = []
    for info in streams_in_year(year):
        now, before = this_rates.get(info.slug), last_rates.get(info.slug)
        streams.append(
            readiness.StreamFacts(
                info.slug,
                info.name,
                info.recorded,
                now[0] if now else None,
                before[0] if before else None,
                now[1] if now else (),
                before[1] if before else (),
                now[2] if now else readiness.Sourced(),
            )
        )
    rates = role_rates(None, schedule)
    in_use = roles_in_use(year.start, year.end)
    roles = [
        readiness.RoleFacts(r.slug, r.name, tuple(rates.get(r.pk, [])), r.pk in in_use)
        for r in ArrsRole.objects.order_by("name")
    ]
    return readiness.checklist(
        year=year.label,
        last_year=last.label if last else None,
        start=year.start,
        end=year.end,
        streams=streams,
        sum_rule=_sum_rule_facts(year, schedule, as_known_on),
        last_sum_rule=_sum_rule_facts(last, schedule, as_known_on),
        roles=roles,
        as_known_on=as_known_on,
    )


def claim_month_gaps(role_names: dict[int, str], month: date) -> list[str]:
    """What a claim for ``month`` lacks for the given roles (id → name) on the national schedule
    as known today (``funding.readiness.claim_gaps``); two queries."""
    rates: dict[int, list[rules.RoleRate]] = role_rates(list(role_names))
    return readiness.claim_gaps(
        [(name, rates.get(pk, [])) for pk, name in role_names.items()],
        month,
        timezone.localdate(),
    )


def schedule_label(schedule: RateSchedule | None) -> str:
    return schedule.slug if schedule else NATIONAL

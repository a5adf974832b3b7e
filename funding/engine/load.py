"""Loading a year's inputs for a set of PCNs in a fixed number of queries, whatever their number."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import FilteredRelation, Q
from django.utils import timezone

from funding import rules, selectors
from funding.engine.values import Member, RateSource, StreamInfo, YearInputs
from funding.models import FinancialYear, PaymentRate, PaymentStream, RateSchedule, RecordedPayment
from networks.models import CareHomeBeds, Membership


def streams_in_year(year: FinancialYear) -> list[StreamInfo]:
    """The streams in force on any day of the year, in statement order (one query)."""
    rows = PaymentStream.objects.filter(starts_on__lte=year.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=year.start)
    )
    return [StreamInfo(s.slug, s.name, s.paid_to, s.recorded) for s in rows]


@dataclass(frozen=True)
class _RateRow:
    stream_id: int
    stream: str
    position: int
    paid_to: str
    recorded: bool
    period_start: date
    period_end: date
    announced_on: date
    backdated_members_on: date | None
    source: str
    status: str
    components: list


def rates_in_year(
    year: FinancialYear, schedule: RateSchedule | None = None, as_known_on: date | None = None
) -> list[tuple[rules.StreamRate, RateSource]]:
    """The rate rows of ``schedule`` (default national) whose period lies within the year, as
    known on ``as_known_on`` (default today): for each stream and period start the latest
    announcement (2022/23 extended hours: April–September only). One query: each rate with its
    stream and components, as plain values (model instances cost more than the query)."""
    as_known_on = as_known_on or timezone.localdate()
    qs = PaymentRate.objects.filter(
        period_start__gte=year.start, period_end__lte=year.end, announced_on__lte=as_known_on
    )
    qs = qs.filter(schedule=schedule) if schedule else qs.filter(schedule__slug="national")
    status_labels = dict(PaymentRate._meta.get_field("status").flatchoices)
    rows: dict[int, _RateRow] = {}
    for (
        pk,
        stream_id,
        slug,
        position,
        paid_to,
        recorded,
        period_start,
        period_end,
        announced_on,
        backdated,
        source,
        status,
        basis,
        amount,
    ) in qs.order_by(
        "period_start", "stream__position", "announced_on", "pk", "components__id"
    ).values_list(
        "pk",
        "stream_id",
        "stream__slug",
        "stream__position",
        "stream__paid_to",
        "stream__recorded",
        "period_start",
        "period_end",
        "announced_on",
        "backdated_members_on",
        "source",
        "status",
        "components__basis",
        "components__amount_per_unit",
    ):
        if pk not in rows:
            rows[pk] = _RateRow(
                stream_id,
                slug,
                position,
                paid_to,
                recorded,
                period_start,
                period_end,
                announced_on,
                backdated,
                source,
                str(status_labels.get(status, status)),
                [],
            )
        if basis is not None:
            rows[pk].components.append(rules.Component(basis, amount))
    latest = rules.latest_announcements(
        list(rows.values()), key=lambda r: (r.stream_id, r.period_start)
    )
    latest.sort(key=lambda r: (r.position, r.stream, r.period_start))
    return [
        (
            rules.StreamRate(
                r.stream,
                period=rules.Period(r.period_start, r.period_end),
                paid_to=r.paid_to,
                backdated_members_on=r.backdated_members_on,
                components=r.components,
                recorded=r.recorded,
            ),
            RateSource(r.source, r.status, r.announced_on),
        )
        for r in latest
    ]


def _members(year: FinancialYear, pcn_ids) -> dict[int, list[Member]]:
    """The memberships overlapping the year with each practice's lists at the reference date, in
    one query (a practice has at most one list size a date)."""
    rows = (
        Membership.objects.filter(pcn_id__in=pcn_ids)
        .overlapping(year.start, year.end)
        .annotate(
            size=FilteredRelation(
                "practice__list_sizes",
                condition=Q(practice__list_sizes__reference_date=year.reference_date),
            )
        )
        .order_by("practice__name", "start")
        .values_list(
            "pcn_id",
            "practice_id",
            "practice__code",
            "practice__name",
            "start",
            "end",
            "size__id",
            "size__registered",
            "size__weighted",
            "size__adjusted",
        )
    )
    members: dict[int, list[Member]] = defaultdict(list)
    for pcn_id, practice_id, code, name, start, end, size, registered, weighted, adjusted in rows:
        has_list = size is not None
        members[pcn_id].append(
            Member(
                practice_id,
                code,
                name,
                start,
                end,
                registered if has_list else 0,
                weighted if weighted is not None else Decimal(0),
                has_list,
                weighted is not None,
                adjusted if adjusted is not None else Decimal(0),
                adjusted is not None,
            )
        )
    return members


def load_year(
    year: FinancialYear,
    pcns,
    schedule: RateSchedule | None = None,
    as_known_on: date | None = None,
) -> YearInputs:
    """Load the year's inputs for ``pcns`` in a fixed number of queries, whatever their number:
    streams (1), rates with their components (2), memberships with their practices and list
    sizes (1), care-home beds (1, only when a rate is paid per bed), recorded payments (1, only
    when a stream is recorded) and the ARRS rule with its roles and their maxima (3)."""
    as_known_on = as_known_on or timezone.localdate()
    pcns = list(pcns)
    pcn_ids = [p.pk for p in pcns]
    streams = streams_in_year(year)
    rates = rates_in_year(year, schedule, as_known_on)
    beds: dict[int, dict[date, int]] = defaultdict(dict)
    if any(rate.per_bed for rate, _ in rates):
        for row in CareHomeBeds.objects.filter(
            pcn_id__in=pcn_ids, month__gte=year.start, month__lte=year.end
        ):
            beds[row.pcn_id][row.month] = row.beds
    recorded: dict[tuple[int, str], list] = defaultdict(list)
    if any(s.recorded for s in streams) or any(rate.recorded for rate, _ in rates):
        for row in RecordedPayment.objects.filter(
            pcn_id__in=pcn_ids, period_start__gte=year.start, period_end__lte=year.end
        ).select_related("stream"):
            recorded[(row.pcn_id, row.stream.slug)].append(row)
    return YearInputs(
        year,
        pcns,
        streams,
        rates,
        selectors.arrs_terms(year, schedule, as_known_on),
        _members(year, pcn_ids),
        beds,
        recorded,
        schedule.slug if schedule else "national",
        as_known_on,
    )

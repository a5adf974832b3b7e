"""What an audit row is, the filters a search applies, and the shape of a source of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    who: str
    kind: str
    subject: str
    pcn: str
    change: str
    reason: str
    url: str = ""


KINDS = {
    "claim": "Claim event",
    "baseline": "Baseline event",
    "payment_rate": "Payment rate",
    "role_rate": "ARRS role rate",
    "sum_rule": "ARRS sum rule",
    "list_size": "List size",
}


def _moment(day: date | None, *, end: bool = False) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=1) if end else day, time()))


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    person: str = ""
    kind: str = ""
    pcn: str = ""


class Source:
    """One kind of audit row: a filtered queryset, newest first, and how a row reads."""

    kind = ""
    time_field = ""
    has_pcn = True

    def queryset(self, f: Filters):
        raise NotImplementedError

    def row(self, obj) -> AuditRow:
        raise NotImplementedError

    def filtered(self, f: Filters):
        if f.kind and f.kind != self.kind:
            return None
        if f.pcn and not self.has_pcn:
            return None
        qs = self.queryset(f)
        if f.start:
            qs = qs.filter(**{f"{self.time_field}__gte": _moment(f.start)})
        if f.end:
            qs = qs.filter(**{f"{self.time_field}__lt": _moment(f.end, end=True)})
        return qs.order_by(f"-{self.time_field}", "-pk")

    def rows(self, qs, limit: int | None) -> list[AuditRow]:
        return [self.row(obj) for obj in (qs[:limit] if limit is not None else qs.iterator())]

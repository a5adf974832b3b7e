"""The audit trail, read: change history with field diffs, and the administrators' audit search
across claim events, baseline events and the history of rates and list sizes.

Nothing here writes. The rows come from ``workforce.models.ClaimEvent`` and ``BaselineEvent``
(written by the services in the same transaction as each step) and from django-simple-history
(written on every save, admin saves included, with the person from HistoryRequestMiddleware).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import django_tables2 as tables
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from networks.scopes import UserType, scope_for
from pcnadmin.exports import table_csv_response
from pcnadmin.history import history_entry

PER_PAGE = 50


# --- the audit search ---------------------------------------------------------------------------


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


class AuditFilterForm(forms.Form):
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input"}),
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input"}),
    )
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Everything"), *KINDS.items()],
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    pcn = forms.CharField(
        label="PCN code",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-10"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The “from” date is after the “to” date.")
        return data


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


def _status(choices, value) -> str:
    return str(dict(choices).get(value, value)) if value else "—"


class ClaimEvents(Source):
    kind, time_field = "claim", "at"

    def queryset(self, f):
        from workforce.models import ClaimEvent

        qs = ClaimEvent.objects.select_related("claim__pcn")
        if f.person:
            qs = qs.filter(by_name__icontains=f.person)
        if f.pcn:
            qs = qs.filter(claim__pcn__code__iexact=f.pcn)
        return qs

    def row(self, e):
        from workforce.models import ClaimStatus

        change = (
            f"{_status(ClaimStatus.choices, e.from_status)} → "
            f"{_status(ClaimStatus.choices, e.to_status)}"
        )
        if e.amount is not None:
            change += f", £{e.amount:,.2f}"
        return AuditRow(
            e.at,
            e.by_name,
            KINDS[self.kind],
            f"{e.claim.reference} ({e.claim.month:%B %Y})",
            e.claim.pcn.code,
            change,
            e.reason,
            reverse("workforce:claim_history", args=[e.claim_id]),
        )


class BaselineEvents(Source):
    kind, time_field = "baseline", "at"

    def queryset(self, f):
        from workforce.models import BaselineEvent

        qs = BaselineEvent.objects.select_related("baseline__pcn")
        if f.person:
            qs = qs.filter(by_name__icontains=f.person)
        if f.pcn:
            qs = qs.filter(baseline__pcn__code__iexact=f.pcn)
        return qs

    def row(self, e):
        from workforce.models import BaselineStatus

        return AuditRow(
            e.at,
            e.by_name,
            KINDS[self.kind],
            f"Baseline version {e.baseline.version}",
            e.baseline.pcn.code,
            f"{_status(BaselineStatus.choices, e.from_status)} → "
            f"{_status(BaselineStatus.choices, e.to_status)}; {e.entries}",
            e.reason,
            reverse("workforce:baseline_history", args=[e.baseline.pcn.code]),
        )


def _person_q(text: str) -> Q:
    q = Q(history_user__username__icontains=text)
    for part in text.split():
        q |= Q(history_user__first_name__icontains=part) | Q(
            history_user__last_name__icontains=part
        )
    return q


class HistorySource(Source):
    """django-simple-history records of one model."""

    time_field = "history_date"
    has_pcn = False
    model = None
    url_kind = ""

    def base(self):
        return self.model.history.select_related("history_user")

    def queryset(self, f):
        qs = self.base()
        if f.person:
            qs = qs.filter(_person_q(f.person))
        return qs

    def rows(self, qs, limit):
        records = list(qs[:limit] if limit is not None else qs)
        previous = self._previous(records)
        return [self.row_with(r, previous.get(r.history_id)) for r in records]

    def _previous(self, records) -> dict:
        """The record before each of ``records`` (same object, earlier), in one query."""
        if not records:
            return {}
        earlier = (
            self.base()
            .filter(
                id__in={r.id for r in records},
                history_date__lte=max(r.history_date for r in records),
            )
            .order_by("id", "history_date", "history_id")
        )
        result, last = {}, {}
        for record in earlier:
            result[record.history_id] = last.get(record.id)
            last[record.id] = record
        return result

    def row(self, record):
        return self.row_with(record, record.prev_record)

    def subject(self, record) -> str:
        return str(record.instance)

    def pcn_of(self, record) -> str:
        return ""

    def row_with(self, record, previous):
        entry = history_entry(record, previous)
        url = (
            reverse("funding:rate_history", args=[self.url_kind, record.id])
            if self.url_kind
            else ""
        )
        return AuditRow(
            entry.at,
            entry.who,
            KINDS[self.kind],
            self.subject(record),
            self.pcn_of(record),
            f"{entry.action}: {entry.summary}" if entry.changes else entry.action,
            entry.reason,
            url,
        )


class PaymentRates(HistorySource):
    kind, url_kind = "payment_rate", "payment-rate"

    @property
    def model(self):
        from funding.models import PaymentRate

        return PaymentRate


class RoleRates(HistorySource):
    kind, url_kind = "role_rate", "role-rate"

    @property
    def model(self):
        from funding.models import ArrsRoleRate

        return ArrsRoleRate

    def base(self):
        return super().base().select_related("role")


class SumRules(HistorySource):
    kind, url_kind = "sum_rule", "sum-rule"

    @property
    def model(self):
        from funding.models import ArrsSumRule

        return ArrsSumRule

    def base(self):
        return super().base().select_related("financial_year")


class ListSizes(HistorySource):
    kind = "list_size"
    has_pcn = True

    @property
    def model(self):
        from networks.models import ListSize

        return ListSize

    def base(self):
        from networks.models import Membership

        memberships = Membership.objects.filter(practice_id=OuterRef("practice_id"))
        # The PCN the practice was in when the change was recorded (else its first PCN).
        when = memberships.filter(start__lte=OuterRef("history_date")).order_by("-start")
        first = memberships.order_by("start")
        return (
            super()
            .base()
            .select_related("practice")
            .annotate(
                pcn_code=Coalesce(
                    Subquery(when.values("pcn__code")[:1]), Subquery(first.values("pcn__code")[:1])
                )
            )
        )

    def queryset(self, f):
        qs = super().queryset(f)
        if f.pcn:
            qs = qs.filter(pcn_code__iexact=f.pcn)
        return qs

    def pcn_of(self, record):
        return record.pcn_code or ""

    def subject(self, record):
        return f"{record.practice} list size at {record.reference_date:%-d %B %Y}"


SOURCES = (ClaimEvents(), BaselineEvents(), PaymentRates(), RoleRates(), SumRules(), ListSizes())


class AuditRows:
    """The audit rows of every source, newest first, as a sequence django-tables2 can page:
    ``len`` counts each source; a page reads at most ``stop`` rows of each and merges them."""

    def __init__(self, filters: Filters):
        self.parts = [(s, qs) for s in SOURCES if (qs := s.filtered(filters)) is not None]
        self._len = None

    def __len__(self):
        if self._len is None:
            self._len = sum(qs.count() for _, qs in self.parts)
        return self._len

    def _merged(self, limit: int | None):
        streams = [source.rows(qs, limit) for source, qs in self.parts]
        return heapq.merge(*streams, key=lambda r: r.at, reverse=True)

    def __getitem__(self, index):
        if isinstance(index, slice):
            stop = index.stop if index.stop is not None else None
            rows = list(self._merged(stop))
            return rows[index]
        return list(self._merged(index + 1))[index]

    def __iter__(self):
        return iter(self._merged(None))


class AuditTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="When", format="j M Y H:i:s", orderable=False)
    who = tables.Column("Who", orderable=False)
    kind = tables.Column("Kind", orderable=False)
    subject = tables.Column("What", orderable=False)
    pcn = tables.Column("PCN", orderable=False)
    change = tables.Column("Change", orderable=False)
    reason = tables.Column("Reason", orderable=False)

    class Meta:
        empty_text = "Nothing in the audit trail matches. Widen the dates or clear the filters."

    def render_subject(self, record, value):
        return format_html('<a href="{}">{}</a>', record.url, value) if record.url else value

    def value_subject(self, record, value):
        return value


def require_administrator(user) -> None:
    if scope_for(user).user_type != UserType.ADMINISTRATOR:
        raise PermissionDenied("The audit search is for administrators.")


@require_GET
def audit_search(request):
    require_administrator(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = Filters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            filters = Filters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
        else:
            status = 400
    table = AuditTable(AuditRows(filters) if status == 200 else [])
    exporting = request.GET.get("export") == "csv"
    RequestConfig(request, paginate=False if exporting else {"per_page": PER_PAGE}).configure(table)
    if exporting and status == 200:
        return table_csv_response(table, f"audit-{timezone.localdate().isoformat()}.csv")
    return render(request, "audit/search.html", {"form": form, "table": table}, status=status)

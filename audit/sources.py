"""The sources of the audit trail. The rows come from ``workforce.models.ClaimEvent`` and
``BaselineEvent`` (written by the services in the same transaction as each step) and from
django-simple-history (written on every save, admin saves included, with the person from
HistoryRequestMiddleware). Nothing here writes."""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from audit.rows import KINDS, AuditRow, Source
from pcnadmin.history import history_entry


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

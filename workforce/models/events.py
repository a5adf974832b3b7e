"""The append-only audit trails of claims and baselines: one row per step, written in the same
transaction as the step, never changed or deleted (pcnadmin.append_only)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from pcnadmin.append_only import AppendOnlyModel, AppendOnlyQuerySet
from pcnadmin.limits import EVENT_TEXT_MAX, limited_text
from workforce.models._fields import MONEY_FIELD
from workforce.models.baselines import Baseline, BaselineStatus
from workforce.models.claims import Claim, ClaimStatus


class ClaimEventQuerySet(AppendOnlyQuerySet):
    pass


class ClaimEvent(AppendOnlyModel):
    """Append-only audit row written in the same transaction as each claim transition. It cannot
    be changed or deleted (pcnadmin.append_only), in the admin or anywhere else."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)
    from_status = models.CharField(max_length=10, choices=ClaimStatus, blank=True)
    to_status = models.CharField(max_length=10, choices=ClaimStatus)
    amount = models.DecimalField(**MONEY_FIELD, null=True, blank=True)
    reason = limited_text(EVENT_TEXT_MAX, blank=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.claim} {self.from_status or '—'} → {self.to_status} by {self.by_name}"


class BaselineEventQuerySet(AppendOnlyQuerySet):
    pass


class BaselineEvent(AppendOnlyModel):
    """Append-only audit row for each step of a baseline version: drafted (a correction with its
    reason), entries changed, signed off, sent back with a reason, accepted, superseded. Written
    in the same transaction as the step; never changed or deleted."""

    baseline = models.ForeignKey(Baseline, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)
    from_status = models.CharField(max_length=12, choices=BaselineStatus, blank=True)
    to_status = models.CharField(max_length=12, choices=BaselineStatus)
    reason = limited_text(EVENT_TEXT_MAX, blank=True)
    entries = models.TextField(blank=True, help_text="The WTE by role after this step.")

    objects = BaselineEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.baseline} {self.from_status or '—'} → {self.to_status} by {self.by_name}"

"""Baselines: one version of a PCN's workforce at 31 March 2019, drafted, signed off and accepted
(workforce.lifecycle), and its WTE by role."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from funding.models import ArrsRole
from networks.models import PCN
from pcnadmin.limits import BASELINE_REASON_MAX, limited_text
from workforce import lifecycle
from workforce.models._fields import WTE_FIELD
from workforce.rules import BASELINE_DATE


class BaselineStatus(models.TextChoices):
    DRAFT = "draft", "Draft"  # the PCN is preparing it; entries may change
    SIGNED_OFF = "signed_off", "Signed off"  # the Clinical Director signed it; awaiting acceptance
    ACCEPTED = (
        "accepted",
        "Accepted",
    )  # the commissioner accepted it: locked, used for additionality
    SUPERSEDED = "superseded", "Superseded"  # a later accepted version replaced it; kept as history


class Baseline(models.Model):
    """One version of a PCN's baseline workforce at 31 March 2019 (DES rules §7). A correction to
    an accepted baseline is a new version with a reason; earlier versions stay as history."""

    pcn = models.ForeignKey(PCN, on_delete=models.PROTECT, related_name="baselines")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=BaselineStatus, default=BaselineStatus.DRAFT)
    baseline_date = models.DateField(default=BASELINE_DATE)
    reason = limited_text(
        BASELINE_REASON_MAX, blank=True, help_text="Why this version corrects the previous one."
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drafted_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_by_name = models.CharField(max_length=150, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_by_name = models.CharField(max_length=150, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pcn__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["pcn", "version"], name="baseline_unique_version"),
            models.UniqueConstraint(
                fields=["pcn"],
                condition=Q(status__in=["draft", "signed_off"]),
                name="baseline_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["pcn"], condition=Q(status="accepted"), name="baseline_one_accepted"
            ),
        ]

    def __str__(self):
        return f"{self.pcn} baseline v{self.version} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return lifecycle.baseline_allows(self.status, "edit")


class BaselineEntry(models.Model):
    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="entries")
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="+")
    wte = models.DecimalField(
        "WTE", **{**WTE_FIELD, "max_digits": 6}, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["role__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "role"], name="baseline_entry_one_per_role"
            ),
            models.CheckConstraint(condition=Q(wte__gte=0), name="baseline_entry_wte_not_negative"),
        ]

    def __str__(self):
        return f"{self.role}: {self.wte} WTE"

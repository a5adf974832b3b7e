"""The staff register: people in reimbursable roles, with dated terms (role, WTE, band)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from funding.models import ArrsRole
from networks.models import PCN, Area, Practice
from pcnadmin.append_only import AppendOnlyHistory
from workforce.models._fields import WTE_FIELD


class StaffQuerySet(models.QuerySet):
    def visible_to(self, user):
        from networks.scopes import scope_for

        return scope_for(user).filter_pcns(self, via="pcn")


class Staff(models.Model):
    """A person employed or engaged in a reimbursable role by the PCN or a member practice. Their
    role, WTE and band are dated ``StaffTerm`` rows: a change is a new term, never an overwrite."""

    pcn = models.ForeignKey(PCN, on_delete=models.PROTECT, related_name="staff")
    name = models.CharField(max_length=150)
    employer = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member practice that employs them; blank when the PCN does.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    in_baseline = models.BooleanField(
        "counts in the baseline",
        default=False,
        help_text="In post at 31 March 2019 and counted in the baseline workforce.",
    )
    transferred = models.BooleanField(
        "transferred from the national scheme",
        default=False,
        help_text="A clinical pharmacist transferred from NHS England's Clinical Pharmacists in "
        "General Practice scheme (or Medicines Optimisation in Care Homes) by 30 September 2019: "
        "reimbursable although in post before the baseline.",
    )
    area = models.CharField(
        max_length=12,
        choices=Area,
        blank=True,
        help_text="Where the post is, for the ARRS maxima, when it differs from the PCN's area.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StaffQuerySet.as_manager()
    # Every change to the record (a leaving date moved, a name corrected), who and when; role,
    # WTE and band changes are dated StaffTerm rows with who, when and why.
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["name", "start_date"]
        verbose_name_plural = "staff"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="staff_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.pcn.code})"


class StaffTerm(models.Model):
    """A staff member's role, WTE and band from ``effective_from`` until the next term."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="terms")
    effective_from = models.DateField()
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="+")
    wte = models.DecimalField(
        "WTE",
        **WTE_FIELD,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["staff", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "effective_from"], name="staff_term_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(wte__gt=0) & Q(wte__lte=1), name="staff_term_wte_range"
            ),
        ]

    def __str__(self):
        return f"{self.staff.name} from {self.effective_from}: {self.role} {self.wte} WTE"

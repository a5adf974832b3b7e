"""Who is paid for: baselines (versioned, signed off), the staff register (dated terms), monthly
ARRS claims with their lines, the append-only claim audit trail, evidence and payment runs.

Rows are written only by ``workforce.services`` (style.md §1).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from funding.models import ArrsRole, FinancialYear
from networks.models import PCN, Area, Practice
from pcnadmin.append_only import AppendOnlyHistory, AppendOnlyModel, AppendOnlyQuerySet
from pcnadmin.limits import BASELINE_REASON_MAX, EVENT_TEXT_MAX, TEXT_MAX, limited_text
from workforce import lifecycle

BASELINE_DATE = date(2019, 3, 31)  # DES rules §7: WTE in post at 31 March 2019

WTE_FIELD = {"max_digits": 4, "decimal_places": 2}
MONEY_FIELD = {"max_digits": 12, "decimal_places": 2}


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


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", "Draft"  # the PCN is preparing it; only the PCN sees it
    SUBMITTED = "submitted", "Submitted"  # waiting for the commissioner; 5 working days to respond
    QUERIED = "queried", "Queried"  # the commissioner asked a question; the PCN answers, resubmits
    APPROVED = "approved", "Approved"  # the commissioner agreed an amount; waiting for payment
    REJECTED = "rejected", "Rejected"  # refused with a reason; final
    PAID = "paid", "Paid"  # included in a payment run by finance; final


OPEN_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, ClaimStatus.QUERIED)
PENDING_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.QUERIED)
APPROVED_STATUSES = (ClaimStatus.APPROVED, ClaimStatus.PAID)
EDITABLE_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.QUERIED)


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Claims of the PCNs in the user's scope (networks.scopes): everything else is a 404.
        A draft is the PCN's own work in progress: commissioners see a claim once it is submitted."""
        from networks.scopes import scope_for

        scope = scope_for(user)
        claims = scope.filter_pcns(self, via="pcn")
        return claims.exclude(status=ClaimStatus.DRAFT) if scope.is_commissioner_user else claims


class PaymentRun(models.Model):
    """Finance's dated batch of approved claims marked paid."""

    paid_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]

    def __str__(self):
        return f"Payment run {self.pk} on {self.paid_on}"


class Claim(models.Model):
    """A PCN's ARRS claim for one month, one line per staff member (DES rules §7). An adjustment
    claim (``adjusts`` set) corrects an approved or paid claim; its amounts may be negative."""

    pcn = models.ForeignKey(PCN, on_delete=models.PROTECT, related_name="claims")
    month = models.DateField(help_text="The first day of the month claimed.")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ClaimStatus, default=ClaimStatus.DRAFT)
    adjusts = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="adjustments"
    )
    adjustment_reason = limited_text(TEXT_MAX, blank=True)
    total = models.DecimalField(
        "amount claimed", **MONEY_FIELD, default=Decimal("0.00"), help_text="Σ line amounts."
    )
    approved_amount = models.DecimalField(**MONEY_FIELD, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by_name = models.CharField(max_length=150, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True, help_text="5 working days after submission.")
    decided_by_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    problem_count = models.PositiveIntegerField(
        default=0, help_text="Problems seen at the last submission (0: a clean claim)."
    )
    payment_run = models.ForeignKey(
        PaymentRun, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "pcn__name", "pk"]
        indexes = [
            models.Index(fields=["pcn", "month"]),
            models.Index(fields=["status", "due_on"]),
            # The national queue sorted by response due date or by month (docs: benchmarks/README).
            models.Index(fields=["due_on", "id"], name="claim_queue_due_on"),
            models.Index(fields=["month", "id"], name="claim_queue_month"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="claim_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(status__in=["approved", "paid"]),
                name="claim_approved_amount_only_when_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(payment_run__isnull=False),
                name="claim_paid_in_a_run",
            ),
        ]

    def __str__(self):
        kind = "Adjustment" if self.adjusts_id else "Claim"
        return f"{kind} {self.pk}: {self.pcn} {self.month:%B %Y}"

    @property
    def is_open(self) -> bool:
        """Not decided yet (workforce.lifecycle.OPEN)."""
        return self.status in lifecycle.OPEN

    @property
    def awaits_decision(self) -> bool:
        return lifecycle.awaits_decision(self.status)

    @property
    def is_adjustment(self) -> bool:
        return self.adjusts_id is not None

    @property
    def reference(self) -> str:
        return f"{'ADJ' if self.adjusts_id else 'CL'}-{self.pk:05d}"


class ClaimLine(models.Model):
    """One staff member's costs for the claim month, with the computation frozen: the role, WTE,
    percentage and maximum used are stored so a later rate edit does not change history."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="claim_lines")
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="+")
    wte = models.DecimalField("WTE", **WTE_FIELD)
    salary = models.DecimalField(**MONEY_FIELD, validators=[MinValueValidator(0)])
    employer_ni = models.DecimalField(
        "employer NI", **MONEY_FIELD, validators=[MinValueValidator(0)]
    )
    employer_pension = models.DecimalField(**MONEY_FIELD, validators=[MinValueValidator(0)])
    apprenticeship_levy = models.DecimalField(
        **MONEY_FIELD, default=Decimal("0.00"), validators=[MinValueValidator(0)]
    )
    actual_cost = models.DecimalField(**MONEY_FIELD)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    max_annual_per_wte = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    area = models.CharField(max_length=12, choices=Area, default=Area.NATIONAL)
    max_note = models.CharField(
        max_length=200, blank=True, help_text="How the maximum was chosen (e.g. no supplement)."
    )
    counts_against_gp_sum = models.BooleanField(default=False)
    percentage_amount = models.DecimalField(max_digits=14, decimal_places=4, default=0)
    cap = models.DecimalField(max_digits=14, decimal_places=4, default=0)
    capped = models.BooleanField(default=False)
    reimbursable = models.DecimalField(**MONEY_FIELD, default=Decimal("0.00"))
    previous_reimbursable = models.DecimalField(
        **MONEY_FIELD, null=True, blank=True, help_text="Adjustments: the original line's amount."
    )
    amount = models.DecimalField(
        **MONEY_FIELD, default=Decimal("0.00"), help_text="Reimbursable (less the original's)."
    )

    class Meta:
        ordering = ["staff__name"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "staff"], name="claim_line_one_per_staff")
        ]
        indexes = [
            models.Index(
                fields=["claim"],
                name="claimline_gp_sum",
                condition=Q(counts_against_gp_sum=True),
            )
        ]

    def __str__(self):
        return f"{self.staff.name}: £{self.amount}"


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


def evidence_path(instance, filename):
    # The stored name never comes from the uploader; the original name is kept as text.
    return f"evidence/{instance.claim_id}/{instance.token}{instance.extension}"


class Evidence(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=5)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_by_name = models.CharField(max_length=150)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name

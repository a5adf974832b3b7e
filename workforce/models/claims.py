"""Monthly ARRS claims with their lines (the computation frozen on each), and finance's payment
runs."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from funding.models import ArrsRole, FinancialYear
from networks.models import PCN, Area
from pcnadmin.limits import TEXT_MAX, limited_text
from workforce import lifecycle
from workforce.models._fields import MONEY_FIELD, WTE_FIELD
from workforce.models.staff import Staff


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

    @staticmethod
    def pk_from_reference(reference: str) -> int | None:
        """The claim id in a reference (``CL-00032``, ``ADJ-00040``), or None."""
        prefix, _, number = reference.partition("-")
        return int(number) if prefix in ("CL", "ADJ") and number.isdigit() else None


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

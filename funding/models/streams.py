"""Payment streams as data (DES rules §4; des-years.md §1): each stream has a payee and dates; each
rate row has one or more components (a basis and an amount per unit) and a period within one
financial year; amounts the commissioner assesses (CAIP, IIF) are recorded per PCN."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from funding.models.years import SourcedRow, financial_year_start_of
from pcnadmin.append_only import AppendOnlyHistory


class Basis(models.TextChoices):
    REGISTERED = "registered", "Registered patients"
    WEIGHTED = "weighted", "Weighted patients"
    ADJUSTED = "adjusted", "Adjusted population"
    CARE_HOME_BEDS = "care_home_beds", "Care-home beds aligned to the PCN"


class PaidTo(models.TextChoices):
    PCN = "pcn", "The PCN (its nominated payee)"
    PRACTICE = "practice", "Each member practice"


class PaymentStream(models.Model):
    """A payment stream of the DES (Clinical Director, core, Enhanced Access, …). Streams start and
    end by date (the Clinical Director payment merged into core from 2024/25; CASP and CAIP end
    31 March 2026): a year shows the streams in force in it."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    paid_to = models.CharField(max_length=10, choices=PaidTo, default=PaidTo.PCN)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    recorded = models.BooleanField(
        default=False,
        help_text="Paid on the commissioner's assessment: the amount is recorded per PCN (its "
        "rate, when set, is the most that can be earned).",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on statements.")
    description = models.TextField(blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class PaymentRate(SourcedRow):
    """A stream's amount for a stated period within one financial year (DES rules §4), made of
    components (2024/25 core = £2.218 × registered + £0.698 × adjusted). Paid in equal monthly
    instalments over the period. Within a schedule, rows of a stream whose periods overlap share
    their start and differ in ``announced_on``: the later announcement supersedes."""

    schedule = models.ForeignKey(
        "funding.RateSchedule", on_delete=models.PROTECT, related_name="payment_rates"
    )
    stream = models.ForeignKey(PaymentStream, on_delete=models.PROTECT, related_name="rates")
    period_start = models.DateField()
    period_end = models.DateField()
    backdated_members_on = models.DateField(
        "backdated for members on",
        null=True,
        blank=True,
        help_text=(
            "When set, a practice that is a member on this date is paid for the whole period, as "
            "if it had joined on the period start (2019/20: core funding and participation were "
            "backdated to 1 April 2019 for the members at the DES start, 1 July 2019)."
        ),
    )
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["period_start", "stream__position", "announced_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="rate_period_in_order"
            ),
            models.UniqueConstraint(
                fields=["schedule", "stream", "period_start", "announced_on"],
                name="one_rate_per_stream_start_announcement",
            ),
        ]

    def __str__(self):
        return f"{self.stream} {self.period_start}–{self.period_end} ({self.schedule})"

    def clean(self):
        if not (self.period_start and self.period_end):
            return
        if financial_year_start_of(self.period_start) != financial_year_start_of(self.period_end):
            raise ValidationError(
                "A rate's period lies within one financial year (1 April to 31 March); "
                "enter one row per year."
            )
        if self.backdated_members_on and not (
            self.period_start <= self.backdated_members_on <= self.period_end
        ):
            raise ValidationError(
                {"backdated_members_on": "The backdating date lies within the rate's period."}
            )
        if not (self.stream_id and self.schedule_id and self.announced_on):
            return
        clash = (
            PaymentRate.objects.filter(schedule_id=self.schedule_id, stream_id=self.stream_id)
            .exclude(pk=self.pk)
            .filter(period_start__lte=self.period_end, period_end__gte=self.period_start)
            .exclude(period_start=self.period_start, announced_on__lt=self.announced_on)
            .exclude(period_start=self.period_start, announced_on__gt=self.announced_on)
            .first()
        )
        if clash:
            raise ValidationError(
                f"This period overlaps the {clash.stream} rate from {clash.period_start} to "
                f"{clash.period_end}. To supersede a rate, start on the same day with a later "
                "announcement date."
            )


class PaymentRateComponent(models.Model):
    """One part of a rate: an amount per unit of a basis for the rate's period."""

    rate = models.ForeignKey(PaymentRate, on_delete=models.CASCADE, related_name="components")
    basis = models.CharField(max_length=20, choices=Basis)
    amount_per_unit = models.DecimalField(
        max_digits=10, decimal_places=5, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["rate", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rate", "basis"], name="one_component_per_basis")
        ]

    def __str__(self):
        return f"£{self.amount_per_unit} × {self.get_basis_display().lower()}"


class RecordedPayment(models.Model):
    """An amount the commissioner assessed or paid to a PCN for a stream that is not computed from
    a rate (Capacity and Access Improvement Payment, Investment and Impact Fund achievement):
    recorded, not scored (des-years.md §1)."""

    class State(models.TextChoices):
        ASSESSED = "assessed", "Assessed"
        PAID = "paid", "Paid"

    pcn = models.ForeignKey("networks.PCN", on_delete=models.PROTECT, related_name="+")
    stream = models.ForeignKey(
        PaymentStream, on_delete=models.PROTECT, related_name="recorded_payments"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    state = models.CharField(max_length=10, choices=State, default=State.ASSESSED)
    note = models.CharField(max_length=500, blank=True)
    recorded_by_name = models.CharField(max_length=150, blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["period_start", "pcn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="recorded_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["pcn", "stream", "period_start"], name="one_recorded_payment_per_start"
            ),
        ]

    def __str__(self):
        return f"{self.stream} {self.pcn_id} {self.period_start}: £{self.amount}"

    def clean(self):
        if self.period_start and self.period_end:
            if financial_year_start_of(self.period_start) != financial_year_start_of(
                self.period_end
            ):
                raise ValidationError("A recorded payment's period lies within one financial year.")

"""What is owed: financial years, effective-dated payment rates, the ARRS sum rule per year and
the ARRS role catalogue. Every rate is a row (DES rules §4–6), never a literal in code; rows are
written by ``funding.services`` and edited in the admin with their history kept.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from pcnadmin.append_only import AppendOnlyHistory

year_label_validator = RegexValidator(
    r"^\d{4}/\d{2}$", "A financial year is labelled like 2020/21."
)


def _overlaps(qs, start: date, end: date | None, start_field: str, end_field: str):
    """Rows of ``qs`` whose [start, end] period meets [start, end] (an open end is for ever)."""
    qs = qs.filter(Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start}))
    if end is not None:
        qs = qs.filter(**{f"{start_field}__lte": end})
    return qs


class FinancialYearQuerySet(models.QuerySet):
    def containing(self, day: date):
        return self.filter(start__lte=day, end__gte=day)


class FinancialYear(models.Model):
    """1 April to 31 March, labelled ``2020/21`` (DES rules §3). Payments use list sizes at the
    reference date, 1 January before the year starts (§2)."""

    label = models.CharField(max_length=7, unique=True, validators=[year_label_validator])
    start = models.DateField(unique=True)
    end = models.DateField(unique=True)
    reference_date = models.DateField(help_text="List sizes at this date are used for payments.")

    history = HistoricalRecords(bases=[AppendOnlyHistory])

    objects = FinancialYearQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="year_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(reference_date__lt=models.F("start")), name="reference_date_before_year"
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.start and self.label and self.label[:4] != str(self.start.year):
            raise ValidationError({"label": f"{self.label} does not start in {self.start.year}."})
        if self.start and (self.start.month, self.start.day) != (4, 1):
            raise ValidationError({"start": "A financial year starts on 1 April."})
        if self.start and self.end and self.end != date(self.start.year + 1, 3, 31):
            raise ValidationError({"end": "A financial year ends on 31 March."})

    @property
    def slug(self) -> str:
        """The label as it appears in URLs: 2020/21 → 2020-21."""
        return self.label.replace("/", "-")


class Stream(models.TextChoices):
    CLINICAL_DIRECTOR = "clinical_director", "Clinical Director contribution"
    CORE = "core", "Core PCN funding"
    EXTENDED_HOURS = "extended_hours", "Extended hours access"
    PARTICIPATION = "participation", "Network participation payment"


class Basis(models.TextChoices):
    REGISTERED = "registered", "Registered patients"
    WEIGHTED = "weighted", "Weighted patients"


class PaidTo(models.TextChoices):
    PCN = "pcn", "The PCN (its nominated payee)"
    PRACTICE = "practice", "Each member practice"


def financial_year_start_of(day: date) -> date:
    """1 April of the financial year containing ``day`` (DES rules §3)."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


class PaymentRate(models.Model):
    """An amount per patient for a payment stream over a stated period (DES rules §4).

    Rates are for the period shown (e.g. £0.514 for 1 July 2019 – 31 March 2020) and are paid in
    equal monthly instalments over it. Two rows of one stream may not overlap, and a row lies
    within one financial year (a mid-year uplift is a second row from the uplift date)."""

    stream = models.CharField(max_length=20, choices=Stream)
    amount_per_patient = models.DecimalField(
        max_digits=9, decimal_places=4, validators=[MinValueValidator(0)]
    )
    period_start = models.DateField()
    period_end = models.DateField()
    basis = models.CharField(max_length=10, choices=Basis)
    paid_to = models.CharField(max_length=10, choices=PaidTo)
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
    source = models.TextField(blank=True, help_text="Where the figure comes from.")
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["period_start", "stream"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="rate_period_in_order"
            ),
            models.UniqueConstraint(
                fields=["stream", "period_start"], name="one_rate_per_stream_start"
            ),
        ]

    def __str__(self):
        return f"{self.get_stream_display()} £{self.amount_per_patient} {self.period_start}–{self.period_end}"

    def clean(self):
        if self.period_start and self.period_end:
            if financial_year_start_of(self.period_start) != financial_year_start_of(
                self.period_end
            ):
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
            clash = _overlaps(
                PaymentRate.objects.filter(stream=self.stream).exclude(pk=self.pk),
                self.period_start,
                self.period_end,
                "period_start",
                "period_end",
            ).first()
            if clash:
                raise ValidationError(
                    f"This period overlaps the {clash.get_stream_display()} rate from "
                    f"{clash.period_start} to {clash.period_end}."
                )


class ArrsRole(models.Model):
    """A reimbursable role of the Additional Roles Reimbursement Scheme (DES rules §5)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["name"]
        verbose_name = "ARRS role"

    def __str__(self):
        return self.name


class ArrsRoleRate(models.Model):
    """A role's reimbursement terms in force from ``effective_from`` to ``effective_to``: the
    percentage of actual costs and the maximum annual amount per 1.0 WTE (DES rules §5). A mid-year
    uplift is one more row; a year in which a role is not reimbursable has no row."""

    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="rates")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    percent = models.DecimalField(
        "reimbursement %", max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_annual_per_wte = models.DecimalField(
        "maximum per WTE per year",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    source = models.TextField(blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["role__name", "effective_from"]
        verbose_name = "ARRS role rate"
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="role_rate_in_order",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="role_rate_percent_max_100"),
            models.UniqueConstraint(
                fields=["role", "effective_from"], name="one_role_rate_per_start"
            ),
        ]

    def __str__(self):
        return f"{self.role} from {self.effective_from}: {self.percent}% up to £{self.max_annual_per_wte}"

    def clean(self):
        if self.role_id and self.effective_from:
            clash = _overlaps(
                ArrsRoleRate.objects.filter(role_id=self.role_id).exclude(pk=self.pk),
                self.effective_from,
                self.effective_to,
                "effective_from",
                "effective_to",
            ).first()
            if clash:
                raise ValidationError(
                    f"This overlaps the {clash.role} rate in force from {clash.effective_from}."
                )


class ArrsSumRule(models.Model):
    """How a year's ARRS entitlement per PCN is set (DES rules §6).

    * ``wte_allowance`` (2019/20): n = max(minimum_wte, floor(weighted / population_per_wte)) WTE of
      each of ``roles``; money ceiling = allowance_fraction × n × Σ the roles' annual maxima.
    * ``per_head`` (from 2020/21): weighted population × per_head, never below ``floor_roles``'
      full-year maxima summed (the 2020/21 floor), when any are given."""

    class Method(models.TextChoices):
        WTE_ALLOWANCE = "wte_allowance", "WTE allowance of named roles"
        PER_HEAD = "per_head", "Amount per weighted patient"

    financial_year = models.OneToOneField(
        FinancialYear, on_delete=models.PROTECT, related_name="arrs_rule"
    )
    method = models.CharField(max_length=15, choices=Method)
    per_head = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    roles = models.ManyToManyField(
        ArrsRole,
        blank=True,
        related_name="+",
        help_text="WTE allowance: the roles allowed. Per head: the roles whose maxima set the floor.",
    )
    population_per_wte = models.PositiveIntegerField(null=True, blank=True)
    minimum_wte = models.PositiveIntegerField(null=True, blank=True)
    allowance_fraction = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    source = models.TextField(blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["financial_year__start"]
        verbose_name = "ARRS sum rule"

    def __str__(self):
        return f"ARRS sum {self.financial_year}: {self.get_method_display()}"

    def clean(self):
        if self.method == self.Method.PER_HEAD and self.per_head is None:
            raise ValidationError(
                {"per_head": "A per-head rule needs the amount per weighted patient."}
            )
        if self.method == self.Method.WTE_ALLOWANCE and (
            not self.population_per_wte or not self.minimum_wte or self.allowance_fraction is None
        ):
            raise ValidationError(
                "A WTE allowance needs the population per WTE, the minimum WTE and the fraction of "
                "the year."
            )

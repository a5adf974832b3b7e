"""The Additional Roles Reimbursement Scheme as data (DES rules §5–6; des-years.md §2–3): the role
catalogue, each role's percentage and maxima by date and area, WTE caps by PCN size with their
waivers, eligibility conditions, and the year's ARRS sum rule (with the 2024/25 GP sum)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from funding.models.years import FinancialYear, SourcedRow
from networks.models import Area  # noqa: F401 (re-exported)
from pcnadmin.append_only import AppendOnlyHistory


class ArrsRole(models.Model):
    """A reimbursable role of the Additional Roles Reimbursement Scheme (DES rules §5). Whether and
    how it is reimbursable in a month is in its rate rows."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    band = models.CharField("Agenda for Change band", max_length=20, blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["name"]
        verbose_name = "ARRS role"

    def __str__(self):
        return self.name


def _maximum(label: str):
    """An annual maximum per 1.0 WTE; empty while not published."""
    return models.DecimalField(
        label,
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


class _Effective(SourcedRow):
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    def _check_order(self):
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": "The row ends before it starts."})


class ArrsRoleRate(_Effective):
    """A role's reimbursement terms from ``effective_from`` (to ``effective_to``, or until a row
    starting later supersedes it: the national scheme keeps paying last year's maxima until an
    uplift is published). The percentage of actual costs and the maximum annual amount per 1.0 WTE,
    with outer and inner London variants where published. A maximum left empty is not published:
    the role is reimbursable but cannot be priced (DES rules §5)."""

    schedule = models.ForeignKey(
        "funding.RateSchedule", on_delete=models.PROTECT, related_name="role_rates"
    )
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="rates")
    percent = models.DecimalField(
        "reimbursement %", max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_annual_per_wte = _maximum("maximum per WTE per year (national)")
    max_outer_london = _maximum("maximum, outer London")
    max_inner_london = _maximum("maximum, inner London")
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["role__name", "effective_from", "announced_on"]
        verbose_name = "ARRS role rate"
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="role_rate_in_order",
            ),
            models.CheckConstraint(condition=Q(percent__lte=100), name="role_rate_percent_max_100"),
            models.UniqueConstraint(
                fields=["schedule", "role", "effective_from", "announced_on"],
                name="one_role_rate_per_start_announcement",
            ),
        ]

    def __str__(self):
        maximum = f"£{self.max_annual_per_wte}" if self.max_annual_per_wte is not None else "—"
        return f"{self.role} from {self.effective_from}: {self.percent}% up to {maximum}"

    def clean(self):
        self._check_order()


class ArrsRoleCap(_Effective):
    """A cap on the WTE of a role a PCN may claim in a month, by PCN size: ``max_wte``, or
    ``max_wte_large`` for a PCN whose registered list at the reference date is more than
    ``large_over`` ("over 100,000 means more than 100,000"). ``waivable``: the commissioner may
    record that local supply is not an issue (pharmacy technicians, 2020/21–2021/22)."""

    schedule = models.ForeignKey(
        "funding.RateSchedule", on_delete=models.PROTECT, related_name="role_caps"
    )
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="caps")
    max_wte = models.DecimalField(max_digits=5, decimal_places=2)
    max_wte_large = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    large_over = models.PositiveIntegerField(default=100_000)
    waivable = models.BooleanField(default=False)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["role__name", "effective_from"]
        verbose_name = "ARRS WTE cap"
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "role", "effective_from", "announced_on"],
                name="one_role_cap_per_start_announcement",
            )
        ]

    def __str__(self):
        return f"{self.role} cap from {self.effective_from}: {self.max_wte} WTE"

    def clean(self):
        self._check_order()


class ArrsEligibility(_Effective):
    """A condition a claim for the role must meet, shown as a check for the reviewer (GP within
    2 years of CCT in 2024/25; the 2025/26 12-month rule for new nurse and support-worker roles)."""

    schedule = models.ForeignKey(
        "funding.RateSchedule", on_delete=models.PROTECT, related_name="role_conditions"
    )
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="conditions")
    code = models.SlugField(max_length=40)
    text = models.CharField(max_length=400)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["role__name", "effective_from", "code"]
        verbose_name = "ARRS eligibility condition"
        verbose_name_plural = "ARRS eligibility conditions"
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "role", "code", "effective_from", "announced_on"],
                name="one_condition_per_start_announcement",
            )
        ]

    def __str__(self):
        return f"{self.role}: {self.code} from {self.effective_from}"

    def clean(self):
        self._check_order()


class ArrsCapWaiver(models.Model):
    """A commissioner's record that a PCN's WTE cap for a role does not apply in a year (local
    supply is not an issue), with who recorded it and why."""

    pcn = models.ForeignKey("networks.PCN", on_delete=models.PROTECT, related_name="+")
    role = models.ForeignKey(ArrsRole, on_delete=models.PROTECT, related_name="+")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=500)
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        verbose_name = "ARRS cap waiver"
        constraints = [
            models.UniqueConstraint(
                fields=["pcn", "role", "financial_year"], name="one_waiver_per_pcn_role_year"
            )
        ]

    def __str__(self):
        return f"{self.role} cap waived for PCN {self.pcn_id} in {self.financial_year}"


class ArrsSumRule(SourcedRow):
    """How a year's ARRS entitlement per PCN is set (DES rules §6).

    * ``wte_allowance`` (2019/20): n = max(minimum_wte, floor(weighted / population_per_wte)) WTE of
      each of ``roles``; money ceiling = allowance_fraction × n × Σ the roles' annual maxima.
    * ``per_head`` (from 2020/21): weighted population × per_head, never below ``roles``'
      full-year maxima summed (the 2020/21 floor), when any are given.
    * ``gp_per_head`` (2024/25): a separate, ring-fenced GP sum = weighted × gp_per_head for
      ``gp_period_start``–``gp_period_end`` (an amount for that period, not an annual rate); lines
      of ``gp_roles`` count against it, every other line against the main sum.
    """

    class Method(models.TextChoices):
        WTE_ALLOWANCE = "wte_allowance", "WTE allowance of named roles"
        PER_HEAD = "per_head", "Amount per weighted patient"

    schedule = models.ForeignKey(
        "funding.RateSchedule", on_delete=models.PROTECT, related_name="sum_rules"
    )
    financial_year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="arrs_rules"
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
    redistribution_allowed = models.BooleanField(
        default=True,
        help_text="Whether a PCN's declared unused sum may be reallocated within the "
        "commissioner's area that year (2019/20–2023/24 yes; from 2024/25 no).",
    )
    gp_per_head = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    gp_period_start = models.DateField(null=True, blank=True)
    gp_period_end = models.DateField(null=True, blank=True)
    gp_roles = models.ManyToManyField(ArrsRole, blank=True, related_name="+")
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["financial_year__start", "announced_on"]
        verbose_name = "ARRS sum rule"
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "financial_year", "announced_on"],
                name="one_sum_rule_per_year_announcement",
            )
        ]

    def __str__(self):
        return f"ARRS sum {self.financial_year}: {self.get_method_display()} ({self.schedule})"

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
        if self.gp_per_head is not None and not (self.gp_period_start and self.gp_period_end):
            raise ValidationError("A GP sum needs the period it covers.")

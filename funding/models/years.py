"""Financial years and the rate schedules that own every rate row (DES rules §3; des-years.md)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from funding.rules import financial_year_start
from pcnadmin.append_only import AppendOnlyHistory

year_label_validator = RegexValidator(
    r"^\d{4}/\d{2}$", "A financial year is labelled like 2020/21."
)

NATIONAL = "national"
PLANNING_2019 = "planning-2019"


# The rule is funding.rules.financial_year_start; the models use it under this name.
financial_year_start_of = financial_year_start


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
    # Set up in the browser (funding.services.years): the year it was created from, and who marked
    # its checklist complete, when. Figures are never copied (docs/adr/0004-adding-a-year.md).
    copied_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ready_at = models.DateTimeField(null=True, blank=True)
    ready_by_name = models.CharField(max_length=150, blank=True)

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


class RateScheduleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National and planning schedules for everyone; a local schedule only for its
        commissioner's people and administrators."""
        from networks.scopes import scope_for

        scope = scope_for(user)
        shared = Q(commissioner__isnull=True)
        if scope.sees_everything:
            return self
        return self.filter(shared | Q(commissioner_id__in=scope.commissioner_ids or []))


class RateSchedule(models.Model):
    """A named set of rate rows (des-years.md). ``national`` holds the figures in force and is the
    one claims and statements use; ``planning-2019`` holds NHS England's August 2019 indicative
    figures (BNSSG Tables 1 and 2) so the 2019 papers stay reproducible; a commissioner may copy
    either into a local planning schedule, private to it."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "National (in force)"
        PLANNING = "planning", "Planning"
        LOCAL = "local", "Local planning"

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PLANNING)
    description = models.TextField(blank=True)
    commissioner = models.ForeignKey(
        "networks.Commissioner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rate_schedules",
        help_text="The commissioner a local planning schedule belongs to (private to it).",
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    objects = RateScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="local", commissioner__isnull=False)
                | (~Q(kind="local") & Q(commissioner__isnull=True)),
                name="local_schedule_has_commissioner",
            )
        ]

    def __str__(self):
        return self.slug

    @property
    def is_national(self) -> bool:
        return self.slug == NATIONAL


class Status(models.TextChoices):
    """How firm a figure is (des-years.md): published by NHS England, or reported by a secondary
    source (BMA, LMCs, ICB pages, trade press) until the published figure is found."""

    PUBLISHED = "published", "Published"
    REPORTED = "reported", "Reported"


class SourcedRow(models.Model):
    """What every rate row carries: its schedule, where its figure comes from, how firm it is and
    when it was announced. A later announcement for the same period supersedes a row without
    deleting it, so any figure can be recomputed as it was known on a date."""

    schedule = models.ForeignKey(RateSchedule, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)
    announced_on = models.DateField(
        help_text="The day the figure was announced; a later announcement for the same period "
        "supersedes this row from that day."
    )
    source = models.TextField(blank=True, help_text="Publication, title and date of the figure.")
    edited = models.BooleanField(
        default=False,
        help_text="Changed by an administrator: load_rates reports differences instead of "
        "overwriting it.",
    )

    class Meta:
        abstract = True

"""Who is who: commissioners, practices, PCNs, dated memberships, Clinical Directors, list sizes.

This app knows nothing of money. Rows are written only by ``networks.services``.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from networks import naming, rules
from networks.scopes import scope_for
from pcnadmin.append_only import AppendOnlyHistory, AppendOnlyModel

practice_code_validator = RegexValidator(
    r"^[A-Z][0-9]{5}$", "A practice ODS code is one capital letter and five digits, e.g. F82001."
)
pcn_code_validator = RegexValidator(
    r"^U[0-9]{5}$", "A PCN ODS code is U followed by five digits, e.g. U12345."
)
commissioner_code_validator = RegexValidator(
    r"^[0-9A-Z]{3,5}$", "A commissioner ODS code is 3 to 5 capital letters or digits, e.g. 07L."
)


class Area(models.TextChoices):
    """Where a PCN (or a post) is, for the ARRS high cost area supplement: outer and inner London
    maxima from 2021/22, where published (des-years.md §3)."""

    NATIONAL = "national", "National"
    OUTER_LONDON = "outer-london", "Outer London"
    INNER_LONDON = "inner-london", "Inner London"


class Commissioner(models.Model):
    class Kind(models.TextChoices):
        CCG = "CCG", "Clinical commissioning group"  # until June 2022
        SUB_ICB = "SUB_ICB", "Sub-ICB location"  # an ICB's local office, from July 2022
        ICB = "ICB", "Integrated care board"

    code = models.CharField(max_length=5, unique=True, validators=[commissioner_code_validator])
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.CCG)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        help_text="For a sub-ICB location, its integrated care board.",
    )
    # Renames (by an import or in the admin) are kept, with who made them.
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Practice(models.Model):
    code = models.CharField(max_length=6, unique=True, validators=[practice_code_validator])
    name = models.CharField(max_length=120)
    postcode = models.CharField(max_length=8, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="practice_closes_after_opening",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class PCNQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope_for(user).filter_pcns(self)


class PCN(models.Model):
    code = models.CharField("ODS code", max_length=6, unique=True, validators=[pcn_code_validator])
    name = models.CharField(
        max_length=rules.PCN_NAME_MAX_LENGTH,
        unique=True,
        validators=[naming.validate_pcn_name],
        help_text="Ends with ' PCN', at most 40 characters, unique nationally.",
    )
    commissioner = models.ForeignKey(Commissioner, on_delete=models.PROTECT, related_name="pcns")
    nominated_payee = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payee_for",
        help_text="The member practice whose bank account receives all network funding.",
    )
    area = models.CharField(
        max_length=12,
        choices=Area,
        default=Area.NATIONAL,
        help_text="For the ARRS maxima: national, outer London or inner London.",
    )
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    objects = PCNQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "PCN"
        verbose_name_plural = "PCNs"

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def on(self, day: date):
        """Memberships in force on ``day`` (start ≤ day ≤ end, an open end counting as for ever)."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def overlapping(self, start: date, end: date | None):
        qs = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        if end is not None:
            qs = qs.filter(start__lte=end)
        return qs


class Membership(models.Model):
    """A practice's membership of a PCN from ``start`` to ``end`` (inclusive; open-ended if null).

    DES §1: a practice belongs to at most one PCN on any day. Ended memberships are kept as history.
    """

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="memberships")
    pcn = models.ForeignKey(PCN, on_delete=models.PROTECT, related_name="memberships")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["practice__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(fields=["practice", "start"], name="membership_unique_start"),
        ]
        indexes = [
            models.Index(fields=["pcn", "start"]),
            models.Index(fields=["practice", "start"]),
        ]

    def __str__(self):
        until = self.end.isoformat() if self.end else "open"
        return f"{self.practice.code} in {self.pcn.code} {self.start.isoformat()}–{until}"

    def clean(self):
        """DES §1: a practice is in at most one PCN on any day (rules.membership_problems)."""
        if self.practice_id is None or self.start is None:
            return
        others = (
            Membership.objects.filter(practice_id=self.practice_id)
            .exclude(pk=self.pk)
            .values_list("pcn__name", "start", "end")
        )
        problems = rules.membership_problems(
            practice=f"{self.practice.name} ({self.practice.code})",
            start=self.start,
            end=self.end,
            others=others,
        )
        if problems:
            raise ValidationError(problems)

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class ClinicalDirector(models.Model):
    """A Clinical Director appointment. DES §1: need not be a GP; may job-share (WTE shares)."""

    pcn = models.ForeignKey(PCN, on_delete=models.PROTECT, related_name="clinical_directors")
    name = models.CharField(max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    wte_share = models.DecimalField(
        "WTE share",
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Share of the role in a job share (1.00 when one person holds it).",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["pcn__name", "start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="cd_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(wte_share__gt=0) & Q(wte_share__lte=1), name="cd_share_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.pcn.code})"


class ListSize(models.Model):
    """A practice's list sizes at a reference date. DES §2.

    ``weighted`` (the contractor weighted population) is supplied by the commissioner; it is null
    when only the registered count is known (e.g. from an NHS Digital extract).
    """

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="list_sizes")
    reference_date = models.DateField()
    registered = models.PositiveIntegerField("registered patients")
    weighted = models.DecimalField(
        "weighted patients", max_digits=12, decimal_places=2, null=True, blank=True
    )
    adjusted = models.DecimalField(
        "adjusted population",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Supplied to the commissioner; Enhanced Access, CASP, CAIP and part of core "
        "funding are paid on it (from 2022/23).",
    )
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["practice__name", "-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "reference_date"], name="one_list_size_per_date"
            ),
            models.CheckConstraint(
                condition=Q(weighted__isnull=True) | Q(weighted__gte=0),
                name="weighted_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(adjusted__isnull=True) | Q(adjusted__gte=0),
                name="adjusted_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.practice.code} {self.reference_date.isoformat()}: {self.registered}"


class CareHomeBeds(models.Model):
    """The care-home beds aligned to a PCN in a month, for the Care Home Premium (des-years.md
    §1: paid per bed)."""

    pcn = models.ForeignKey(PCN, on_delete=models.PROTECT, related_name="care_home_beds")
    month = models.DateField(help_text="The first day of the month.")
    beds = models.PositiveIntegerField()
    history = HistoricalRecords(bases=[AppendOnlyHistory])

    class Meta:
        ordering = ["pcn__name", "month"]
        verbose_name_plural = "care-home beds"
        constraints = [
            models.UniqueConstraint(fields=["pcn", "month"], name="one_bed_count_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="beds_month_is_first_day"),
        ]

    def __str__(self):
        return f"{self.pcn.code} {self.month:%Y-%m}: {self.beds} beds"


class UserScope(models.Model):
    """Which networks a person may see, and when. The user type itself is the person's group
    (see scopes). Outside ``start``–``end`` (inclusive; open when null) the person sees nothing.
    A Clinical Director's dates follow their appointment (services.clinical_director_appoint)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scope"
    )
    commissioners = models.ManyToManyField(Commissioner, blank=True, related_name="+")
    pcn = models.ForeignKey(PCN, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    start = models.DateField(
        null=True, blank=True, help_text="First day of access (open if empty)."
    )
    end = models.DateField(null=True, blank=True, help_text="Last day of access (open if empty).")
    manages_users = models.BooleanField(
        "commissioner administrator",
        default=False,
        help_text="A contract manager who invites, changes and removes the users of the "
        "commissioner's PCNs.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="scope_ends_after_start",
            )
        ]

    def __str__(self):
        return f"Scope of {self.user}"


class UserChange(AppendOnlyModel):
    """Append-only audit row for each invitation, change and removal of a PCN user by a
    commissioner administrator: who, when, whom, what (style.md §5)."""

    class Action(models.TextChoices):
        INVITED = "invited", "Invited"  # account created, access from its start date
        CHANGED = "changed", "Changed"  # user type, PCN or dates changed
        REMOVED = "removed", "Removed"  # access ended and the account switched off

    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    by_name = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="changes"
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=8, choices=Action)
    details = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.username} {self.action} by {self.by_name}"

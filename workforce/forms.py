from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone

from funding.models import ArrsRole
from networks.models import Area
from pcnadmin.limits import TEXT_MAX
from workforce import rules
from workforce.models import ClaimStatus
from workforce.services import LineInput

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.00")}


def _text(label, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_MAX,
        error_messages={
            "max_length": f"Keep it to {TEXT_MAX:,} characters or fewer (this has %(show_value)d)."
        },
        widget=forms.Textarea(attrs={"rows": 3, "class": "nhsuk-textarea"}),
    )


NHS_FOUNDED = date(1948, 7, 5)  # no one was employed in the NHS before it began
DES_FIRST_YEAR = date(2019, 4, 1)  # the first year the Network Contract DES paid for


class BoundedDateField(forms.DateField):
    """A date within sense: not before ``earliest`` and at most a year from today. A typo such as
    0021 for 2021 is refused here, not stored and shown in every later computation."""

    def __init__(self, *, earliest: date, why: str, **kwargs):
        self.earliest, self.why = earliest, why
        kwargs.setdefault(
            "widget",
            forms.DateInput(attrs={"type": "date", "class": "nhsuk-input nhsuk-input--width-10"}),
        )
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if value < self.earliest:
            raise forms.ValidationError(
                f"Enter a date from {self.earliest:%-d %B %Y} ({self.why}).", code="too_early"
            )
        latest = timezone.localdate() + timedelta(days=366)
        if value > latest:
            raise forms.ValidationError(
                f"Enter a date no later than {latest:%-d %B %Y} (a year from today).",
                code="too_late",
            )


def _staff_date(label=None):
    return BoundedDateField(label=label, earliest=NHS_FOUNDED, why="the NHS began on 5 July 1948")


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month picker), stored as its first day."""

    widget = forms.DateInput(attrs={"type": "month", "class": "nhsuk-input nhsuk-input--width-10"})
    input_formats = ["%Y-%m"]

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class ClaimNewForm(forms.Form):
    month = MonthField(
        label="Month claimed", help_text="For example 2021-06. Claims are monthly, in arrears."
    )
    copy_last = forms.BooleanField(
        required=False,
        label="Start from the PCN's last claim",
        help_text="Its lines for the staff still in post, with the same amounts: change any "
        "figure before submitting.",
        widget=forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
    )


class ClaimFileForm(forms.Form):
    file = forms.FileField(
        label="Upload the filled-in template (CSV)",
        widget=forms.ClearableFileInput(attrs={"class": "nhsuk-file-upload", "accept": ".csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {settings.IMPORT_MAX_BYTES / 1024 / 1024:.0f} MB."
            )
        return upload


class LineForm(forms.Form):
    include = forms.BooleanField(required=False, label="Claim")
    salary = forms.DecimalField(required=False, label="Salary", **MONEY)
    employer_ni = forms.DecimalField(required=False, label="Employer NI", **MONEY)
    employer_pension = forms.DecimalField(required=False, label="Employer pension", **MONEY)
    apprenticeship_levy = forms.DecimalField(required=False, label="Apprenticeship levy", **MONEY)

    def clean(self):
        data = super().clean()
        if data.get("include"):
            for name in ("salary", "employer_ni", "employer_pension"):
                if data.get(name) is None:
                    self.add_error(name, "Enter the amount actually paid (0 if none).")
        return data


class ClaimLinesForm:
    """The draft page's form: one ``LineForm`` per person (prefix ``s<staff id>``), ticked and
    filled in when the claim has their line already (every line of an adjustment is ticked)."""

    AMOUNTS = ("salary", "employer_ni", "employer_pension", "apprenticeship_levy")

    def __init__(self, data, *, claim, people):
        self.rows = []
        for staff, term, line in people:
            initial = {"include": line is not None or claim.is_adjustment}
            if line is not None:
                initial |= {name: getattr(line, name) for name in self.AMOUNTS}
            self.rows.append((staff, term, LineForm(data, prefix=f"s{staff.pk}", initial=initial)))

    def is_valid(self) -> bool:
        return all(form.is_valid() for _, _, form in self.rows)

    def lines(self) -> list[LineInput]:
        """The ticked rows as the service takes them (no levy typed is a levy of 0)."""
        return [
            LineInput(
                staff,
                form.cleaned_data["salary"],
                form.cleaned_data["employer_ni"],
                form.cleaned_data["employer_pension"],
                form.cleaned_data["apprenticeship_levy"] or 0,
            )
            for staff, _, form in self.rows
            if form.cleaned_data["include"]
        ]


class ApproveForm(forms.Form):
    amount = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        label="Amount to approve (£)",
        help_text="Leave blank to approve the amount claimed.",
        widget=forms.NumberInput(
            attrs={"class": "nhsuk-input nhsuk-input--width-10", "step": "0.01"}
        ),
    )
    reason = _text("Reason (needed for a lower amount)", required=False)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount == 0:
            # DES rules §7 (rules.approved_amount): nothing approved is a rejection, with a reason.
            raise forms.ValidationError(
                "Approving £0.00 is a rejection: reject the claim instead, with the reason."
            )
        return amount


class RejectForm(forms.Form):
    reason = _text("Reason for rejecting")


class QueryForm(forms.Form):
    question = _text("Question for the PCN")


class AnswerForm(forms.Form):
    answer = _text("Your answer to the commissioner's question")


class BaselineReturnForm(forms.Form):
    reason = _text("Or send it back, saying why")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = (
            "Say why the baseline goes back to the PCN."
        )


class AdjustForm(forms.Form):
    reason = _text("Reason for the adjustment")


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Evidence (PDF, PNG or JPEG)")


class BaselineForm(forms.Form):
    """One WTE field per reimbursable role; a reason when correcting an accepted baseline."""

    def __init__(self, *args, roles, initial_wte=None, needs_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = list(roles)
        for role in self.roles:
            self.fields[f"role_{role.pk}"] = forms.DecimalField(
                label=f"{role.name} (WTE at 31 March 2019)",
                min_value=Decimal(0),
                max_digits=6,
                decimal_places=2,
                initial=(initial_wte or {}).get(role.pk, Decimal("0")),
                widget=forms.NumberInput(
                    attrs={"class": "nhsuk-input nhsuk-input--width-5", "step": "0.01"}
                ),
            )
        if needs_reason:
            self.fields["reason"] = _text("Why does this version correct the accepted baseline?")

    def entries(self) -> dict[ArrsRole, Decimal]:
        return {role: self.cleaned_data[f"role_{role.pk}"] for role in self.roles}


class StaffTermFields(forms.Form):
    """A staff member's terms: the role, WTE and band of a StaffTerm."""

    role = forms.ModelChoiceField(
        queryset=ArrsRole.objects.all(), widget=forms.Select(attrs={"class": "nhsuk-select"})
    )
    wte = forms.DecimalField(
        label="WTE",
        min_value=Decimal("0.01"),
        max_value=Decimal("1.00"),
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={"class": "nhsuk-input nhsuk-input--width-5", "step": "0.01"}
        ),
    )
    band = forms.CharField(
        label="Agenda for Change band",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-5"}),
    )


class StaffForm(StaffTermFields):
    field_order = ["name", "role", "wte", "band", "employer", "start_date"]

    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"class": "nhsuk-input"}))
    employer = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="The PCN",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    start_date = _staff_date()
    in_baseline = forms.BooleanField(
        required=False, label="Counts in the baseline (in post at 31 March 2019)"
    )
    transferred = forms.BooleanField(
        required=False,
        label="Transferred from the Clinical Pharmacists in General Practice scheme (clinical pharmacists only)",
    )
    area = forms.ChoiceField(
        label="Where the post is, for the ARRS maximum",
        required=False,
        choices=[("", "Where the PCN is"), *Area.choices],
        help_text="Outer and inner London posts have higher maxima where they are published.",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = practices


class StaffChangeForm(StaffTermFields):
    field_order = ["effective_from", "role", "wte", "band", "reason"]

    effective_from = _staff_date()
    reason = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"class": "nhsuk-input"})
    )


class StaffEndForm(forms.Form):
    end_date = _staff_date("Last day")


class PaymentRunForm(forms.Form):
    paid_on = BoundedDateField(
        label="Paid on",
        earliest=DES_FIRST_YEAR,
        why="ARRS payments began in 2019/20",
    )
    note = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"class": "nhsuk-input"})
    )

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        problem = rules.payment_date_problem(paid_on, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return paid_on


STATUS_CHOICES = ClaimStatus.choices

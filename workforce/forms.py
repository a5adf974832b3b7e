from datetime import date
from decimal import Decimal

from django import forms

from funding.models import ArrsRole
from workforce.models import ClaimStatus

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.00")}


def _text(label, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3, "class": "nhsuk-textarea"}),
    )


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


class RejectForm(forms.Form):
    reason = _text("Reason for rejecting")


class QueryForm(forms.Form):
    question = _text("Question for the PCN")


class AnswerForm(forms.Form):
    answer = _text("Your answer to the commissioner's question")


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


class StaffForm(forms.Form):
    name = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"class": "nhsuk-input"}))
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
    employer = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="The PCN",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    start_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input nhsuk-input--width-10"})
    )
    in_baseline = forms.BooleanField(
        required=False, label="Counts in the baseline (in post at 31 March 2019)"
    )
    transferred = forms.BooleanField(
        required=False,
        label="Transferred from the Clinical Pharmacists in General Practice scheme (clinical pharmacists only)",
    )

    def __init__(self, *args, practices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = practices


class StaffChangeForm(forms.Form):
    effective_from = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input nhsuk-input--width-10"})
    )
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
    reason = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"class": "nhsuk-input"})
    )


class StaffEndForm(forms.Form):
    end_date = forms.DateField(
        label="Last day",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "nhsuk-input nhsuk-input--width-10"}
        ),
    )


class PaymentRunForm(forms.Form):
    paid_on = forms.DateField(
        label="Paid on",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "nhsuk-input nhsuk-input--width-10"}
        ),
    )
    note = forms.CharField(
        max_length=200, required=False, widget=forms.TextInput(attrs={"class": "nhsuk-input"})
    )


STATUS_CHOICES = ClaimStatus.choices

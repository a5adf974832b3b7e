"""Forms of the rate schedule pages: NHS.UK controls, clear messages, typed input kept."""

from decimal import Decimal

from django import forms

from funding.models import RateSchedule
from networks.models import Commissioner

MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": Decimal(0)}


def _text(**attrs):
    return forms.TextInput(attrs={"class": "nhsuk-input", **attrs})


class ScheduleCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label="Copy the schedule",
        queryset=RateSchedule.objects.none(),
        to_field_name="slug",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
        error_messages={"required": "Choose the schedule to copy."},
    )
    commissioner = forms.ModelChoiceField(
        label="For the commissioner",
        queryset=Commissioner.objects.none(),
        to_field_name="code",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
        error_messages={"required": "Choose the commissioner the copy belongs to."},
    )
    name = forms.CharField(
        label="Name of the copy",
        max_length=100,
        help_text="For example: 2026/27 plan with 3% pay award.",
        widget=_text(),
        error_messages={"required": "Give the copy a name."},
    )
    slug = forms.SlugField(
        label="Short name for links and commands",
        max_length=50,
        help_text="Lower-case letters, digits and hyphens, e.g. 07l-plan-2026. Used with --rates.",
        widget=_text(**{"class": "nhsuk-input nhsuk-input--width-20"}),
        error_messages={
            "required": "Give the copy a short name.",
            "invalid": "Use only lower-case letters, digits and hyphens.",
        },
    )

    def __init__(self, *args, schedules, commissioners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = schedules
        self.fields["commissioner"].queryset = commissioners

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug == "copy" or RateSchedule.objects.filter(slug=slug).exists():
            raise forms.ValidationError("A schedule with that short name exists: choose another.")
        return slug


class LocalRoleRateForm(forms.Form):
    percent = forms.DecimalField(
        label="Reimbursement (%)",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        widget=_text(inputmode="decimal", **{"class": "nhsuk-input nhsuk-input--width-5"}),
        error_messages={"required": "Enter the percentage of actual costs reimbursed."},
    )
    max_annual_per_wte = forms.DecimalField(
        label="Maximum per 1.0 WTE a year, national (£)",
        required=False,
        help_text="Leave empty while not known: the role cannot be priced.",
        widget=_text(inputmode="decimal", **{"class": "nhsuk-input nhsuk-input--width-10"}),
        **MONEY,
    )
    max_outer_london = forms.DecimalField(
        label="Maximum, outer London (£)",
        required=False,
        widget=_text(inputmode="decimal", **{"class": "nhsuk-input nhsuk-input--width-10"}),
        **MONEY,
    )
    max_inner_london = forms.DecimalField(
        label="Maximum, inner London (£)",
        required=False,
        widget=_text(inputmode="decimal", **{"class": "nhsuk-input nhsuk-input--width-10"}),
        **MONEY,
    )
    source = forms.CharField(
        label="Why (source or assumption)",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "nhsuk-textarea", "rows": 3}),
        error_messages={"required": "Say where the figure comes from or what it assumes."},
    )

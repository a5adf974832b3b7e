"""Forms of the financial-year pages: every figure with its source, status and announcement date;
NHS.UK controls, clear messages, typed input kept."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from funding.forms.schedules import MONEY, LocalRoleRateForm
from funding.models import Basis, Status

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"]
PER_UNIT = {"max_digits": 10, "decimal_places": 5, "min_value": Decimal(0)}


def _text(width=10, **attrs):
    return forms.TextInput(attrs={"class": f"nhsuk-input nhsuk-input--width-{width}", **attrs})


def _date(label: str, help_text: str):
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=_text(10, autocomplete="off"),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a date, for example 1/4/2027.",
        },
    )


class _Sourced(forms.Form):
    """Where a figure comes from: asked on every rate the pages add."""

    announced_on = None  # set by subclasses (its hint depends on the row)
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        help_text="Published by NHS England, or reported by a secondary source until it is.",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    source = forms.CharField(
        label="Source",
        max_length=2000,
        help_text="Publication, title and date, e.g. NHS England, Network Contract DES "
        "specification 2027/28, 30 April 2027.",
        widget=forms.Textarea(attrs={"class": "nhsuk-textarea", "rows": 3}),
        error_messages={"required": "Say where the figure comes from."},
    )

    def clean_announced_on(self):
        # A figure counts from its announcement: one dated later is not known today.
        day = self.cleaned_data["announced_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "The announcement date is in the future: enter the day it was announced."
            )
        return day


class StreamRateForm(_Sourced):
    field_order = ["amount_" + b for b in Basis.values] + [
        "period_start",
        "period_end",
        "announced_on",
        "status",
        "source",
    ]
    period_start = _date("First day", "The first day the rate pays for, e.g. 1/4/2027.")
    period_end = _date("Last day", "The last day it pays for, e.g. 31/3/2028.")
    announced_on = _date("Announcement date", "The day NHS England announced the figure.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Basis.choices:
            unit = "bed" if value == Basis.CARE_HOME_BEDS else "patient"
            self.fields["amount_" + value] = forms.DecimalField(
                label=f"£ per {unit}: {label.lower()}",
                required=False,
                widget=_text(10, inputmode="decimal"),
                **PER_UNIT,
            )
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        if not self.errors and not self.components():
            raise forms.ValidationError("Enter the amount for at least one basis.")
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The last day is on or after the first day.")
        return data

    def components(self) -> list[tuple[str, Decimal]]:
        return [
            (b, self.cleaned_data["amount_" + b])
            for b in Basis.values
            if self.cleaned_data.get("amount_" + b) is not None
        ]


class SumRuleForm(_Sourced):
    field_order = ["per_head", "redistribution_allowed", "announced_on", "status", "source"]
    per_head = forms.DecimalField(
        label="ARRS sum per weighted patient (£)",
        max_digits=9,
        decimal_places=4,
        min_value=Decimal(0),
        widget=_text(10, inputmode="decimal"),
        error_messages={"required": "Enter the amount per weighted patient."},
    )
    redistribution_allowed = forms.TypedChoiceField(
        label="May a PCN's unused sum be redistributed within the commissioner's area?",
        choices=[("no", "No (from 2024/25)"), ("yes", "Yes (2019/20 – 2023/24)")],
        coerce=lambda value: value == "yes",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    announced_on = _date("Announcement date", "The day NHS England announced the figure.")


class RoleRateForm(_Sourced):
    field_order = [
        "effective_from",
        "percent",
        "max_annual_per_wte",
        "max_outer_london",
        "max_inner_london",
        "announced_on",
        "status",
        "source",
    ]
    effective_from = _date(
        "In force from", "It stays in force until a row starting later replaces it."
    )
    percent = LocalRoleRateForm.base_fields["percent"]
    max_annual_per_wte = forms.DecimalField(
        label="Maximum per 1.0 WTE a year, national (£)",
        widget=_text(10, inputmode="decimal"),
        error_messages={"required": "Enter the maximum: a claim cannot be priced without it."},
        **MONEY,
    )
    max_outer_london = LocalRoleRateForm.base_fields["max_outer_london"]
    max_inner_london = LocalRoleRateForm.base_fields["max_inner_london"]
    announced_on = _date("Announcement date", "The day NHS England announced the figure.")

"""The audit search's filter form."""

from django import forms

from audit.rows import KINDS


class AuditFilterForm(forms.Form):
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input"}),
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "nhsuk-input"}),
    )
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Everything"), *KINDS.items()],
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    pcn = forms.CharField(
        label="PCN code",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-10"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The “from” date is after the “to” date.")
        return data

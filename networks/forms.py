from django import forms
from django.conf import settings


class ImportForm(forms.Form):
    KINDS = [
        ("register", "Register (PCN Admin template): PCNs, practices, memberships and list sizes"),
        ("list_sizes", "NHS Digital gp-reg-pat-prac-all.csv: registered list sizes"),
    ]
    kind = forms.ChoiceField(
        choices=KINDS, widget=forms.RadioSelect, label="What are you importing?"
    )
    file = forms.FileField(label="CSV file", help_text="UTF-8 CSV, up to 20 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:.0f} MB."
            )
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file.")
        return upload


def _input(**attrs):
    return forms.TextInput(attrs={"class": "nhsuk-input", **attrs})


class PcnUserForm(forms.Form):
    """A PCN user as their commissioner's administrator sees them: who, which PCN, what, when."""

    TYPES = [
        ("clinical_director", "Clinical Director: signs off the baseline and claims"),
        ("pcn_manager", "PCN manager: drafts the baseline and claims"),
    ]
    first_name = forms.CharField(label="First name", max_length=150, widget=_input())
    last_name = forms.CharField(label="Last name", max_length=150, widget=_input())
    email = forms.EmailField(
        label="Email address", max_length=254, widget=_input(type="email", spellcheck="false")
    )
    user_type = forms.ChoiceField(label="What do they do?", choices=TYPES, widget=forms.RadioSelect)
    pcn = forms.ModelChoiceField(
        label="PCN",
        queryset=None,
        to_field_name="code",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    start = forms.DateField(
        label="Access from",
        required=False,
        help_text="As YYYY-MM-DD. Leave empty for access from today.",
        widget=_input(inputmode="numeric"),
    )
    end = forms.DateField(
        label="Access until",
        required=False,
        help_text="As YYYY-MM-DD, inclusive. Leave empty while they are in post.",
        widget=_input(inputmode="numeric"),
    )

    def __init__(self, *args, pcns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pcn"].queryset = pcns

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "Access until must be on or after access from.")
        return data


class PcnUserInviteForm(PcnUserForm):
    field_order = ["username"]
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="Letters, digits and . @ + - _ only, e.g. jane.smith.",
        widget=_input(autocomplete="off", spellcheck="false"),
    )

    def clean_username(self):
        from django.contrib.auth import get_user_model

        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken; choose another.")
        return username

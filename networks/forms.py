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

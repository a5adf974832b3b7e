import django_filters
from django import forms

from funding.models import ArrsRole, FinancialYear
from networks.models import PCN
from workforce import selectors
from workforce.forms import MonthField
from workforce.models import Claim, ClaimStatus

MAX_PCN_CHOICES = 100


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class ClaimFilter(django_filters.FilterSet):
    pcn = django_filters.ModelChoiceFilter(
        label="PCN", queryset=PCN.objects.none(), to_field_name="code", empty_label="All PCNs"
    )
    role = django_filters.ModelChoiceFilter(
        label="Role",
        queryset=ArrsRole.objects.all(),
        to_field_name="slug",
        empty_label="All roles",
        method="filter_role",
    )
    year = django_filters.ModelChoiceFilter(
        label="Year",
        field_name="financial_year",
        queryset=FinancialYear.objects.all(),
        empty_label="All years",
    )
    month = MonthFilter(label="Month", field_name="month")
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, empty_label="All statuses")
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = Claim
        fields = ["pcn", "role", "year", "month", "status", "overdue"]

    def __init__(self, *args, pcns=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self._pcn_choices = None
        if pcns is not None:
            self.filters["pcn"].queryset = pcns
            # One query for the choices, at most MAX_PCN_CHOICES + 1 rows: a national or regional
            # scope would otherwise render a select of up to 1,259 PCNs on every page of the
            # queue (a third of its time), so it types the ODS code instead.
            self._pcn_choices = list(
                pcns.order_by("name").values_list("code", "name")[: MAX_PCN_CHOICES + 1]
            )
            if len(self._pcn_choices) > MAX_PCN_CHOICES:
                self._pcn_choices = None
                self.filters["pcn"].extra.update(
                    widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-10"}),
                    help_text="ODS code, e.g. U12345",
                )

    @property
    def form(self):
        form = super().form
        if self._pcn_choices is not None and not getattr(form, "_pcn_choices_set", False):
            form.fields["pcn"].widget.choices = [("", "All PCNs"), *self._pcn_choices]
            form._pcn_choices_set = True
        return form

    def filter_role(self, queryset, name, value):
        return selectors.with_role(queryset, value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return selectors.overdue(queryset, self.today) if value else queryset

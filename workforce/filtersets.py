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
        if pcns is not None:
            self.filters["pcn"].queryset = pcns
            # A national or regional scope would render a select of up to 1,259 PCNs on every
            # page of the queue (a third of its time): type the ODS code instead.
            if pcns.count() > MAX_PCN_CHOICES:
                self.filters["pcn"].extra.update(
                    widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-10"}),
                    help_text="ODS code, e.g. U12345",
                )

    def filter_role(self, queryset, name, value):
        return selectors.with_role(queryset, value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        return selectors.overdue(queryset, self.today) if value else queryset

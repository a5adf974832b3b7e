import django_filters
from django.db.models import Q

from networks.models import PCN, Commissioner


class PCNFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or ODS code", method="search")
    commissioner = django_filters.ModelChoiceFilter(
        queryset=Commissioner.objects.none(), to_field_name="code", empty_label="All commissioners"
    )

    class Meta:
        model = PCN
        fields = ["q", "commissioner"]

    def __init__(self, *args, commissioners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if commissioners is not None:
            self.filters["commissioner"].queryset = commissioners

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__icontains=value) | Q(code__iexact=value)) if value else queryset
        )

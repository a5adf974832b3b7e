"""The rate schedule in the admin: every row keeps its history, and saves go through
``funding.services`` (style.md §1, §3). Adding a financial year or a mid-year uplift is a new row
here or in fixtures/rates.json, never a code change."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from funding import services
from funding.models import ArrsRole, ArrsRoleRate, ArrsSumRule, FinancialYear, PaymentRate
from pcnadmin.readonly_admin import register_history


class ServiceSaveMixin:
    """Saves run the model checks (overlapping periods, one rule per year) in one transaction."""

    def save_model(self, request, obj, form, change):
        services.rate_data_save(obj)


@admin.register(FinancialYear)
class FinancialYearAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ("label", "start", "end", "reference_date")
    ordering = ("-start",)


@admin.register(PaymentRate)
class PaymentRateAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = (
        "stream",
        "amount_per_patient",
        "period_start",
        "period_end",
        "basis",
        "paid_to",
        "backdated_members_on",
    )
    list_filter = ("stream", "basis", "paid_to")
    date_hierarchy = "period_start"
    ordering = ("-period_start", "stream")


class ArrsRoleRateInline(admin.TabularInline):
    """Read-only here: a role's rates are edited on their own page, where the history is kept."""

    model = ArrsRoleRate
    extra = 0
    fields = ("effective_from", "effective_to", "percent", "max_annual_per_wte")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ArrsRole)
class ArrsRoleAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ("name", "slug", "band")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ArrsRoleRateInline]


@admin.register(ArrsRoleRate)
class ArrsRoleRateAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ("role", "effective_from", "effective_to", "percent", "max_annual_per_wte")
    list_filter = ("role",)
    ordering = ("role__name", "-effective_from")


@admin.register(ArrsSumRule)
class ArrsSumRuleAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    list_display = ("financial_year", "method", "per_head", "allowance_fraction")
    filter_horizontal = ("roles",)


# The change history itself is read-only: shown, never edited or deleted.
register_history(FinancialYear, PaymentRate, ArrsRole, ArrsRoleRate, ArrsSumRule)

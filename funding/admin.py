"""The rate schedules in the admin: every row keeps its history, saves go through
``funding.services`` (style.md §1, §3), and rate rows are never deleted: a later announcement
supersedes a row instead. Adding a financial year or a mid-year uplift is a new row here or in
fixtures/rates/, never a code change."""

from django.contrib import admin

from funding import services
from funding.models import (
    ArrsCapWaiver,
    ArrsEligibility,
    ArrsRole,
    ArrsRoleCap,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    PaymentRate,
    PaymentRateComponent,
    PaymentStream,
    RateSchedule,
    RecordedPayment,
)
from pcnadmin.readonly_admin import HistoryAdmin, register_history


class ServiceSaveMixin:
    """Saves run the model checks (overlapping periods, supersession) in one transaction and mark
    the row edited, so ``load_rates`` reports rather than overwrites it."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if any(f.name == "edited" for f in self.model._meta.fields):
            fields.append("edited")
        return fields

    def save_model(self, request, obj, form, change):
        services.rate_data_save(obj)


class NeverDeletedMixin:
    """Rate rows stay for good: a figure is recomputed as it was known on a date."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FinancialYear)
class FinancialYearAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = ("label", "start", "end", "reference_date")
    ordering = ("-start",)


@admin.register(RateSchedule)
class RateScheduleAdmin(NeverDeletedMixin, HistoryAdmin):
    list_display = ("slug", "name", "kind", "commissioner", "copied_from")
    list_filter = ("kind",)


@admin.register(PaymentStream)
class PaymentStreamAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = ("name", "slug", "paid_to", "starts_on", "ends_on", "recorded", "position")
    ordering = ("position",)


class PaymentRateComponentInline(admin.TabularInline):
    model = PaymentRateComponent
    extra = 0
    fields = ("basis", "amount_per_unit")


@admin.register(PaymentRate)
class PaymentRateAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = (
        "stream",
        "schedule",
        "period_start",
        "period_end",
        "announced_on",
        "status",
        "backdated_members_on",
    )
    list_filter = ("schedule", "stream", "status")
    date_hierarchy = "period_start"
    ordering = ("-period_start", "stream__position", "-announced_on")
    inlines = [PaymentRateComponentInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        services.rate_data_save(form.instance)


class ArrsRoleRateInline(admin.TabularInline):
    """Read-only here: a role's rates are edited on their own page, where the history is kept."""

    model = ArrsRoleRate
    extra = 0
    fields = (
        "schedule",
        "effective_from",
        "effective_to",
        "announced_on",
        "percent",
        "max_annual_per_wte",
        "max_outer_london",
        "max_inner_london",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ArrsRole)
class ArrsRoleAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = ("name", "slug", "band")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ArrsRoleRateInline]


@admin.register(ArrsRoleRate)
class ArrsRoleRateAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = (
        "role",
        "schedule",
        "effective_from",
        "effective_to",
        "announced_on",
        "percent",
        "max_annual_per_wte",
        "max_outer_london",
        "max_inner_london",
        "status",
    )
    list_filter = ("schedule", "role", "status")
    ordering = ("role__name", "-effective_from", "-announced_on")


@admin.register(ArrsRoleCap)
class ArrsRoleCapAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = (
        "role",
        "schedule",
        "effective_from",
        "effective_to",
        "max_wte",
        "max_wte_large",
    )
    list_filter = ("schedule", "role")


@admin.register(ArrsEligibility)
class ArrsEligibilityAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = ("role", "schedule", "code", "effective_from", "effective_to")
    list_filter = ("schedule", "role")


@admin.register(ArrsSumRule)
class ArrsSumRuleAdmin(ServiceSaveMixin, NeverDeletedMixin, HistoryAdmin):
    list_display = (
        "financial_year",
        "schedule",
        "announced_on",
        "method",
        "per_head",
        "gp_per_head",
        "status",
    )
    list_filter = ("schedule", "status")
    filter_horizontal = ("roles", "gp_roles")


@admin.register(RecordedPayment)
class RecordedPaymentAdmin(HistoryAdmin):
    list_display = ("pcn", "stream", "period_start", "period_end", "amount", "state")
    list_filter = ("stream", "state")


@admin.register(ArrsCapWaiver)
class ArrsCapWaiverAdmin(HistoryAdmin):
    list_display = ("pcn", "role", "financial_year", "recorded_by_name", "recorded_at")


# The change history itself is read-only: shown, never edited or deleted.
register_history(
    FinancialYear,
    RateSchedule,
    PaymentStream,
    PaymentRate,
    PaymentRateComponent,
    ArrsRole,
    ArrsRoleRate,
    ArrsRoleCap,
    ArrsEligibility,
    ArrsSumRule,
    RecordedPayment,
    ArrsCapWaiver,
)

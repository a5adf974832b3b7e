"""Read-only views of workforce rows: every change goes through workforce.services and the pages."""

from django.contrib import admin

from pcnadmin.readonly_admin import ReadOnlyAdmin, register_history
from workforce.models import (
    Baseline,
    BaselineEvent,
    Claim,
    ClaimEvent,
    ClaimLine,
    PaymentRun,
    Staff,
    StaffTerm,
)


class ClaimLineInline(admin.TabularInline):
    model = ClaimLine
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("pk", "pcn", "month", "status", "total", "approved_amount", "due_on")
    list_filter = ("status", "financial_year")
    search_fields = ("pcn__name", "pcn__code")
    inlines = [ClaimLineInline]


@admin.register(ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ("claim", "at", "by_name", "from_status", "to_status", "amount")


@admin.register(BaselineEvent)
class BaselineEventAdmin(ReadOnlyAdmin):
    list_display = ("baseline", "at", "by_name", "from_status", "to_status", "reason")


admin.site.register([Baseline, Staff, StaffTerm, PaymentRun], ReadOnlyAdmin)
register_history(Staff)

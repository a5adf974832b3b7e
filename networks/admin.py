from django.contrib import admin

from networks import services
from networks.models import (
    PCN,
    CareHomeBeds,
    ClinicalDirector,
    Commissioner,
    ListSize,
    Membership,
    Practice,
    UserScope,
)
from pcnadmin.readonly_admin import HistoryAdmin, register_history


class ServiceSaveMixin:
    """Saves go through networks.services, like every other write."""

    def save_model(self, request, obj, form, change):
        services.reference_save(obj)


@admin.register(Commissioner)
class CommissionerAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("code", "name", "kind")
    search_fields = ("code", "name")


@admin.register(Practice)
class PracticeAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("code", "name", "postcode", "opened_on", "closed_on")
    search_fields = ("code", "name", "postcode")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("practice", "start", "end")
    raw_id_fields = ("practice",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PCN)
class PCNAdmin(ServiceSaveMixin, HistoryAdmin):
    list_display = ("code", "name", "commissioner", "nominated_payee", "area")
    list_filter = ("commissioner",)
    search_fields = ("code", "name")
    raw_id_fields = ("nominated_payee",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ServiceSaveMixin, HistoryAdmin):
    list_display = ("practice", "pcn", "start", "end")
    list_filter = ("pcn__commissioner",)
    search_fields = ("practice__code", "practice__name", "pcn__code", "pcn__name")
    raw_id_fields = ("practice", "pcn")


@admin.register(ClinicalDirector)
class ClinicalDirectorAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("name", "pcn", "start", "end", "wte_share")
    raw_id_fields = ("pcn", "user")


@admin.register(ListSize)
class ListSizeAdmin(ServiceSaveMixin, HistoryAdmin):
    list_display = ("practice", "reference_date", "registered", "weighted", "adjusted")
    list_filter = ("reference_date",)
    search_fields = ("practice__code", "practice__name")
    raw_id_fields = ("practice",)


@admin.register(CareHomeBeds)
class CareHomeBedsAdmin(ServiceSaveMixin, HistoryAdmin):
    """Beds aligned to a PCN each month, for the Care Home Premium (imported from files in the
    data-in work; set here until then)."""

    list_display = ("pcn", "month", "beds")
    list_filter = ("month",)
    search_fields = ("pcn__code", "pcn__name")


@admin.register(UserScope)
class UserScopeAdmin(ServiceSaveMixin, admin.ModelAdmin):
    list_display = ("user", "pcn", "start", "end", "manages_users")
    filter_horizontal = ("commissioners",)


# The change history itself is read-only: shown, never edited or deleted.
register_history(Commissioner, Practice, PCN, Membership, ListSize, CareHomeBeds)

"""Admin classes for rows nobody edits by hand: audit rows and change history (style.md §5)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible to administrators; no add, change or delete (the services write these rows)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryRecordAdmin(ReadOnlyAdmin):
    """A django-simple-history record: who changed what, when. Kept for good."""

    list_display = ("history_date", "history_type", "history_user", "__str__")
    list_filter = ("history_type",)
    date_hierarchy = "history_date"
    ordering = ("-history_date", "-history_id")


def register_history(*models):
    for model in models:
        admin.site.register(model.history.model, HistoryRecordAdmin)

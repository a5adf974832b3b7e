"""Admin classes for rows nobody edits by hand: audit rows and change history (style.md §5)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


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


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with an object id that is not one (``/admin/…/U‮00101/history/``)
    answered with a 404 instead of a server error."""

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404("No such row.") from error
        return super().history_view(request, object_id, extra_context)

"""Append-only audit rows (style.md §5): once written, a row is never changed or removed.

The admin refuses add, change and delete on these models; this guard refuses the same at the
model level, so no service, command or shell session can rewrite history by accident. Restoring
a backup loads rows with ``raw`` saves and is not affected.
"""

from django.db import models


class AuditRowError(RuntimeError):
    """Someone tried to change or delete an audit row."""


def _refuse(what: str, action: str):
    raise AuditRowError(f"{what} rows are append-only: they cannot be {action}.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse(self.model._meta.verbose_name.capitalize(), "updated")

    def delete(self):
        _refuse(self.model._meta.verbose_name.capitalize(), "deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse(self.model._meta.verbose_name.capitalize(), "updated")

    def _purge(self):
        """The one sanctioned removal: the events of a draft claim that was never submitted,
        thrown away with the draft (nothing was decided on it). Callers check that first."""
        return super().delete()


class AppendOnlyModel(models.Model):
    """Abstract base: saving a row that already exists, or deleting one, raises AuditRowError."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse(self._meta.verbose_name.capitalize(), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(self._meta.verbose_name.capitalize(), "deleted")


class AppendOnlyHistory(AppendOnlyModel):
    """Base for django-simple-history's historical models (``HistoricalRecords(bases=[...])``)."""

    class Meta:
        abstract = True

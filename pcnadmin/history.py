"""Change history read back: each django-simple-history record with the fields it changed, the
person frozen as text. A base helper: it imports no app (the apps' history pages and the audit
search use it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


# --- history records with their differences -----------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    action: str
    reason: str
    changes: tuple[Change, ...]

    @property
    def summary(self) -> str:
        return "; ".join(f"{c.field}: {c.old or '—'} → {c.new or '—'}" for c in self.changes)


def _shown(record, name: str, value) -> str:
    if value is None or value == "":
        return ""
    field = record.instance_type._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = getattr(record, name, None)
        return str(related) if related is not None else str(value)
    return str(value)


def _label(record, name: str) -> str:
    return str(record.instance_type._meta.get_field(name).verbose_name).capitalize()


def person(user) -> str:
    if user is None:
        return "System (import, command or data load)"
    return user.get_full_name() or user.username


def _tracked_fields(record):
    return [f.name for f in record.instance_type._meta.fields if f.name not in ("id",)]


def history_entry(record, previous) -> HistoryEntry:
    """One history record and what it changed against the record before it."""
    if previous is None or record.history_type == "+":
        changes = tuple(
            Change(_label(record, n), "", _shown(record, n, getattr(record, n)))
            for n in _tracked_fields(record)
            if getattr(record, n) not in (None, "")
        )
    elif record.history_type == "-":
        changes = ()
    else:
        delta = record.diff_against(previous, included_fields=_tracked_fields(record))
        changes = tuple(
            Change(
                _label(record, c.field),
                _shown(previous, c.field, c.old),
                _shown(record, c.field, c.new),
            )
            for c in delta.changes
        )
    return HistoryEntry(
        at=record.history_date,
        who=person(record.history_user),
        action=HISTORY_TYPES.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
        changes=changes,
    )


def history_entries(records) -> list[HistoryEntry]:
    """Every history record of one object, newest first, each with its differences."""
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    entries = [
        history_entry(record, ordered[i - 1] if i else None) for i, record in enumerate(ordered)
    ]
    return entries[::-1]

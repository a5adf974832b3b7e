"""What every funding write shares: the error, the checks before a save, the upsert that keeps an
administrator's edits, and the parsing of rates files' values."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


class RatesError(ValueError):
    """A rates file or a schedule change that cannot be applied; nothing was written."""


def _name(user) -> str:
    """The person as text, frozen on the row (empty for a command or a load)."""
    return (user.get_full_name() or user.get_username()) if user else ""


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _differences(obj, values: dict) -> dict:
    return {f: (getattr(obj, f), v) for f, v in values.items() if getattr(obj, f) != v}


@dataclass
class LoadReport:
    """What a load changed: rows written per kind, and the rows an administrator edited whose
    shipped values differ (kept as edited)."""

    counts: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def __getitem__(self, kind: str) -> int:
        return self.counts.get(kind, 0)


def _upsert(model, key: dict, values: dict, report: LoadReport | None, kind: str):
    """Create or update the row with ``key``; a row an administrator edited is never overwritten:
    its differences from the shipped values are reported instead."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = _save(model(**key, **values))
    else:
        diff = _differences(obj, values)
        if diff and getattr(obj, "edited", False) and report is not None:
            changes = "; ".join(f"{f}: {old} (shipped {new})" for f, (old, new) in diff.items())
            report.kept.append(f"{model._meta.verbose_name} {obj}: kept as edited — {changes}")
        elif diff:
            for f, (_, new) in diff.items():
                setattr(obj, f, new)
            _save(obj)
    if report is not None:
        report.count(kind)
    return obj


def _sourced(row: dict) -> dict:
    return {
        "status": row.get("status", "published"),
        "source": row.get("source", ""),
    }


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _date(value):
    return None if value in (None, "") else date.fromisoformat(value)

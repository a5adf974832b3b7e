"""Baselines: the accepted one and every version of a PCN's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from funding.models import ArrsRole
from pcnadmin.prefetch import give
from workforce.models import Baseline, BaselineEntry, BaselineStatus


def accepted_baseline(pcn_id: int) -> Baseline | None:
    """The PCN's accepted baseline with its entries and their roles, in one query: the entries
    are read with their baseline, which is read alone only when it has none."""
    accepted = Baseline.objects.filter(pcn_id=pcn_id, status=BaselineStatus.ACCEPTED)
    entries = list(
        BaselineEntry.objects.filter(baseline__in=accepted)
        .select_related("baseline", "role")
        .order_by("pk")
    )
    baseline = entries[0].baseline if entries else accepted.first()
    if baseline is not None:
        for entry in entries:
            entry.baseline = baseline
        give(baseline, "entries", entries)
    return baseline


def baseline_versions(pcn) -> list[Baseline]:
    return list(
        Baseline.objects.filter(pcn=pcn).prefetch_related("entries__role").order_by("-version")
    )


@dataclass(frozen=True)
class BaselineEditing:
    """What the baseline edit page starts from: the open draft if there is one, the WTE per role
    id to show (the draft's, else the accepted version's), whether a new version corrects an
    earlier one (so needs a reason), and the roles."""

    draft: Baseline | None
    initial_wte: dict[int, Decimal]
    needs_reason: bool
    roles: list[ArrsRole]


def baseline_editing(pcn) -> BaselineEditing:
    versions = baseline_versions(pcn)
    draft = next((b for b in versions if b.status == BaselineStatus.DRAFT), None)
    start = draft or next((b for b in versions if b.status == BaselineStatus.ACCEPTED), None)
    return BaselineEditing(
        draft=draft,
        initial_wte={e.role_id: e.wte for e in start.entries.all()} if start else {},
        needs_reason=draft is None and bool(versions),
        roles=list(ArrsRole.objects.all()),
    )

"""Baselines: the accepted one and every version of a PCN's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from funding.models import ArrsRole
from workforce.models import Baseline, BaselineEntry, BaselineStatus


def accepted_baseline(pcn_id: int) -> Baseline | None:
    return (
        Baseline.objects.filter(pcn_id=pcn_id, status=BaselineStatus.ACCEPTED)
        .prefetch_related(
            Prefetch("entries", queryset=BaselineEntry.objects.select_related("role"))
        )
        .first()
    )


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

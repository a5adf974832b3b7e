"""Reads of rate schedules and of the history of their rows, scoped by user."""

from dataclasses import dataclass

from django.http import Http404

from funding.models import ArrsRoleRate, ArrsSumRule, PaymentRate, RateSchedule

# --- rate history -------------------------------------------------------------------------------

RATE_KINDS = {
    "payment-rate": (PaymentRate, "Payment rate"),
    "role-rate": (ArrsRoleRate, "ARRS role rate"),
    "sum-rule": (ArrsSumRule, "ARRS sum rule"),
}


@dataclass(frozen=True)
class RateHistory:
    kind: str
    kind_label: str
    title: str
    exists: bool
    entries: list


def rate_history(kind: str, pk: int) -> RateHistory:
    """Every recorded change to one rate row (also after it was deleted), newest first, with the
    fields each change altered; 404 for an unknown kind or a row that never existed."""
    from pcnadmin.history import history_entries

    if kind not in RATE_KINDS:
        raise Http404("No such kind of rate.")
    model, label = RATE_KINDS[kind]
    records = list(model.history.filter(id=pk).select_related("history_user"))
    if not records:
        raise Http404("No rate with that number has any history.")
    live = model.objects.filter(pk=pk).first()
    title = str(live) if live is not None else str(records[-1].instance)
    return RateHistory(kind, label, title, live is not None, history_entries(records))


# --- rate schedules -----------------------------------------------------------------------------


def schedule_for(user, slug: str) -> RateSchedule:
    """A schedule ``user`` may see (national and planning ones for everyone signed in, a local one
    for its commissioner's people and administrators), else 404."""
    schedule = RateSchedule.objects.visible_to(user).filter(slug=slug).first()
    if schedule is None:
        raise Http404("No rate schedule with that name is in your scope.")
    return schedule


def may_edit_schedule(user, schedule: RateSchedule) -> bool:
    """Local schedules are edited here by their commissioner's contract managers and by
    administrators; the national and planning schedules only through the admin, audited."""
    from networks.scopes import UserType, scope_for

    if schedule.kind != RateSchedule.Kind.LOCAL:
        return False
    scope = scope_for(user)
    return scope.sees_everything or (
        scope.user_type == UserType.CONTRACT_MANAGER
        and scope.sees_commissioner(schedule.commissioner_id)
    )


@dataclass(frozen=True)
class ScheduleRows:
    schedule: RateSchedule
    role_rates: list
    payment_rates: list
    sum_rules: list
    editable: bool


def schedule_rows(user, schedule: RateSchedule) -> ScheduleRows:
    """Every row of a schedule for its page (four queries)."""
    return ScheduleRows(
        schedule,
        list(
            ArrsRoleRate.objects.filter(schedule=schedule)
            .select_related("role")
            .order_by("role__name", "effective_from", "announced_on")
        ),
        list(
            PaymentRate.objects.filter(schedule=schedule)
            .select_related("stream")
            .prefetch_related("components")
            .order_by("period_start", "stream__position", "announced_on")
        ),
        list(
            ArrsSumRule.objects.filter(schedule=schedule)
            .select_related("financial_year")
            .order_by("financial_year__start", "announced_on")
        ),
        may_edit_schedule(user, schedule),
    )

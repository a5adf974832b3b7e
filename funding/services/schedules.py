"""Changes a person makes: copying a schedule into a local planning one and editing it, admin
edits of rate rows, recorded payments and cap waivers."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from funding.models import (
    ArrsCapWaiver,
    ArrsEligibility,
    ArrsRole,
    ArrsRoleCap,
    ArrsRoleRate,
    ArrsSumRule,
    FinancialYear,
    PaymentRate,
    PaymentRateComponent,
    PaymentStream,
    RateSchedule,
    RecordedPayment,
)
from funding.services.common import RatesError, _name, _save, _upsert


def _copy_row(row, **changes):
    row.pk = None
    row.id = None
    row._state.adding = True
    row._prefetched_objects_cache = {}  # the copy's relations start empty
    row.edited = False
    for name, value in changes.items():
        setattr(row, name, value)
    return _save(row)


@transaction.atomic
def schedule_copy(
    *, source: RateSchedule, commissioner, slug: str, name: str, by=None
) -> RateSchedule:
    """Copy every row of ``source`` into a new local planning schedule private to
    ``commissioner``; claims and statements keep using ``national``."""
    if RateSchedule.objects.filter(slug=slug).exists():
        raise RatesError(f"A schedule named {slug!r} already exists: choose another name.")
    copy = _save(
        RateSchedule(
            slug=slug,
            name=name,
            kind=RateSchedule.Kind.LOCAL,
            commissioner=commissioner,
            copied_from=source,
            description=f"Copied from {source.slug}.",
            created_by_name=_name(by),
        )
    )
    for rate in PaymentRate.objects.filter(schedule=source).prefetch_related("components"):
        components = list(rate.components.all())
        new = _copy_row(rate, schedule=copy)
        for c in components:
            _save(PaymentRateComponent(rate=new, basis=c.basis, amount_per_unit=c.amount_per_unit))
    for model in (ArrsRoleRate, ArrsRoleCap, ArrsEligibility):
        for row in model.objects.filter(schedule=source):
            _copy_row(row, schedule=copy)
    for rule in ArrsSumRule.objects.filter(schedule=source).prefetch_related("roles", "gp_roles"):
        roles, gp_roles = list(rule.roles.all()), list(rule.gp_roles.all())
        new = _copy_row(rule, schedule=copy)
        new.roles.set(roles)
        new.gp_roles.set(gp_roles)
    return copy


@transaction.atomic
def rate_data_save(obj):
    """Save a row edited by an administrator, with the same checks as the loaders. The rows of the
    same stream or role are locked first, so two edits cannot both pass the overlap check in
    ``clean``; the row is marked edited so a later ``load_rates`` never overwrites it."""
    if isinstance(obj, PaymentRate):
        list(
            PaymentRate.objects.select_for_update().filter(
                schedule_id=obj.schedule_id, stream_id=obj.stream_id
            )
        )
    elif isinstance(obj, ArrsRoleRate) and obj.role_id:
        list(ArrsRoleRate.objects.select_for_update().filter(role_id=obj.role_id))
    if hasattr(obj, "edited"):
        obj.edited = True
    return _save(obj)


@transaction.atomic
def recorded_payment_set(
    *,
    pcn,
    stream: PaymentStream,
    period_start: date,
    period_end: date,
    amount: Decimal,
    state: str = RecordedPayment.State.ASSESSED,
    note: str = "",
    by=None,
) -> RecordedPayment:
    """Record what the commissioner assessed or paid for a stream paid on assessment (CAIP, IIF):
    recorded, not scored."""
    if not stream.recorded:
        raise RatesError(f"{stream} is computed from its rate, not recorded.")
    return _upsert(
        RecordedPayment,
        {"pcn": pcn, "stream": stream, "period_start": period_start},
        {
            "period_end": period_end,
            "amount": Decimal(amount),
            "state": state,
            "note": note,
            "recorded_by_name": _name(by),
        },
        None,
        "recorded_payments",
    )


@transaction.atomic
def cap_waiver_record(*, pcn, role: ArrsRole, financial_year: FinancialYear, reason: str, by=None):
    """The commissioner's record that a PCN's WTE cap for a role does not apply that year."""
    if not reason.strip():
        raise RatesError("Give the reason the cap is waived (e.g. local supply is not an issue).")
    return _upsert(
        ArrsCapWaiver,
        {"pcn": pcn, "role": role, "financial_year": financial_year},
        {
            "reason": reason.strip(),
            "recorded_by_name": _name(by),
        },
        None,
        "cap_waivers",
    )


@transaction.atomic
def local_role_rate_update(
    *,
    rate: ArrsRoleRate,
    percent: Decimal,
    max_annual_per_wte: Decimal | None,
    max_outer_london: Decimal | None,
    max_inner_london: Decimal | None,
    source: str,
) -> ArrsRoleRate:
    """Change a role's terms in a local planning schedule (claims and statements never use one);
    the row keeps its history. The national and planning schedules are changed through the
    admin only."""
    rate = ArrsRoleRate.objects.select_for_update().select_related("schedule").get(pk=rate.pk)
    if rate.schedule.kind != RateSchedule.Kind.LOCAL:
        raise RatesError("Only a local planning schedule is edited here.")
    rate.percent = percent
    rate.max_annual_per_wte = max_annual_per_wte
    rate.max_outer_london = max_outer_london
    rate.max_inner_london = max_inner_london
    rate.source = source
    rate.edited = True
    return _save(rate)

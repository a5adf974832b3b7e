"""Keep the rates held before schedules existed in a schedule of their own, ``before-schedules``
(a planning schedule: claims and statements use ``national``, which ``load_rates`` fills from the
shipped files): each payment rate's stream becomes a PaymentStream row and its amount and basis its
one component; every rate row (and its history) is dated as announced on the day it took effect.
Nothing is deleted, and none of these rows can stand in force beside the national ones."""

from datetime import date

from django.db import migrations

STREAMS = {
    "clinical_director": ("Clinical Director contribution", date(2019, 7, 1), date(2024, 3, 31), 1),
    "core": ("Core PCN funding", date(2019, 4, 1), None, 2),
    "extended_hours": ("Extended hours access", date(2019, 7, 1), date(2022, 9, 30), 3),
    "participation": ("Network participation payment", date(2019, 4, 1), None, 5),
}


def forwards(apps, schema_editor):
    RateSchedule = apps.get_model("funding", "RateSchedule")
    PaymentStream = apps.get_model("funding", "PaymentStream")
    PaymentRate = apps.get_model("funding", "PaymentRate")
    Component = apps.get_model("funding", "PaymentRateComponent")
    ArrsRoleRate = apps.get_model("funding", "ArrsRoleRate")
    ArrsSumRule = apps.get_model("funding", "ArrsSumRule")
    FinancialYear = apps.get_model("funding", "FinancialYear")
    held = [PaymentRate, ArrsRoleRate, ArrsSumRule] + [
        apps.get_model("funding", f"Historical{name}")
        for name in ("PaymentRate", "ArrsRoleRate", "ArrsSumRule")
    ]
    if not any(model.objects.exists() for model in held):
        return  # a new database: load_rates fills the schedules
    national, _ = RateSchedule.objects.get_or_create(
        slug="before-schedules",
        defaults={
            "name": "Rates held before schedules existed",
            "kind": "planning",
            "description": "The rates file of 2019/20–2023/24 as loaded before rate schedules; "
            "superseded by the national and planning-2019 schedules.",
        },
    )
    streams = {}
    for slug, (name, starts, ends, position) in STREAMS.items():
        paid_to = "practice" if slug == "participation" else "pcn"
        streams[slug], _ = PaymentStream.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "paid_to": paid_to,
                "starts_on": starts,
                "ends_on": ends,
                "position": position,
            },
        )
    for rate in PaymentRate.objects.all():
        rate.schedule = national
        rate.stream_fk = streams[rate.stream]
        rate.announced_on = rate.period_start
        rate.save()
        Component.objects.create(
            rate=rate, basis=rate.basis, amount_per_unit=rate.amount_per_patient
        )
    for row in ArrsRoleRate.objects.all():
        row.schedule, row.announced_on = national, row.effective_from
        row.save()
    for row in ArrsSumRule.objects.select_related("financial_year"):
        row.schedule, row.announced_on = national, row.financial_year.start
        row.save()
    # History rows keep what they said, dated and scheduled like the rows they describe.
    for record in apps.get_model("funding", "HistoricalPaymentRate").objects.all():
        record.schedule_id = national.pk
        record.stream_fk_id = streams[record.stream].pk if record.stream in streams else None
        record.announced_on = record.period_start
        record.save()
    for record in apps.get_model("funding", "HistoricalArrsRoleRate").objects.all():
        record.schedule_id, record.announced_on = national.pk, record.effective_from
        record.save()
    starts = dict(FinancialYear.objects.values_list("pk", "start"))
    for record in apps.get_model("funding", "HistoricalArrsSumRule").objects.all():
        record.schedule_id = national.pk
        record.announced_on = starts.get(record.financial_year_id, date(2019, 4, 1))
        record.save()


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_rate_schedules")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

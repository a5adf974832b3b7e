"""Every figure shipped in the national schedule, each with the row of docs/des-years.md it comes
from. The tables are written by hand from that page, not from the fixture, and the fixture may hold
nothing they do not list: a figure added without its row here fails."""

from datetime import date
from decimal import Decimal as D

import pytest

from funding.models import ArrsRoleCap, ArrsRoleRate, ArrsSumRule, PaymentRate
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loaded(db):
    factories.ensure_rates()


def d(text: str) -> date:
    return date.fromisoformat(text)


# (stream, period start, period end, announced, {basis: amount}, des-years.md row)
STREAMS = [
    ("clinical_director", "2019-07-01", "2020-03-31", "2019-08-01", {"registered": "0.514"}, "§1 Clinical Director 2019/20"),
    ("core", "2019-04-01", "2020-03-31", "2019-08-01", {"registered": "1.50"}, "§1 Core 2019/20"),
    ("extended_hours", "2019-07-01", "2020-03-31", "2019-08-01", {"registered": "1.099"}, "§1 Extended hours 2019/20"),
    ("participation", "2019-04-01", "2020-03-31", "2019-08-01", {"weighted": "1.761"}, "§1 Participation 2019/20"),
    ("clinical_director", "2020-04-01", "2021-03-31", "2020-04-01", {"registered": "0.722"}, "§1 Clinical Director 2020/21"),
    ("core", "2020-04-01", "2021-03-31", "2020-04-01", {"registered": "1.50"}, "§1 Core 2020/21"),
    ("extended_hours", "2020-04-01", "2021-03-31", "2020-04-01", {"registered": "1.45"}, "§1 Extended hours 2020/21"),
    ("participation", "2020-04-01", "2021-03-31", "2020-04-01", {"weighted": "1.761"}, "§1 Participation 2020/21"),
    ("pcn_support", "2020-04-01", "2020-09-30", "2020-04-01", {"weighted": "0.27"}, "§1 PCN support payment 2020/21"),
    ("care_home_premium", "2020-08-01", "2021-03-31", "2020-08-01", {"care_home_beds": "60"}, "§1 Care Home Premium 2020/21"),
    ("clinical_director", "2021-04-01", "2022-03-31", "2021-05-10", {"registered": "0.722"}, "§1 Clinical Director 2021/22"),
    ("core", "2021-04-01", "2022-03-31", "2021-04-01", {"registered": "1.50"}, "§1 Core 2021/22"),
    ("extended_hours", "2021-04-01", "2022-03-31", "2021-05-10", {"registered": "1.44"}, "§1 Extended hours 2021/22; §5 confirmed"),
    ("participation", "2021-04-01", "2022-03-31", "2021-04-01", {"weighted": "1.761"}, "§1 Participation 2021/22; §5 choice"),
    ("care_home_premium", "2021-04-01", "2022-03-31", "2021-04-01", {"care_home_beds": "120"}, "§1 Care Home Premium 2021/22"),
    ("clinical_director", "2022-04-01", "2023-03-31", "2022-04-01", {"registered": "0.722"}, "§1 Clinical Director 2022/23; §5 choice"),
    ("core", "2022-04-01", "2023-03-31", "2022-04-01", {"registered": "1.50"}, "§1 Core 2022/23"),
    ("extended_hours", "2022-04-01", "2022-09-30", "2022-04-01", {"registered": "0.720"}, "§1 Extended hours 2022/23"),
    ("enhanced_access", "2022-10-01", "2023-03-31", "2022-04-01", {"adjusted": "3.764"}, "§1 Enhanced Access 2022/23"),
    ("participation", "2022-04-01", "2023-03-31", "2022-04-01", {"weighted": "1.761"}, "§1 Participation 2022/23"),
    ("leadership_management", "2022-04-01", "2023-03-31", "2022-04-01", {"adjusted": "0.699"}, "§1 Leadership and management 2022/23"),
    ("care_home_premium", "2022-04-01", "2023-03-31", "2022-04-01", {"care_home_beds": "120"}, "§1 Care Home Premium 2022/23"),
    ("clinical_director", "2023-04-01", "2024-03-31", "2023-04-01", {"registered": "0.72963"}, "§1 Clinical Director 2023/24; §5 choice"),
    ("core", "2023-04-01", "2024-03-31", "2023-04-01", {"registered": "1.50"}, "§1 Core 2023/24"),
    ("enhanced_access", "2023-04-01", "2024-03-31", "2023-04-01", {"adjusted": "7.578"}, "§1 Enhanced Access 2023/24"),
    ("participation", "2023-04-01", "2024-03-31", "2023-04-01", {"weighted": "1.761"}, "§1 Participation 2023/24"),
    ("leadership_management", "2023-04-01", "2024-03-31", "2023-04-01", {"adjusted": "0.684"}, "§1 Leadership and management 2023/24"),
    ("care_home_premium", "2023-04-01", "2024-03-31", "2023-04-01", {"care_home_beds": "120"}, "§1 Care Home Premium 2023/24"),
    ("casp", "2023-04-01", "2024-03-31", "2023-04-01", {"adjusted": "2.765"}, "§1 CASP 2023/24; §5 choice"),
    ("caip", "2023-04-01", "2024-03-31", "2023-04-01", {"adjusted": "1.185"}, "§1 CAIP 2023/24; §5 basis"),
    ("core", "2024-04-01", "2025-03-31", "2024-03-28", {"registered": "2.218", "adjusted": "0.698"}, "§1 Core 2024/25"),
    ("enhanced_access", "2024-04-01", "2025-03-31", "2024-03-28", {"adjusted": "7.674"}, "§1 Enhanced Access 2024/25"),
    ("enhanced_access", "2024-04-01", "2025-03-31", "2024-09-26", {"adjusted": "7.975"}, "§1 Enhanced Access 2024/25, Sep 2024"),
    ("participation", "2024-04-01", "2025-03-31", "2024-03-28", {"weighted": "1.761"}, "§1 Participation 2024/25"),
    ("care_home_premium", "2024-04-01", "2025-03-31", "2024-03-28", {"care_home_beds": "120"}, "§1 Care Home Premium 2024/25 (Doncaster LMC)"),
    ("care_home_premium", "2024-04-01", "2025-03-31", "2024-09-26", {"care_home_beds": "127.20"}, "§1 Care Home Premium 2024/25, Sep 2024"),
    ("casp", "2024-04-01", "2025-03-31", "2024-03-28", {"adjusted": "3.248"}, "§1 CASP 2024/25"),
    ("caip", "2024-04-01", "2025-03-31", "2024-03-28", {"adjusted": "1.392"}, "§1 CAIP 2024/25"),
    ("core", "2025-04-01", "2026-03-31", "2025-03-27", {"registered": "2.266", "adjusted": "0.733"}, "§1 Core 2025/26"),
    ("enhanced_access", "2025-04-01", "2026-03-31", "2025-03-27", {"adjusted": "8.427"}, "§1 Enhanced Access 2025/26"),
    ("participation", "2025-04-01", "2026-03-31", "2025-03-27", {"weighted": "1.761"}, "§1 Participation 2025/26"),
    ("care_home_premium", "2025-04-01", "2026-03-31", "2025-03-27", {"care_home_beds": "130.253"}, "§1 Care Home Premium 2025/26"),
    ("casp", "2025-04-01", "2026-03-31", "2025-03-27", {"adjusted": "3.208"}, "§1 CASP 2025/26"),
    ("caip", "2025-04-01", "2026-03-31", "2025-03-27", {"adjusted": "1.375"}, "§1 CAIP 2025/26"),
]  # fmt: skip

# (role, from, announced, %, national, outer London, inner London, des-years.md row)
ROLES = [
    ("clinical-pharmacist", "2019-07-01", "2019-08-01", "70", "37810", None, None, "des-rules §5 table, 2019/20"),
    ("social-prescribing-link-worker", "2019-07-01", "2019-08-01", "100", "34113", None, None, "des-rules §5 table, 2019/20"),
    ("clinical-pharmacist", "2020-04-01", "2020-02-01", "100", "55670", None, None, "§3 Clinical pharmacist 2020/21; §3 percentage"),
    ("social-prescribing-link-worker", "2020-04-01", "2020-02-01", "100", "35389", None, None, "§3 SPLW 2020/21"),
    ("first-contact-physiotherapist", "2020-04-01", "2020-04-01", "100", "55670", None, None, "§3 FCP 2020/21"),
    ("pharmacy-technician", "2020-04-01", "2020-02-01", "100", "35389", None, None, "§3 Pharmacy technician 2020/21"),
    ("physician-associate", "2020-04-01", "2020-02-01", "100", None, None, None, "§3 roles 2020/21; §5 not found"),
    ("health-and-wellbeing-coach", "2020-04-01", "2020-02-01", "100", None, None, None, "§3 roles 2020/21; §5 not found"),
    ("care-coordinator", "2020-04-01", "2020-02-01", "100", None, None, None, "§3 Care co-ordinator 2020/21 ?"),
    ("dietitian", "2020-04-01", "2020-02-01", "100", None, None, None, "§3 roles 2020/21; §5 not found"),
    ("podiatrist", "2020-04-01", "2020-02-01", "100", None, None, None, "§3 roles 2020/21; §5 not found"),
    ("occupational-therapist", "2020-04-01", "2020-02-01", "100", None, None, None, "§3 roles 2020/21; §5 not found"),
    ("nursing-associate", "2020-10-01", "2020-11-26", "100", "29135", None, None, "§3 Nursing associate from 1 Oct 2020"),
    ("trainee-nursing-associate", "2020-10-01", "2020-11-26", "100", "25671", None, None, "§3 Trainee nursing associate from 1 Oct 2020"),
    ("care-coordinator", "2021-04-01", "2021-05-10", "100", "29726", None, None, "§3 Care co-ordinator 2021/22"),
    ("advanced-practitioner", "2021-04-01", "2021-05-10", "100", "62705", None, None, "§3 Advanced practitioner 2021/22"),
    ("paramedic", "2021-04-01", "2021-04-01", "100", None, None, None, "§3 roles 2021/22; §5 not found"),
    ("mental-health-practitioner", "2021-04-01", "2021-04-01", "50", None, None, None, "§3 percentage (MHP 50/50); §5 not found"),
    ("clinical-pharmacist", "2022-04-01", "2022-04-01", "100", "57318", None, None, "§3 Clinical pharmacist 2022/23"),
    ("clinical-pharmacist", "2022-10-01", "2022-09-26", "100", "59312", None, "68768", "§3 Clinical pharmacist from 1 Oct 2022"),
    ("social-prescribing-link-worker", "2022-04-01", "2022-04-01", "100", "36428", None, None, "§3 SPLW 2022/23 (§5)"),
    ("gp-assistant", "2022-10-01", "2022-10-01", "100", None, None, None, "§3 roles; §5 not found"),
    ("digital-transformation-lead", "2022-10-01", "2022-10-01", "100", None, None, None, "§3 roles; §5 not found"),
    ("apprentice-physician-associate", "2023-04-01", "2023-04-01", "100", None, None, None, "§3 roles 2023/24; §5 not found"),
    ("clinical-pharmacist", "2023-07-01", "2023-06-14", "100", "62340", None, None, "§3 Clinical pharmacist from 1 Jul 2023"),
    ("first-contact-physiotherapist", "2023-04-01", "2023-06-14", "100", "59312", None, None, "§3 FCP 2023/24"),
    ("first-contact-physiotherapist", "2023-07-01", "2023-06-14", "100", "62340", None, None, "§3 FCP from 1 Jul 2023"),
    ("social-prescribing-link-worker", "2023-04-01", "2023-06-14", "100", "38187", None, None, "§3 SPLW 2023/24"),
    ("social-prescribing-link-worker", "2023-07-01", "2023-06-14", "100", "40159", None, None, "§3 SPLW from 1 Jul 2023"),
    ("pharmacy-technician", "2023-04-01", "2023-06-14", "100", "38187", None, None, "§3 Pharmacy technician 2023/24"),
    ("pharmacy-technician", "2023-07-01", "2023-06-14", "100", "40159", None, None, "§3 Pharmacy technician from 1 Jul 2023"),
    ("care-coordinator", "2023-04-01", "2023-06-14", "100", "31746", None, None, "§3 Care co-ordinator 2023/24"),
    ("care-coordinator", "2023-07-01", "2023-06-14", "100", "33396", None, None, "§3 Care co-ordinator from 1 Jul 2023"),
    ("enhanced-practice-nurse", "2024-04-01", "2024-04-08", "100", "60401", "67369", "70330", "§3 Enhanced practice nurse 2024/25 (§5)"),
    ("clinical-pharmacist", "2024-10-01", "2024-09-01", "100", "65838", "73189", "76313", "§3 Clinical pharmacist from 1 Oct 2024"),
    ("advanced-practitioner", "2024-10-01", "2024-09-01", "100", "72141", "79492", "82616", "§3 Advanced practitioner from 1 Oct 2024"),
    ("pharmacy-technician", "2024-10-01", "2024-09-01", "100", "42437", "48991", "51176", "§3 Pharmacy technician from 1 Oct 2024"),
    ("general-practitioner", "2024-10-01", "2024-10-01", "100", "92462", "95233", "95233", "§3 GP from 1 Oct 2024 (London weighting)"),
    ("clinical-pharmacist", "2025-04-01", "2025-04-01", "100", "66972", "74392", "77545", "§3 Clinical pharmacist 2025/26 (§5)"),
    ("pharmacy-technician", "2025-04-01", "2025-04-01", "100", "43352", "49967", "52172", "§3 Pharmacy technician 2025/26 (§5)"),
    ("advanced-practitioner", "2025-04-01", "2025-04-01", "100", "73334", "80754", "83907", "§3 Advanced practitioner 2025/26 (§5)"),
    ("general-practitioner", "2025-04-01", "2025-03-27", "100", "105882", None, None, "§3 GP 2025/26"),
    ("healthcare-support-worker", "2025-04-01", "2025-03-27", "100", "32159", None, None, "§3 HCSW 2025/26"),
    ("practice-nurse", "2025-04-01", "2025-03-27", "100", "43352", None, None, "§3 new-to-GP nurse 2025/26"),
    ("experienced-practice-nurse", "2025-04-01", "2025-03-27", "100", "53319", None, None, "§3 experienced practice nurse 2025/26"),
    ("consultant-nurse", "2025-04-01", "2025-03-27", "100", "102683", None, None, "§3 consultant nurse 2025/26"),
]  # fmt: skip

# (year, per head, GP per head, GP period, redistribution allowed, des-years.md row)
SUMS = [
    ("2019/20", None, None, None, True, "des-rules §6 WTE allowance"),
    ("2020/21", "7.131", None, None, True, "§2 2020/21"),
    ("2021/22", "12.30", None, None, True, "§2 2021/22 (rounded; §5 choice)"),
    ("2022/23", "16.70", None, None, True, "§2 2022/23 (rounded; §5 choice)"),
    ("2023/24", "22.671", None, None, True, "§2 2023/24"),
    (
        "2024/25",
        "22.894",
        "1.303",
        ("2024-10-01", "2025-03-31"),
        False,
        "§2 2024/25 and the GP sum",
    ),
    ("2025/26", "26.631", None, None, False, "§2 2025/26"),
]

# (role, from, to, WTE, WTE over 100,000, waivable, des-years.md row)
CAPS = [
    ("pharmacy-technician", "2020-04-01", "2022-03-31", "1", "2", True, "§3 pharmacy technicians 2020/21–2021/22"),
    ("mental-health-practitioner", "2021-04-01", "2022-03-31", "1", "2", False, "§3 MHP 2021/22"),
    ("mental-health-practitioner", "2022-04-01", "2023-03-31", "2", "4", False, "§3 MHP caps 2022/23"),
    ("advanced-practitioner", "2023-04-01", "2024-03-31", "3", "6", False, "§3 AP cap 2023/24"),
    ("enhanced-practice-nurse", "2024-04-01", "2025-03-31", "1", "2", False, "§3 enhanced nurse 2024/25"),
]  # fmt: skip


def _money(text):
    return None if text is None else D(text)


@pytest.mark.parametrize(("stream", "start", "end", "announced", "components", "row"), STREAMS)
def test_each_shipped_stream_rate(stream, start, end, announced, components, row):
    rate = PaymentRate.objects.get(
        schedule__slug="national",
        stream__slug=stream,
        period_start=d(start),
        announced_on=d(announced),
    )
    assert rate.period_end == d(end), row
    assert {c.basis: c.amount_per_unit for c in rate.components.all()} == {
        basis: D(amount) for basis, amount in components.items()
    }, row


@pytest.mark.parametrize(
    ("role", "start", "announced", "percent", "national", "outer", "inner", "row"), ROLES
)
def test_each_shipped_role_rate(role, start, announced, percent, national, outer, inner, row):
    rate = ArrsRoleRate.objects.get(
        schedule__slug="national",
        role__slug=role,
        effective_from=d(start),
        announced_on=d(announced),
    )
    assert rate.percent == D(percent), row
    assert (rate.max_annual_per_wte, rate.max_outer_london, rate.max_inner_london) == (
        _money(national),
        _money(outer),
        _money(inner),
    ), row


@pytest.mark.parametrize(("year", "per_head", "gp", "gp_period", "redistribution", "row"), SUMS)
def test_each_shipped_arrs_sum_rule(year, per_head, gp, gp_period, redistribution, row):
    rule = ArrsSumRule.objects.get(schedule__slug="national", financial_year__label=year)
    assert rule.per_head == _money(per_head), row
    assert rule.gp_per_head == _money(gp), row
    if gp_period:
        assert (rule.gp_period_start, rule.gp_period_end) == tuple(map(d, gp_period)), row
        assert [r.slug for r in rule.gp_roles.all()] == ["general-practitioner"]
    assert rule.redistribution_allowed is redistribution, row


@pytest.mark.parametrize(("role", "start", "end", "wte", "large", "waivable", "row"), CAPS)
def test_each_shipped_wte_cap(role, start, end, wte, large, waivable, row):
    cap = ArrsRoleCap.objects.get(
        schedule__slug="national", role__slug=role, effective_from=d(start)
    )
    assert (cap.effective_to, cap.max_wte, cap.max_wte_large, cap.large_over, cap.waivable) == (
        d(end),
        D(wte),
        D(large),
        100_000,
        waivable,
    ), row


def test_the_national_schedule_ships_nothing_these_tables_do_not_list():
    assert PaymentRate.objects.filter(schedule__slug="national").count() == len(STREAMS)
    assert ArrsRoleRate.objects.filter(schedule__slug="national").count() == len(ROLES)
    assert ArrsSumRule.objects.filter(schedule__slug="national").count() == len(SUMS)
    assert ArrsRoleCap.objects.filter(schedule__slug="national").count() == len(CAPS)


def test_2026_27_ships_no_figure_that_is_not_known():
    # des-years §1–§3: no 2026/27 rate was found; nothing is extrapolated.
    assert not PaymentRate.objects.filter(period_start__gte=date(2026, 4, 1)).exists()
    assert not ArrsSumRule.objects.filter(financial_year__label="2026/27").exists()
    assert not ArrsRoleRate.objects.filter(effective_from__gte=date(2026, 4, 1)).exists()

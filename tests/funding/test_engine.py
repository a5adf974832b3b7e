"""The database-backed engine reproduces the DES rules' figures (§2–6) from rows: memberships,
list sizes at the reference date and the rates file."""

from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding import engine, selectors, statements
from funding.rules import to_penny
from networks import services as networks
from networks.demo import DES_START
from tests import factories

# Barking & Dagenham North, registered lists at 1 January 2019 as printed (DES rules §9).
NORTH = [5740, 5704, 4673, 4553, 4057, 4076, 3000, 5415]


def pcn_with(lists, *, reference_date=date(2019, 1, 1), start=DES_START, **kwargs):
    """A PCN whose practices have the given (registered, weighted) lists."""
    pcn = factories.PCNFactory(**kwargs)
    for registered, weighted in lists:
        factories.member(
            pcn,
            registered=registered,
            weighted=weighted,
            start=start,
            reference_date=reference_date,
        )
    return pcn


def entitlement_of(pcn, year, rates=None, as_known_on=None):
    schedule = selectors.schedule_by_slug(rates) if rates else None
    return engine.entitlements(year, [pcn], schedule, as_known_on)[0]


def test_clinical_director_2019_20_is_paid_for_nine_months(year):
    pcn = pcn_with([(size, None) for size in NORTH])
    ent = entitlement_of(pcn, year("2019/20"))
    (line,) = [line for line in ent.lines if line.stream == "clinical_director"]
    assert (line.rate.period.start, line.rate.period.end) == (date(2019, 7, 1), date(2020, 3, 31))
    assert len(line.rate.period.months) == 9
    assert ent.stream_totals["clinical_director"] == D("19130.05")  # £0.514 × 37,218


@pytest.mark.parametrize(
    ("stream", "expected"),
    [
        ("clinical_director", "19130.05"),  # £0.514 × 37,218, July–March
        ("core", "55827.00"),  # £1.50 × 37,218, whole year backdated to 1 April 2019
        ("extended_hours", "40902.58"),  # £1.099 × 37,218, July–March
        ("participation", "65540.90"),  # Σ £1.761 × each practice's list (weighted = registered)
    ],
)
def test_2019_20_streams_for_barking_and_dagenham_north(year, stream, expected):
    pcn = pcn_with([(size, None) for size in NORTH])
    assert entitlement_of(pcn, year("2019/20")).stream_totals[stream] == D(expected)


def test_participation_is_the_sum_of_each_practice_s_payment(year):
    pcn = pcn_with([(5740, "6142.50"), (4000, "4400.00")])
    ent = entitlement_of(pcn, year("2019/20"))
    # £1.761 × 6,142.50 = £10,816.94 and £1.761 × 4,400 = £7,748.40, each rounded on its own.
    assert ent.stream_totals["participation"] == D("10816.94") + D("7748.40")


def test_2022_23_extended_hours_covers_april_to_september_only(year):
    pcn = pcn_with([(10_000, None)], reference_date=date(2022, 1, 1), start=date(2022, 4, 1))
    ent = entitlement_of(pcn, year("2022/23"))
    (line,) = [line for line in ent.lines if line.stream == "extended_hours"]
    assert (line.rate.period.start, line.rate.period.end) == (date(2022, 4, 1), date(2022, 9, 30))
    # des-years §1: £0.720 for April–September 2022 (two sources), not half of £1.45.
    assert ent.stream_totals["extended_hours"] == D("7200.00")  # £0.720 × 10,000
    months = {i.month for i in engine.instalments(ent) if i.stream == "extended_hours"}
    assert months == {date(2022, m, 1) for m in range(4, 10)}


@pytest.mark.parametrize(
    ("schedule_slug", "label", "reference_date", "weighted", "expected", "n"),
    [
        ("planning-2019", "2019/20", date(2019, 1, 1), "112400", "107884.50", 2),  # §6 ex. 1
        ("planning-2019", "2021/22", date(2021, 1, 1), "41250", "287128.88", None),  # §6 ex. 2
        ("planning-2019", "2020/21", date(2020, 1, 1), "12000", "74358.00", None),  # §6 ex. 3
        ("planning-2019", "2020/21", date(2020, 1, 1), "30000", "129321.00", None),
        ("national", "2019/20", date(2019, 1, 1), "112400", "107884.50", 2),
        ("national", "2023/24", date(2023, 1, 1), "30000", "680130.00", None),  # × £22.671
        (
            "national",
            "2020/21",
            date(2020, 1, 1),
            "12000",
            "91059.00",
            None,
        ),  # floor 55,670 + 35,389
    ],
)
def test_arrs_worked_examples_through_the_engine(
    year, schedule_slug, label, reference_date, weighted, expected, n
):
    fy = year(label)
    pcn = pcn_with([(int(D(weighted)), weighted)], reference_date=reference_date, start=fy.start)
    ent = entitlement_of(pcn, fy, schedule_slug)
    assert ent.arrs.amount == D(expected)
    assert ent.arrs.wte_allowance == n
    schedule = selectors.schedule_by_slug(schedule_slug)
    assert selectors.arrs_entitlements([pcn.pk], fy, schedule)[pcn.pk] == ent.arrs


@pytest.mark.parametrize(
    ("weighted", "n", "ceiling"),
    [
        ("12000", 1, "53942.25"),
        ("49999.99", 1, "53942.25"),
        ("50000", 1, "53942.25"),
        ("99999.99", 1, "53942.25"),
        ("100000", 2, "107884.50"),
        ("112400", 2, "107884.50"),
        ("150000", 3, "161826.75"),
    ],
)
def test_2019_20_arrs_size_bands(year, weighted, n, ceiling):
    pcn = pcn_with([(30_000, weighted)])
    ent = entitlement_of(pcn, year("2019/20"))
    assert (ent.arrs.wte_allowance, ent.arrs.amount) == (n, D(ceiling))
    assert ent.arrs.allowance_roles == ("clinical-pharmacist", "social-prescribing-link-worker")


STREAMS = ["clinical_director", "core", "extended_hours", "participation"]


def mover_shares(ent, code):
    """The mover's share of each stream in one PCN."""
    return {
        line.stream: sum(s.amount for s in line.shares if s.practice_code == code)
        for line in ent.lines
    }


MOVER = {"registered": D(4673), "weighted": D("5123.46")}


@pytest.mark.parametrize("moved_on", [date(2019, 7, 2), date(2019, 11, 15), date(2020, 3, 31)])
def test_practice_moving_pcn_mid_year_splits_its_whole_year_figure_to_the_penny(year, moved_on):
    fy = year("2019/20")
    pcn_a = pcn_with([(5740, "6142.50"), (4553, "4871.71")])
    pcn_b = pcn_with([(8888, "9510.16")])
    mover = factories.member(pcn_a, registered=4673, weighted="5123.46")
    _, before_b = engine.entitlements(fy, [pcn_a, pcn_b])

    networks.practice_move(practice=mover, to_pcn=pcn_b, on=moved_on)
    after_a, after_b = engine.entitlements(fy, [pcn_a, pcn_b])

    in_a, in_b = mover_shares(after_a, mover.code), mover_shares(after_b, mover.code)
    for line_a, line_b, line_before_b in zip(
        after_a.lines, after_b.lines, before_b.lines, strict=True
    ):
        rate = line_a.rate
        whole = to_penny(rate.amount_per_patient * MOVER[rate.basis])
        assert in_a[rate.stream] + in_b[rate.stream] == whole, rate.stream
        assert in_b[rate.stream] > 0
        others_a = sum(
            (s.amount for s in line_a.shares if s.practice_code != mover.code), D("0.00")
        )
        if rate.paid_to == "pcn":
            others_a = to_penny(rate.amount_per_patient * (D(5740) + D(4553)))
        assert line_a.amount + line_b.amount == others_a + line_before_b.amount + whole


def test_mover_days_in_the_two_pcns_add_up_to_the_period(year):
    fy = year("2019/20")
    pcn_a, pcn_b = pcn_with([(5000, None)]), pcn_with([(6000, None)])
    mover = factories.member(pcn_a, registered=4000)
    networks.practice_move(practice=mover, to_pcn=pcn_b, on=date(2019, 10, 1))
    after_a, after_b = engine.entitlements(fy, [pcn_a, pcn_b])
    for line_a, line_b in zip(after_a.lines, after_b.lines, strict=True):
        (share_a,) = [s for s in line_a.shares if s.practice_code == mover.code]
        (share_b,) = [s for s in line_b.shares if s.practice_code == mover.code]
        assert share_a.days + share_b.days == line_a.rate.period.days
    core_a = next(line for line in after_a.lines if line.stream == "core")
    (share,) = core_a.part_shares
    assert share.days == 183  # backdated to 1 April 2019, left on 30 September 2019


def test_joiner_after_the_des_start_is_not_backdated(year):
    pcn = pcn_with([(10_000, None)])
    factories.member(pcn, registered=3660, start=date(2019, 10, 1))
    core = next(
        line for line in entitlement_of(pcn, year("2019/20")).lines if line.stream == "core"
    )
    (share,) = core.part_shares
    assert (share.days, share.amount) == (183, D("2745.00"))  # £5,490 × 183 / 366


def test_member_without_a_weighted_list_is_flagged_and_counts_as_zero(year):
    pcn = pcn_with([(10_000, "10500.00")])
    practice = factories.PracticeFactory(name="Unweighted Surgery")
    networks.membership_start(practice=practice, pcn=pcn, start=DES_START)
    networks.list_size_record(
        practice=practice, reference_date=date(2019, 1, 1), registered=5000, weighted=None
    )
    ent = entitlement_of(pcn, year("2019/20"))
    assert [f.code for f in ent.flags] == ["no_weighted", "no_payee"]
    assert "Unweighted Surgery" in ent.flags[0].message
    assert ent.stream_totals["participation"] == D("18490.50")  # £1.761 × 10,500 + £0 × 0
    assert ent.stream_totals["core"] == D("22500.00")  # its registered list still counts
    assert ent.weighted == D("10500.00")


def test_member_without_any_list_size_is_flagged(year):
    pcn = pcn_with([(10_000, None)])
    practice = factories.PracticeFactory(name="Unlisted Surgery")
    networks.membership_start(practice=practice, pcn=pcn, start=DES_START)
    ent = entitlement_of(pcn, year("2019/20"))
    assert ent.flags[0].code == "no_list_size" and "Unlisted Surgery" in ent.flags[0].message
    assert ent.stream_totals["core"] == D("15000.00")


def test_flags_are_worded_as_on_the_pcn_page(year):
    from networks.selectors import pcn_detail

    pcn = pcn_with([(10_000, "10500.00")])
    practice = factories.PracticeFactory(name="Unweighted Surgery")
    networks.membership_start(practice=practice, pcn=pcn, start=DES_START)
    networks.list_size_record(
        practice=practice, reference_date=date(2019, 1, 1), registered=5000, weighted=None
    )
    funding_flags = entitlement_of(pcn, year("2019/20")).flags
    page_flags = pcn_detail(pcn, on=date(2019, 7, 1), reference_date=date(2019, 1, 1)).flags
    assert [f.code for f in funding_flags] == ["no_weighted", "no_payee"]
    assert set(funding_flags) <= set(page_flags)  # same rule, same words, on both pages


def test_a_year_without_rates_shows_what_is_missing_and_no_total(year, rates):
    from funding import services

    fy = services.financial_year_upsert(
        label="2030/31",
        start=date(2030, 4, 1),
        end=date(2031, 3, 31),
        reference_date=date(2030, 1, 1),
    )
    pcn = pcn_with([(10_000, None)], reference_date=date(2030, 1, 1), start=date(2030, 4, 1))
    ent = entitlement_of(pcn, fy)
    assert [line for line in ent.lines if not line.rate.recorded] == [] and ent.arrs is None
    assert {s.slug for s in ent.missing} == {
        "core",
        "enhanced_access",
        "participation",
        "care_home_premium",
    }
    assert ent.stream_totals["core"] is None and ent.total is None


def test_2026_27_is_not_complete_on_the_shipped_national_figures(year):
    # des-years §1–2: core, participation, Enhanced Access, the Care Home Premium and the ARRS
    # sum per head for 2026/27 are not known here, so nothing pretends to a total.
    pcn = pcn_with([(10_000, "10000")], reference_date=date(2026, 1, 1), start=date(2026, 4, 1))
    ent = entitlement_of(pcn, year("2026/27"))
    assert ent.arrs is None and ent.total is None
    assert "casp" not in ent.stream_totals  # Capacity and Access left the DES on 31 March 2026


def test_instalments_add_up_to_the_entitlement_to_the_penny(year):
    pcn = pcn_with([(size, None) for size in NORTH])
    factories.member(pcn, registered=3333, start=date(2019, 11, 7))
    for label in ("2019/20", "2020/21"):
        ent = entitlement_of(pcn, year(label))
        rows = engine.instalments(ent)
        for stream in STREAMS:
            paid = sum(r.amount for r in rows if r.stream == stream)
            assert paid == ent.stream_totals[stream], (label, stream)


def test_nine_month_instalments_put_rounding_pennies_in_march(year):
    pcn = pcn_with([(43_218, None)])
    ent = entitlement_of(pcn, year("2019/20"))
    cd = [r for r in engine.instalments(ent) if r.stream == "clinical_director"]
    assert ent.stream_totals["clinical_director"] == D("22214.05")  # £0.514 × 43,218
    assert [r.month for r in cd] == [date(2019, m, 1) for m in range(7, 13)] + [
        date(2020, m, 1) for m in (1, 2, 3)
    ]
    assert {r.amount for r in cd[:-1]} == {D("2468.23")} and cd[-1].amount == D("2468.21")


def test_load_year_takes_the_same_queries_for_2_or_10_pcns(year):
    fy = year("2020/21")
    pcns = [
        pcn_with([(10_000, None), (8_000, None)], reference_date=date(2020, 1, 1))
        for _ in range(10)
    ]
    counts = []
    for some in (pcns[:2], pcns):
        with CaptureQueriesContext(connection) as queries:
            engine.entitlements(fy, some)
        counts.append(len(queries))
    # streams, rates and their components, memberships, lists, beds, recorded payments, the
    # ARRS rule with its roles, GP roles and maxima: the same whatever the number of PCNs.
    assert counts[0] == counts[1] <= 11


def test_bnssg_2019_20_envelope(year):
    """BNSSG CCG's 2019/20 envelope for 18 PCNs: Clinical Director £525K, extended hours £1,122K,
    core £1,531K, participation £1,696K (DES rules §4). A registered list of 1,020,700 is one that
    gives the first three to the nearest £1,000 at £0.514, £1.099 and £1.50 (1,020,473–1,020,999
    does); a weighted list of 963,100 gives the fourth at £1.761. Spread over 18 PCNs here."""
    fy = year("2019/20")
    pcns = [pcn_with([(56_700, "53500.00")]) for _ in range(17)]
    pcns.append(pcn_with([(56_800, "53600.00")]))
    summary = statements.entitlement_summary(fy, pcns, selectors.schedule_by_slug("planning-2019"))
    assert summary.totals["registered"] == 1_020_700

    def thousands(field):
        total = summary.totals[field]
        return int((total / 1000).quantize(D(1), rounding=ROUND_HALF_UP))

    assert thousands("clinical_director") == 525
    assert thousands("extended_hours") == 1122
    assert thousands("core") == 1531
    assert thousands("participation") == 1696

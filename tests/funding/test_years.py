"""The DES as it evolved, through the statement and the commands: 2024/25 core in components,
Enhanced Access and CASP on the adjusted population, CAIP as recorded, the Care Home Premium per
bed, the separate GP sum; a backdated announcement superseding, and as-known-on giving the old
figure (des-years.md)."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from funding import engine, selectors, services
from funding.models import ArrsRole, PaymentStream
from networks import services as networks
from tests import factories

STATEMENT = "/pcns/{}/statement/{}/"


@pytest.fixture
def pcn_2024(rates, commissioner_x):
    pcn = factories.PCNFactory(
        code="U00124", name="Exeshire Delta PCN", commissioner=commissioner_x
    )
    factories.member(
        pcn,
        registered=20_000,
        weighted="21000",
        adjusted="22000",
        start=date(2024, 4, 1),
        reference_date=date(2024, 1, 1),
    )
    for month in range(12):
        year, m = (2024, 4 + month) if month < 9 else (2025, month - 8)
        networks.care_home_beds_record(pcn=pcn, month=date(year, m, 1), beds=30)
    return pcn


def test_2024_25_statement_shows_core_in_components_recorded_caip_and_the_gp_sum(
    pcn_2024, contract_manager_x, client_for
):
    services.recorded_payment_set(
        pcn=pcn_2024,
        stream=PaymentStream.objects.get(slug="caip"),
        period_start=date(2024, 4, 1),
        period_end=date(2025, 3, 31),
        amount=D("5000.00"),
    )
    html = client_for(contract_manager_x).get(STATEMENT.format("U00124", "2024-25")).content
    html = html.decode()
    # Core: £2.218 × 20,000 + £0.698 × 22,000 = 44,360 + 15,356 = £59,716.00 (des-years §1).
    assert "£2.218 × 20,000 registered patients + £0.698 × 22,000.00 adjusted population" in html
    assert 'data-stream="core">£59,716.00' in html
    # Enhanced Access as known today: the September 2024 figure, £7.975 × 22,000 = £175,450.00.
    assert 'data-stream="enhanced_access">£175,450.00' in html
    # CASP £3.248 × 22,000 = £71,456.00; CAIP as the commissioner recorded it, up to £1.392 × 22,000.
    assert 'data-stream="casp">£71,456.00' in html
    assert 'data-stream="caip">£5,000.00' in html
    assert "at most £30,624.00" in html
    # Care Home Premium: £127.20 a bed a year × 30 beds × 12 months ÷ 12 = £3,816.00.
    assert 'data-stream="care_home_premium">£3,816.00' in html
    # The ARRS sum 21,000 × £22.894 and the separate GP sum 21,000 × £1.303.
    assert 'data-stream="arrs_sum">£480,774.00' in html
    assert 'data-stream="gp_sum">£27,363.00' in html
    assert "Clinical Director contribution" not in html  # merged into core from 2024/25
    assert "Unused sums may not be redistributed this year." in html
    assert 'data-rates="national"' in html


def test_a_backdated_announcement_supersedes_and_as_known_on_gives_the_old_figure(pcn_2024):
    def enhanced_access(*known_on):
        out = io.StringIO()
        args = ["entitlements", "--year", "2024/25", "--commissioner", "X01"]
        if known_on:
            args += ["--as-known-on", known_on[0]]
        call_command(*args, stdout=out, stderr=io.StringIO())
        return next(csv.DictReader(io.StringIO(out.getvalue())))["enhanced_access"]

    # £7.674 announced 28 March 2024; £7.975 announced 26 September 2024 back to 1 April 2024.
    assert enhanced_access("2024-09-25") == "168828.00"  # 22,000 × £7.674
    assert enhanced_access("2024-09-26") == "175450.00"  # 22,000 × £7.975
    assert enhanced_access() == "175450.00"


def test_care_home_premium_follows_the_beds_each_month_and_adds_up(pcn_2024):
    networks.care_home_beds_record(pcn=pcn_2024, month=date(2024, 10, 1), beds=42)
    year = selectors.financial_year_for_label("2024/25")
    ent = engine.entitlements(year, [pcn_2024])[0]
    premium = [i for i in engine.instalments(ent) if i.stream == "care_home_premium"]
    # 372 bed-months × £127.20 ÷ 12 = £3,943.20; October carries its 42 beds.
    assert ent.stream_totals["care_home_premium"] == D("3943.20")
    assert sum(i.amount for i in premium) == D("3943.20")
    october = next(i for i in premium if i.month == date(2024, 10, 1))
    assert october.amount == D("445.20")  # 42 × £10.60


def test_a_pcn_area_picks_the_london_maximum_and_says_when_none_is_published(rates):
    from funding.rules import rate_in_force

    pharmacist = ArrsRole.objects.get(slug="clinical-pharmacist")
    cp = rate_in_force(selectors.role_rates()[pharmacist.pk], date(2022, 11, 1))
    assert cp.maximum_for("inner-london") == (D("68768"), "")
    maximum, note = cp.maximum_for("outer-london")
    assert maximum == D("59312") and "No outer london supplement is published" in note


def test_a_recorded_amount_above_what_the_rate_allows_is_flagged(
    pcn_2024, contract_manager_x, client_for
):
    services.recorded_payment_set(
        pcn=pcn_2024,
        stream=PaymentStream.objects.get(slug="caip"),
        period_start=date(2024, 4, 1),
        period_end=date(2025, 3, 31),
        amount=D("50000.00"),
    )
    html = client_for(contract_manager_x).get(STATEMENT.format("U00124", "2024-25")).content
    assert 'data-flag="recorded_over_ceiling"' in html.decode()

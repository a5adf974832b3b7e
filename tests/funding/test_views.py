"""Funding pages: who sees what (404 outside scope), the same figures in HTML, PDF and CSV, and a
constant number of queries whatever the number of PCNs."""

import csv
import io
import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from funding import formatting
from networks import services as networks
from networks.scopes import UserType
from tests import factories

STATEMENT = "/pcns/{}/statement/{}/"
STATEMENT_PDF = "/pcns/{}/statement/{}.pdf"
SUMMARY = "/commissioners/{}/funding/{}/"
SUMMARY_PDF = "/commissioners/{}/funding/{}.pdf"
PAYMENTS = "/commissioners/{}/payments/{}/"
STREAMS = ["clinical_director", "core", "extended_hours", "participation"]


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


# Who sees what


def test_cd_sees_own_pcn_statement(rates, cd_a, pcn_a, client_for):
    response = client_for(cd_a).get(STATEMENT.format("U00101", "2019-20"))
    assert response.status_code == 200
    assert "Exeshire Alpha PCN: entitlement statement 2019/20" in response.content.decode()


@pytest.mark.parametrize("url", [STATEMENT, STATEMENT_PDF])
def test_cd_cannot_see_other_pcn_statement(rates, cd_a, pcn_b, client_for, url):
    assert client_for(cd_a).get(url.format("U00202", "2019-20")).status_code == 404


def test_pcn_manager_cannot_see_other_pcn_statement(rates, manager_b, pcn_a, client_for):
    assert client_for(manager_b).get(STATEMENT.format("U00101", "2020-21")).status_code == 404


@pytest.mark.parametrize("url", [SUMMARY, SUMMARY_PDF, PAYMENTS])
def test_contract_manager_y_cannot_see_x_funding(rates, contract_manager_y, pcn_a, client_for, url):
    assert client_for(contract_manager_y).get(url.format("X01", "2020-21")).status_code == 404


@pytest.mark.parametrize("url", [SUMMARY, PAYMENTS])
def test_cd_cannot_see_their_commissioner_s_funding_summary(rates, cd_a, client_for, url):
    assert client_for(cd_a).get(url.format("X01", "2020-21")).status_code == 404


def test_contract_manager_y_cannot_see_x_pcn_statement(
    rates, contract_manager_y, pcn_a, client_for
):
    assert (
        client_for(contract_manager_y).get(STATEMENT.format("U00101", "2020-21")).status_code == 404
    )


@pytest.mark.parametrize(
    "url",
    [
        STATEMENT.format("U00101", "2020-21"),
        SUMMARY.format("X01", "2020-21"),
        PAYMENTS.format("X01", "2020-21"),
    ],
)
def test_contract_manager_and_finance_see_their_commissioner_s_funding(
    rates, contract_manager_x, finance_x, pcn_a, client_for, url
):
    for person in (contract_manager_x, finance_x):
        assert client_for(person).get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/funding/",
        STATEMENT.format("U00101", "2019-20"),
        STATEMENT_PDF.format("U00101", "2019-20"),
        SUMMARY.format("X01", "2019-20"),
        SUMMARY_PDF.format("X01", "2019-20"),
        PAYMENTS.format("X01", "2019-20"),
    ],
)
def test_anonymous_is_sent_to_login(rates, pcn_a, client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "url", [STATEMENT.format("U00101", "2031-32"), SUMMARY.format("X01", "2031-32")]
)
def test_unknown_year_is_not_found(rates, administrator, pcn_a, client_for, url):
    assert client_for(administrator).get(url).status_code == 404


# The same figures everywhere


def entitlements_row(code: str, label: str) -> dict:
    out = io.StringIO()
    call_command("entitlements", "--year", label, "--format", "csv", stdout=out)
    return next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["pcn_code"] == code)


def html_cell(html: str, attr: str, name: str) -> str:
    match = re.search(rf'data-{attr}="{name}">(?:<strong[^>]*>)?([^<]+)<', html)
    assert match, (attr, name)
    return match.group(1).strip()


@pytest.mark.parametrize("label", ["2019/20", "2020/21", "2022/23"])
def test_statement_html_pdf_and_csv_show_identical_figures(
    rates, contract_manager_x, pcn_a, client_for, label
):
    for reference_date in (date(2020, 1, 1), date(2021, 1, 1), date(2022, 1, 1)):
        for membership in pcn_a.memberships.all():
            networks.list_size_record(
                practice=membership.practice,
                reference_date=reference_date,
                registered=17_777,
                weighted=D("18123.45"),
            )
    factories.member(pcn_a, registered=4_321, weighted="4500.55", start=date(2019, 11, 18))
    slug = label.replace("/", "-")
    client = client_for(contract_manager_x)
    html = client.get(STATEMENT.format("U00101", slug)).content.decode()
    text = pdf_text(client.get(STATEMENT_PDF.format("U00101", slug)))
    row = entitlements_row("U00101", label)
    streams = list(row)[4:-3]  # the year's streams, between the lists and arrs_sum, total, rates
    assert row["rates"].startswith("national rates as known on")
    assert set(STREAMS) - {"extended_hours"} <= set(streams)
    for name in [*streams, "arrs_sum"]:
        if row[name] == "":  # not set (or not recorded): no figure anywhere
            assert html_cell(html, "stream", name) in ("Not set", "Not recorded"), name
            continue
        shown = formatting.gbp(D(row[name]))
        assert html_cell(html, "stream", name) == shown, name
        assert shown in text, name
    if row["total"] == "":
        # 2022/23: the Capacity and Access Support rate is not known (des-years §1).
        assert html_cell(html, "total", "total") == "Not known"
        assert "Total (payment streams + ARRS sums) Not known" in text
        assert "Not set for 2022/23: Capacity and Access Support Payment" in text
    else:
        total = formatting.gbp(D(row["total"]))
        assert html_cell(html, "total", "total") == total
        assert f"Total (payment streams + ARRS sums) {total}" in text
    assert "national rate schedule as known on" in text
    assert "Exeshire Alpha PCN" in text and "NHS Exeshire CCG" in text and label in text
    assert "Page 1 of" in text


def test_summary_html_pdf_and_csv_show_identical_figures(rates, finance_x, pcn_a, client_for):
    second = factories.PCNFactory(
        commissioner=pcn_a.commissioner, code="U00103", name="Exeshire Gamma PCN"
    )
    factories.member(second, registered=51_234, weighted="49876.54")
    client = client_for(finance_x)
    html = client.get(SUMMARY.format("X01", "2019-20")).content.decode()
    text = pdf_text(client.get(SUMMARY_PDF.format("X01", "2019-20")))
    exported = client.get(SUMMARY.format("X01", "2019-20") + "?export=csv")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert [r["pcn_code"] for r in rows] == ["U00101", "U00103"]
    for row in rows:
        assert row == entitlements_row(row["pcn_code"], "2019/20")
        for name in [*STREAMS, "arrs_sum", "total"]:
            shown = formatting.plain(D(row[name]))
            assert shown in html and shown in text, (row["pcn_code"], name)
    grand = formatting.plain(sum(D(r["total"]) for r in rows))
    assert grand in html and grand in text


# Constant queries


def commissioner_with_pcns(n: int):
    commissioner = factories.CommissionerFactory()
    for _ in range(n):
        pcn = factories.PCNFactory(commissioner=commissioner)
        factories.member(pcn, registered=12_000, reference_date=date(2020, 1, 1))
        factories.member(pcn, registered=9_000, reference_date=date(2020, 1, 1))
        networks.pcn_update(pcn, nominated_payee=pcn.memberships.first().practice)
    return commissioner


@pytest.mark.parametrize("url", [SUMMARY, PAYMENTS])
def test_commissioner_pages_run_a_constant_number_of_queries(
    rates, client_for, django_assert_max_num_queries, url
):
    small, large = commissioner_with_pcns(2), commissioner_with_pcns(10)
    admin = factories.user(UserType.ADMINISTRATOR, username="funding-admin")
    client = client_for(admin)
    client.get("/funding/")  # the session's first use, and the year banner's (kept a minute)
    counts = []
    for commissioner in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url.format(commissioner.code, "2020-21")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(url.format(large.code, "2020-21"))


# Pages


def test_summary_has_a_totals_row_and_sorts_by_any_column(rates, administrator, client_for):
    commissioner = commissioner_with_pcns(3)
    client = client_for(administrator)
    html = client.get(
        SUMMARY.format(commissioner.code, "2020-21") + "?sort=-total"
    ).content.decode()
    assert "<tfoot>" in html and "Total" in html
    assert 'aria-sort="descending"' in html


def test_payments_page_is_paginated_and_its_csv_has_every_row(rates, administrator, client_for):
    commissioner = commissioner_with_pcns(3)
    client = client_for(administrator)
    url = PAYMENTS.format(commissioner.code, "2020-21")
    html = client.get(url).content.decode()
    assert "Page 1 of" in html
    rows = list(csv.DictReader(io.StringIO(client.get(url + "?export=csv").content.decode())))
    # 3 PCNs × (3 PCN streams to the payee + participation to 2 practices) × 12 months, and the
    # PCN support payment for April–September 2020; no care-home beds, so no premium rows.
    assert len(rows) == 3 * 5 * 12 + 3 * 6
    summary = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    SUMMARY.format(commissioner.code, "2020-21") + "?export=csv"
                ).content.decode()
            )
        )
    )
    streams = [s for s in list(summary[0])[4:-3] if s != "arrs_sum"]
    streams_total = sum(D(r[s] or 0) for r in summary for s in streams)
    assert sum(D(r["amount"]) for r in rows) == streams_total


def test_payments_page_flags_a_pcn_without_a_nominated_payee(
    rates, contract_manager_x, pcn_a, client_for
):
    html = client_for(contract_manager_x).get(PAYMENTS.format("X01", "2020-21")).content.decode()
    assert 'data-flag="no_payee"' in html and "Exeshire Alpha PCN" in html


def test_statement_explains_each_stream(rates, cd_a, pcn_a, client_for):
    factories.member(pcn_a, registered=8_218, start=date(2019, 11, 1))
    html = client_for(cd_a).get(STATEMENT.format("U00101", "2019-20")).content.decode()
    assert (
        "£0.514 × 35,000 registered patients (1 Jul 2019 – 31 Mar 2020, 9 months) = £17,990.00"
        in html
    )
    assert "for 152 of 275 days (1 Nov 2019 – 31 Mar 2020)" in html
    assert "practices that are members on 1 Jul 2019 are paid from 1 Apr 2019 (backdated)" in html
    assert 'data-arrs="remaining"' in html
    assert "Monthly payment schedule" in html


def test_statement_shows_the_year_picker_and_empty_states(rates, cd_a, client_for):
    from funding import services

    services.financial_year_upsert(
        label="2030/31",
        start=date(2030, 4, 1),
        end=date(2031, 3, 31),
        reference_date=date(2030, 1, 1),
    )
    html = client_for(cd_a).get(STATEMENT.format("U00101", "2030-31")).content.decode()
    assert 'data-empty="rates"' in html
    assert 'data-flag="no_list_size"' in html  # no lists at 1 January 2030 yet
    assert 'href="/pcns/U00101/statement/2021-22/"' in html
    assert "No ARRS sum rule is set up for 2030/31" in html
    assert "Not set for 2030/31: Core PCN funding" in html
    assert 'data-total="total"><strong>Not known</strong>' in html


def test_statement_of_a_pcn_without_members_says_so(rates, administrator, client_for):
    empty = factories.PCNFactory(code="U00109", name="Exeshire Empty PCN")
    html = client_for(administrator).get(STATEMENT.format(empty.code, "2020-21")).content.decode()
    assert 'data-empty="members"' in html and 'data-empty="rates"' not in html


def test_member_without_weighted_list_is_flagged_on_the_statement(rates, cd_a, pcn_a, client_for):
    practice = factories.PracticeFactory(name="Unweighted Surgery")
    networks.membership_start(practice=practice, pcn=pcn_a, start=date(2019, 7, 1))
    networks.list_size_record(
        practice=practice, reference_date=date(2019, 1, 1), registered=3000, weighted=None
    )
    html = client_for(cd_a).get(STATEMENT.format("U00101", "2019-20")).content.decode()
    assert 'data-flag="no_weighted"' in html and "Unweighted Surgery" in html


def test_funding_index_lists_the_years_and_commissioners_in_scope(
    rates, contract_manager_x, commissioner_y, pcn_a, client_for
):
    html = client_for(contract_manager_x).get("/funding/").content.decode()
    assert 'href="/commissioners/X01/funding/2023-24/"' in html
    assert 'href="/commissioners/X01/payments/2019-20/"' in html
    assert "Y01" not in html


def test_funding_index_gives_a_cd_their_statements(rates, cd_a, client_for):
    html = client_for(cd_a).get("/funding/").content.decode()
    assert 'href="/pcns/U00101/statement/2020-21/"' in html
    assert 'href="/commissioners/X01' not in html


def test_nav_and_pcn_page_link_to_funding(rates, cd_a, client_for):
    html = client_for(cd_a).get("/pcns/U00101/").content.decode()
    assert 'href="/funding/"' in html
    assert 'href="/pcns/U00101/statement/2019-20/"' in html


def test_the_statements_monthly_schedule_downloads_as_csv_and_adds_up(
    rates, contract_manager_x, pcn_a, client_for
):
    response = client_for(contract_manager_x).get(
        STATEMENT.format("U00101", "2021-22") + "?export=csv"
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    months, total = rows[:-1], rows[-1]
    assert [r["month"] for r in months][:2] == ["2021-04", "2021-05"] and len(months) == 12
    assert total["month"] == "total"
    assert sum(D(r["total"]) for r in months) == D(total["total"])
    for column in list(total)[1:-1]:
        assert sum(D(r[column]) for r in months) == D(total[column]), column


def test_the_payment_schedule_filters_by_month_pcn_and_payee_and_its_csv_follows(
    rates, finance_x, pcn_a, client_for
):
    second = factories.PCNFactory(commissioner=pcn_a.commissioner, code="U00103", name="Gamma PCN")
    factories.member(second, registered=51_234, weighted="49876.54")
    for pcn in (pcn_a, second):
        for membership in pcn.memberships.all():
            networks.list_size_record(
                practice=membership.practice,
                reference_date=date(2021, 1, 1),
                registered=17_777,
                weighted=D("18123.45"),
            )
    client = client_for(finance_x)
    url = PAYMENTS.format("X01", "2021-22")
    everything = list(csv.DictReader(io.StringIO(client.get(url + "?export=csv").content.decode())))
    assert {r["pcn_code"] for r in everything} == {"U00101", "U00103"}
    chosen = list(
        csv.DictReader(
            io.StringIO(client.get(url + "?export=csv&pcn=u00103&month=2021-05").content.decode())
        )
    )
    assert chosen and all(r["pcn_code"] == "U00103" and r["month"] == "2021-05" for r in chosen)
    assert len(chosen) == sum(
        1 for r in everything if r["pcn_code"] == "U00103" and r["month"] == "2021-05"
    )
    payee = next(r["payee_code"] for r in chosen if r["payee_code"])  # a member practice
    by_payee = client.get(url + f"?payee={payee}").content.decode()
    shown = sum(D(r["amount"]) for r in everything if r["payee_code"] == payee)
    assert shown > 0
    assert f"Entitlement instalments shown: <strong>{formatting.gbp(shown)}</strong>" in by_payee

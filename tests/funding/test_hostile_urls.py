"""Odd years and codes in funding URLs (issue 5.4): a page, or a 404 that says why; never a 500."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KNOWN_YEARS = {"2019-20", "2020-21", "2021-22", "2022-23", "2023-24"}
PAGES = [
    "/pcns/U00101/statement/{}/",
    "/pcns/U00101/statement/{}.pdf",
    "/commissioners/X01/funding/{}/",
    "/commissioners/X01/funding/{}/?export=csv",
    "/commissioners/X01/payments/{}/",
]
odd_year = st.one_of(
    st.sampled_from(
        [
            "0000-00",
            "9999-99",
            "2020-99",
            "2021-20",
            "2020-2",
            "20-21",
            "2020_21",
            "2020/21",
            "2020-21-22",
            "-2020-21",
            "２０２０-２１",
            "2020-21%00",
            "..%2F",
        ]
    ),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}\Z"),
    st.text(max_size=12),
)


@FUZZ
@given(page=st.sampled_from(PAGES[:1] + PAGES[2:3] + PAGES[4:]), year=odd_year)
def test_funding_pages_with_odd_years(client_for, rates, pcn_a, administrator, page, year):
    response = client_for(administrator).get(page.format(quote(year, safe="")))
    if year in KNOWN_YEARS:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("year", ["0000-00", "2020-99", "2031-32"])
def test_every_funding_page_answers_an_unknown_year_with_404(
    client_for, rates, pcn_a, finance_x, page, year
):
    assert client_for(finance_x).get(page.format(year)).status_code == 404


@FUZZ
@given(code=st.text(min_size=1, max_size=30))
def test_odd_pcn_codes_are_not_found(client_for, rates, pcn_a, administrator, code):
    response = client_for(administrator).get(f"/pcns/{quote(code, safe='')}/statement/2021-22/")
    assert response.status_code in ((200,) if code == "U00101" else (404,))

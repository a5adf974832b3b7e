"""Everything in the statement and summary PDFs lies on its A4 page.

Read from WeasyPrint's layout of each page, box by box, not from the PDF's text: WeasyPrint does
not draw what falls off the page, so a cut column is simply missing from the text."""

from datetime import date
from decimal import Decimal as D

import pytest
import weasyprint

from networks import services as networks
from tests import factories

pytestmark = pytest.mark.django_db

# Points are 1/72 inch; WeasyPrint lays pages out in CSS pixels, 1/96 inch.
A4_PX = sorted((round(210 / 25.4 * 96), round(297 / 25.4 * 96)))


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def off_page(document) -> list[str]:
    """Each box with text that reaches beyond its page, as "page N: text (right edge / page
    width)"; every page must be A4, either way round."""
    found = []
    for number, page in enumerate(document.pages, 1):
        assert sorted((round(page.width), round(page.height))) == A4_PX
        for box in _boxes(page._page_box):
            text = getattr(box, "text", "")
            if not text or not text.strip():
                continue
            right = box.position_x + box.margin_width()
            bottom = box.position_y + box.margin_height()
            if box.position_x < -0.5 or right > page.width + 0.5 or bottom > page.height + 0.5:
                found.append(f"page {number}: {text.strip()!r} ({right:.0f} / {page.width:.0f})")
    return found


@pytest.fixture
def layouts(monkeypatch):
    """The WeasyPrint layout of every PDF a request makes."""
    documents = []
    write_pdf = weasyprint.HTML.write_pdf

    def laid_out(self, *args, **kwargs):
        documents.append(self.render())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", laid_out)
    return documents


def _a_pcn_with_every_column(pcn):
    """Members with list sizes in every year, one joining mid-year: every stream has a figure."""
    for reference_date in [date(y, 1, 1) for y in range(2019, 2027)]:
        for membership in pcn.memberships.all():
            networks.list_size_record(
                practice=membership.practice,
                reference_date=reference_date,
                registered=17_777,
                weighted=D("18123.45"),
            )
    factories.member(pcn, registered=4_321, weighted="4500.55", start=date(2019, 11, 18))


@pytest.mark.parametrize("year", ["2019-20", "2020-21", "2022-23", "2024-25", "2026-27"])
def test_every_column_of_the_statement_pdf_lies_on_the_page(
    rates, contract_manager_x, pcn_a, client_for, layouts, year
):
    _a_pcn_with_every_column(pcn_a)
    response = client_for(contract_manager_x).get(f"/pcns/U00101/statement/{year}.pdf")
    assert response.status_code == 200
    [document] = layouts
    assert off_page(document) == []


@pytest.mark.parametrize("year", ["2019-20", "2024-25", "2026-27"])
def test_every_column_of_the_summary_pdf_lies_on_the_page(
    rates, finance_x, pcn_a, client_for, layouts, year
):
    _a_pcn_with_every_column(pcn_a)
    response = client_for(finance_x).get(f"/commissioners/X01/funding/{year}.pdf")
    assert response.status_code == 200
    [document] = layouts
    assert off_page(document) == []


def test_a_table_wider_than_the_page_is_found():
    """The check itself: a cell pushed past the right edge is reported."""
    wide = (
        "<style>@page { size: A4 } td { white-space: nowrap }</style><table><tr>"
        + "".join(f"<td>Column number {n}</td>" for n in range(12))
        + "</tr></table>"
    )
    found = off_page(weasyprint.HTML(string=wide).render())
    assert found and "Column number 11" in found[-1]
    assert off_page(weasyprint.HTML(string="<p>Total 1,234.56</p>").render()) == []

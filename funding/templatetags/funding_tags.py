"""Formatting filters for funding pages and PDFs (formatting only: no arithmetic)."""

from django import template

from funding import formatting
from funding.models import FinancialYear

register = template.Library()


@register.filter
def gbp(amount):
    return formatting.gbp(amount)


@register.filter
def plain(amount):
    return formatting.plain(amount)


@register.filter
def patients(size):
    """43,218 (whole patients) or 6,142.50 (weighted)."""
    if size is None:
        return "—"
    return f"{size:,}" if isinstance(size, int) else f"{size:,.2f}"


@register.simple_tag
def financial_years():
    """Every financial year set up, latest first (for year links on a PCN page)."""
    return list(FinancialYear.objects.order_by("-start"))

"""Statements, funding summaries and payment schedules, and the history of a rate row: scoped
loaders (404 outside the user's scope), a presenter, a template."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from funding import selectors, statements
from funding.pdf import pdf_response
from funding.tables import PaymentTable, SummaryTable
from networks.scopes import UserType, scope_for
from networks.selectors import get_pcn_for
from pcnadmin.exports import csv_response
from pcnadmin.pagination import BoundedPaginator

PAYMENTS_PER_PAGE = 50


@require_GET
def funding_index(request):
    index = selectors.funding_index(request.user, timezone.localdate())
    return render(request, "funding/index.html", {"index": index})


def _statement(request, code, year):
    pcn = get_pcn_for(request.user, code)
    years = selectors.financial_years()
    return statements.pcn_statement(pcn, selectors.financial_year_in(years, year), years=years)


@require_GET
def pcn_statement(request, code, year):
    statement = _statement(request, code, year)
    if request.GET.get("export") == "csv":
        return csv_response(
            f"schedule-{statement.pcn.code}-{statement.year.slug}.csv",
            statement.schedule.export_header,
            statement.schedule.export_rows(),
        )
    return render(request, "funding/statement.html", {"statement": statement})


@require_GET
def pcn_statement_pdf(request, code, year):
    statement = _statement(request, code, year)
    return pdf_response(
        request,
        "funding/pdf/statement.html",
        {"statement": statement},
        f"statement-{statement.pcn.code}-{statement.year.slug}.pdf",
    )


def _summary(request, code, year):
    commissioner = selectors.get_funding_commissioner_for(request.user, code)
    years = selectors.financial_years()
    financial_year = selectors.financial_year_in(years, year)
    return statements.commissioner_summary(commissioner, financial_year, request.user, years=years)


@require_GET
def commissioner_summary(request, code, year):
    summary = _summary(request, code, year)
    if request.GET.get("export") == "csv":
        return csv_response(
            f"funding-{summary.commissioner.code}-{summary.year.slug}.csv",
            summary.header,
            summary.export_rows(),
        )
    table = SummaryTable(summary)
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "funding/summary.html", {"summary": summary, "table": table})


@require_GET
def commissioner_summary_pdf(request, code, year):
    summary = _summary(request, code, year)
    return pdf_response(
        request,
        "funding/pdf/summary.html",
        {"summary": summary},
        f"funding-{summary.commissioner.code}-{summary.year.slug}.pdf",
    )


@require_GET
def payment_schedule(request, code, year):
    commissioner = selectors.get_funding_commissioner_for(request.user, code)
    years = selectors.financial_years()
    financial_year = selectors.financial_year_in(years, year)
    schedule = statements.payment_schedule(commissioner, financial_year, request.user, years=years)
    chosen = {name: request.GET.get(name, "")[:20] for name in ("month", "pcn", "payee")}
    rows = statements.filter_rows(schedule.rows, **chosen)
    if request.GET.get("export") == "csv":
        return csv_response(
            f"payments-{commissioner.code}-{financial_year.slug}.csv",
            statements.PAYMENT_HEADER,
            [statements.payment_row_export(row, schedule.rates_used) for row in rows],
        )
    table = PaymentTable(rows)
    RequestConfig(
        request, paginate={"per_page": PAYMENTS_PER_PAGE, "paginator_class": BoundedPaginator}
    ).configure(table)
    context = {"schedule": schedule, "table": table, "chosen": chosen}
    context["shown_total"] = sum((row.amount for row in rows), Decimal("0.00"))
    context["filtered"] = any(chosen.values())
    context["months"] = sorted({f"{row.month:%Y-%m}" for row in schedule.rows})
    return render(request, "funding/payments.html", context)


# Rates are national figures, but who changed them and when is internal: administrators keep
# them; contract managers and finance explain changed statements, so they may read the history.
RATE_HISTORY_READERS = {UserType.ADMINISTRATOR, UserType.CONTRACT_MANAGER, UserType.FINANCE}


@require_GET
def rate_history(request, kind, pk):
    if scope_for(request.user).user_type not in RATE_HISTORY_READERS:
        raise PermissionDenied("Rate history is for administrators, contract managers and finance.")
    history = selectors.rate_history(kind, pk)
    return render(request, "funding/rate_history.html", {"history": history})

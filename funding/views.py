"""Thin views: scoped loaders (404 outside the user's scope), a presenter, a template."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from funding import selectors, services, statements
from funding.forms import LocalRoleRateForm, ScheduleCopyForm
from funding.models import ArrsRoleRate, RateSchedule
from funding.pdf import pdf_response
from funding.tables import PaymentTable, SummaryTable
from networks.models import Commissioner
from networks.scopes import UserType, scope_for
from networks.selectors import get_pcn_for
from pcnadmin.exports import csv_response

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
    return render(request, "funding/statement.html", {"statement": _statement(request, code, year)})


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
    if request.GET.get("export") == "csv":
        return csv_response(
            f"payments-{commissioner.code}-{financial_year.slug}.csv",
            statements.PAYMENT_HEADER,
            [statements.payment_row_export(row, schedule.rates_used) for row in schedule.rows],
        )
    table = PaymentTable(schedule.rows)
    RequestConfig(request, paginate={"per_page": PAYMENTS_PER_PAGE}).configure(table)
    return render(request, "funding/payments.html", {"schedule": schedule, "table": table})


# Rates are national figures, but who changed them and when is internal: administrators keep
# them; contract managers and finance explain changed statements, so they may read the history.
RATE_HISTORY_READERS = {UserType.ADMINISTRATOR, UserType.CONTRACT_MANAGER, UserType.FINANCE}


@require_GET
def rate_history(request, kind, pk):
    if scope_for(request.user).user_type not in RATE_HISTORY_READERS:
        raise PermissionDenied("Rate history is for administrators, contract managers and finance.")
    history = selectors.rate_history(kind, pk)
    return render(request, "funding/rate_history.html", {"history": history})


# Rate schedules: everyone signed in reads the national and planning schedules; a commissioner's
# contract managers copy one into a local planning schedule and edit it; administrators too.
SCHEDULE_COPIERS = {UserType.ADMINISTRATOR, UserType.CONTRACT_MANAGER}


def _copy_form(request, data=None):
    scope = scope_for(request.user)
    if scope.user_type not in SCHEDULE_COPIERS:
        raise PermissionDenied("Contract managers and administrators copy rate schedules.")
    return ScheduleCopyForm(
        data,
        schedules=RateSchedule.objects.visible_to(request.user),
        commissioners=scope.filter_commissioners(Commissioner.objects.order_by("name")),
    )


@require_GET
def schedule_list(request):
    schedules = RateSchedule.objects.visible_to(request.user).select_related("commissioner")
    can_copy = scope_for(request.user).user_type in SCHEDULE_COPIERS
    return render(request, "funding/schedules.html", {"schedules": schedules, "can_copy": can_copy})


@require_http_methods(["GET", "POST"])
def schedule_copy(request):
    form = _copy_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        copy = services.schedule_copy(
            source=form.cleaned_data["source"],
            commissioner=form.cleaned_data["commissioner"],
            slug=form.cleaned_data["slug"],
            name=form.cleaned_data["name"],
            by=request.user,
        )
        messages.success(request, f"{copy.name} is a copy of {copy.copied_from.slug}.")
        return redirect("funding:schedule_detail", slug=copy.slug)
    return render(
        request, "funding/schedule_copy.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
def schedule_detail(request, slug):
    schedule = selectors.schedule_for(request.user, slug)
    rows = selectors.schedule_rows(request.user, schedule)
    return render(request, "funding/schedule.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def schedule_role_rate_edit(request, slug, pk):
    schedule = selectors.schedule_for(request.user, slug)
    rate = get_object_or_404(ArrsRoleRate.objects.select_related("role"), pk=pk, schedule=schedule)
    if not selectors.may_edit_schedule(request.user, schedule):
        raise PermissionDenied(
            "Only a local planning schedule is edited here, by its commissioner."
        )
    initial = {f: getattr(rate, f) for f in LocalRoleRateForm.base_fields}
    form = LocalRoleRateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.local_role_rate_update(rate=rate, **form.cleaned_data)
        messages.success(request, f"{rate.role} from {rate.effective_from:%-d %B %Y} saved.")
        return redirect("funding:schedule_detail", slug=schedule.slug)
    context = {"form": form, "rate": rate, "schedule": schedule}
    return render(
        request, "funding/role_rate_form.html", context, status=400 if form.errors else 200
    )

"""Thin views: load through scoped selectors (404 outside scope), call services, render."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from networks import imports, selectors
from networks.filtersets import PCNFilter
from networks.forms import ImportForm
from networks.scopes import UserType, scope_for
from networks.tables import CommissionerTable, PCNTable
from pcnadmin.exports import csv_response, table_csv_response

PER_PAGE = 25


def _on(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return date.today()


@require_GET
def commissioner_list(request):
    qs = selectors.commissioners_for(request.user).annotate(pcn_count=Count("pcns")).distinct()
    table = CommissionerTable(qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    if request.GET.get("export") == "csv":
        return table_csv_response(table, "commissioners.csv")
    return render(request, "networks/commissioner_list.html", {"table": table})


@require_GET
def commissioner_detail(request, code):
    commissioner = selectors.get_commissioner_for(request.user, code)
    return redirect(f"{_pcn_list_url()}?commissioner={commissioner.code}")


def _pcn_list_url():
    from django.urls import reverse

    return reverse("networks:pcn_list")


@require_GET
def pcn_list(request):
    on = _on(request)
    filterset = PCNFilter(
        request.GET,
        queryset=selectors.pcn_list(request.user, on),
        commissioners=selectors.commissioners_for(request.user).distinct(),
    )
    table = PCNTable(filterset.qs)
    exporting = request.GET.get("export") == "csv"
    RequestConfig(request, paginate=False if exporting else {"per_page": PER_PAGE}).configure(table)
    if exporting:
        return _pcn_csv(table, on)
    table.list_sizes = selectors.pcn_list_sizes([p.pk for p in table.page.object_list.data], on)
    return render(
        request, "networks/pcn_list.html", {"table": table, "filter": filterset, "on": on}
    )


def _pcn_csv(table, on: date) -> HttpResponse:
    """Every PCN of the filtered, sorted list as CSV, written from plain values: rendering each
    cell through django-tables2 took half a second over all England. Same columns and headings
    as the table."""
    rows = list(
        table.data.data.values_list(
            "pk", "code", "name", "commissioner__name", "practice_count", "nominated_payee__name"
        )
    )
    sizes = selectors.pcn_list_sizes([row[0] for row in rows], on)
    header = [str(column.header) for column in table.columns]
    return csv_response(
        f"pcns-{on.isoformat()}.csv",
        header,
        (
            (code, name, commissioner, count, *sizes.get(pk, (None, None)), payee)
            for pk, code, name, commissioner, count, payee in rows
        ),
    )


@require_GET
def pcn_detail(request, code):
    pcn = selectors.get_pcn_for(request.user, code)
    try:
        reference_date = date.fromisoformat(request.GET["reference_date"])
    except (KeyError, ValueError):
        reference_date = None
    detail = selectors.pcn_detail(pcn, on=_on(request), reference_date=reference_date)
    return render(request, "networks/pcn_detail.html", {"detail": detail, "pcn": pcn})


@require_GET
def practice_detail(request, code):
    practice = selectors.get_practice_for(request.user, code)
    memberships, list_sizes = selectors.practice_detail(practice)
    return render(
        request,
        "networks/practice_detail.html",
        {"practice": practice, "memberships": memberships, "list_sizes": list_sizes},
    )


def _may_import(user) -> bool:
    scope = scope_for(user)
    return scope.sees_everything or scope.user_type == UserType.CONTRACT_MANAGER


@require_http_methods(["GET", "POST"])
def import_upload(request):
    if not _may_import(request.user):
        raise PermissionDenied("Only contract managers and administrators import data.")
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = (
            imports.import_register
            if form.cleaned_data["kind"] == "register"
            else imports.import_list_sizes
        )
        result = run(form.cleaned_data["file"].read(), user=request.user)
        if result.ok:
            messages.success(request, f"Import complete: {result.summary()}.")
            if not result.warnings and not result.renames:
                return redirect("networks:import_upload")
    status = 400 if (result is not None and not result.ok) or form.errors else 200
    return render(request, "networks/import.html", {"form": form, "result": result}, status=status)


@require_GET
def register_template(request):
    response = HttpResponse(imports.register_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pcn-admin-register-template.csv"'
    return response

"""The administrators' audit search across claim events, baseline events and the history of
rates and list sizes."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from audit.forms import AuditFilterForm
from audit.rows import Filters
from audit.selectors import AuditRows
from audit.tables import AuditTable
from networks.scopes import UserType, scope_for
from pcnadmin.exports import table_csv_response
from pcnadmin.pagination import BoundedPaginator

PER_PAGE = 50


def require_administrator(user) -> None:
    if scope_for(user).user_type != UserType.ADMINISTRATOR:
        raise PermissionDenied("The audit search is for administrators.")


@require_GET
def audit_search(request):
    require_administrator(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = Filters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            filters = Filters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
        else:
            status = 400
    table = AuditTable(AuditRows(filters) if status == 200 else [])
    exporting = request.GET.get("export") == "csv"
    RequestConfig(
        request,
        paginate=False
        if exporting
        else {"per_page": PER_PAGE, "paginator_class": BoundedPaginator},
    ).configure(table)
    if exporting and status == 200:
        return table_csv_response(table, f"audit-{timezone.localdate().isoformat()}.csv")
    return render(request, "audit/search.html", {"form": form, "table": table}, status=status)

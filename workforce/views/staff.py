"""A PCN's staff register: the list, adding someone, and one person's terms, claims and changes."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from networks import selectors as network_selectors
from networks.models import Practice
from pcnadmin.exports import table_csv_response
from pcnadmin.pagination import BoundedPaginator
from workforce import forms, permissions, selectors, services
from workforce.tables import StaffTable
from workforce.views._common import DOMAIN_ERRORS, _add_error, _message, _own_pcn


@require_GET
def my_staff(request):
    return redirect("workforce:staff_list", code=_own_pcn(request).code)


@require_GET
def staff_list(request, code):
    pcn = network_selectors.get_pcn_for(request.user, code)
    today = timezone.localdate()
    table = StaffTable(selectors.staff_register(pcn, on=today))
    RequestConfig(
        request, paginate={"per_page": 50, "paginator_class": BoundedPaginator}
    ).configure(table)
    if request.GET.get("export") == "csv":
        return table_csv_response(table, f"staff-{pcn.code}-{today.isoformat()}.csv")
    context = {"pcn": pcn, "table": table, "on": today}
    context["can_edit"] = permissions.is_pcn_user_of(request.user, pcn)
    return render(request, "workforce/staff_list.html", context)


@require_http_methods(["GET", "POST"])
def staff_new(request, code):
    pcn = network_selectors.get_pcn_for(request.user, code)
    permissions.require_pcn_user(request.user, pcn)
    practices = Practice.objects.filter(memberships__pcn=pcn).distinct()
    form = forms.StaffForm(request.POST or None, practices=practices)
    if request.method == "POST" and form.is_valid():
        try:
            staff = services.staff_add(pcn=pcn, by=request.user, **form.cleaned_data)
        except DOMAIN_ERRORS as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, f"{staff.name} added to the staff register.")
            return redirect("workforce:staff_detail", pk=staff.pk)
    context = {"pcn": pcn, "form": form}
    status = 400 if form.errors else 200
    return render(request, "workforce/staff_form.html", context, status=status)


def _staff_update(staff, form, *, by):
    """A change of terms, or the end of employment, whichever form was posted."""
    if isinstance(form, forms.StaffChangeForm):
        services.staff_change_terms(staff=staff, by=by, **form.cleaned_data)
    else:
        services.staff_end(staff=staff, by=by, **form.cleaned_data)


@require_http_methods(["GET", "POST"])
def staff_detail(request, pk):
    staff = selectors.get_staff_for(request.user, pk)
    change_form = forms.StaffChangeForm(request.POST if "change" in request.POST else None)
    end_form = forms.StaffEndForm(request.POST if "end" in request.POST else None)
    if request.method == "POST":
        permissions.require_pcn_user(request.user, staff.pcn)
        form = change_form if "change" in request.POST else end_form
        if form.is_valid():
            try:
                _staff_update(staff, form, by=request.user)
            except DOMAIN_ERRORS as error:
                _add_error(form, error)
            else:
                messages.success(request, "Staff record updated.")
                return redirect("workforce:staff_detail", pk=staff.pk)
    context = {
        "staff": staff,
        "terms": list(staff.terms.select_related("role").order_by("effective_from")),
        "lines": selectors.staff_claim_lines(staff, request.user),
        "changes": selectors.staff_changes(staff),
        "can_edit": permissions.is_pcn_user_of(request.user, staff.pcn),
        "change_form": change_form,
        "end_form": end_form,
    }
    status = 400 if (change_form.errors or end_form.errors) else 200
    return render(request, "workforce/staff_detail.html", context, status=status)

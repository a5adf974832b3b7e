"""Rate schedules: the list, a commissioner's local copy, and its role rates edited in the
browser (the national schedule only through the admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from funding import selectors, services
from funding.forms import LocalRoleRateForm, ScheduleCopyForm
from funding.models import ArrsRoleRate, RateSchedule
from networks.models import Commissioner
from networks.scopes import UserType, scope_for

PAYMENTS_PER_PAGE = 50

# Everyone signed in reads the national and planning schedules; a commissioner's contract
# managers copy one into a local planning schedule and edit it; administrators too.
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

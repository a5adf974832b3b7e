"""Financial years set up in the browser: the list, the checklist, and the forms that add a year's
rates and mark it ready. Administrators change them; contract managers and finance read them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from funding import selectors
from funding import services as funding_services
from funding.forms.years import RoleRateForm, StreamRateForm, SumRuleForm
from funding.models import ArrsRole, FinancialYear, PaymentStream
from funding.selectors import checklist as year_setup
from funding.services import RatesError
from networks.scopes import UserType, scope_for

READERS = {UserType.ADMINISTRATOR, UserType.CONTRACT_MANAGER, UserType.FINANCE}
ERRORS = (RatesError, ValidationError)


def _check(request, *, write: bool = False) -> bool:
    """Administrators set years up; contract managers and finance may read the checklists."""
    user_type = scope_for(request.user).user_type
    if user_type not in READERS or (write and user_type != UserType.ADMINISTRATOR):
        raise PermissionDenied(
            "Only administrators set financial years up."
            if write
            else "Financial years are for administrators, contract managers and finance."
        )
    return user_type == UserType.ADMINISTRATOR


def _message(error) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@require_GET
def year_list(request):
    is_admin = _check(request)
    years = FinancialYear.objects.select_related("copied_from").order_by("-start")
    latest = years.first()
    upcoming = funding_services.next_year_dates(latest)["label"] if latest else None
    context = {"years": years, "can_create": is_admin and latest, "upcoming": upcoming}
    return render(request, "funding/years/list.html", context)


@require_http_methods(["GET", "POST"])
def year_create(request):
    """A confirmation page, then the year: nothing is copied but its dates and where it came from."""
    _check(request, write=True)
    latest = year_setup.latest_year()
    error = None
    if request.method == "POST":
        try:
            year = funding_services.year_create_next(by=request.user)
        except ERRORS as problem:
            error = _message(problem)
        else:
            messages.success(request, f"{year.label} is set up. Fill in what its checklist lacks.")
            return redirect("funding:year_checklist", year=year.slug)
    upcoming = funding_services.next_year_dates(latest) if latest else None
    context = {"latest": latest, "upcoming": upcoming, "error": error}
    return render(request, "funding/years/create.html", context, status=400 if error else 200)


def _checklist_page(request, year, *, error=None, status=200):
    is_admin = _check(request)
    checklist = year_setup.year_checklist(year)
    context = {"year": year, "checklist": checklist, "can_edit": is_admin, "error": error}
    return render(request, "funding/years/checklist.html", context, status=status)


@require_GET
def year_checklist(request, year):
    _check(request)
    return _checklist_page(request, selectors.financial_year_by_slug(year))


@require_POST
def year_mark_ready(request, year):
    _check(request, write=True)
    financial_year = selectors.financial_year_by_slug(year)
    try:
        funding_services.year_mark_ready(year=financial_year, by=request.user)
    except ERRORS as problem:
        return _checklist_page(request, financial_year, error=_message(problem), status=400)
    messages.success(request, f"{financial_year.label} is marked ready.")
    return redirect("funding:year_checklist", year=financial_year.slug)


def _rate_form(request, year, form, save, title, template_context):
    """Show ``form``; on a valid POST call ``save(cleaned_data)`` and return to the checklist;
    a refused save comes back with what was typed and the reason at the top."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ERRORS as problem:
            form.add_error(None, _message(problem))
        else:
            messages.success(request, f"{title} for {year.label} saved.")
            return redirect("funding:year_checklist", year=year.slug)
    context = {"year": year, "form": form, "title": title, **template_context}
    status = 400 if form.errors else 200
    return render(request, "funding/years/rate_form.html", context, status=status)


def _data(request):
    return request.POST if request.method == "POST" else None


@require_http_methods(["GET", "POST"])
def year_stream_rate(request, year, stream):
    _check(request, write=True)
    financial_year = selectors.financial_year_by_slug(year)
    stream = get_object_or_404(PaymentStream, slug=stream)
    initial = {"period_start": financial_year.start, "period_end": financial_year.end}
    form = StreamRateForm(_data(request), initial=initial)

    def save(f):
        funding_services.year_stream_rate_add(
            year=financial_year,
            stream=stream,
            components=f.components(),
            by=request.user,
            **{k: f.cleaned_data[k] for k in ("period_start", "period_end", "announced_on")},
            **{k: f.cleaned_data[k] for k in ("status", "source")},
        )

    return _rate_form(request, financial_year, form, save, stream.name, {"kind": "stream"})


@require_http_methods(["GET", "POST"])
def year_sum_rule(request, year):
    _check(request, write=True)
    financial_year = selectors.financial_year_by_slug(year)
    form = SumRuleForm(_data(request))

    def save(f):
        funding_services.year_sum_rule_set(year=financial_year, by=request.user, **f.cleaned_data)

    return _rate_form(request, financial_year, form, save, "ARRS sum rule", {"kind": "sum"})


@require_http_methods(["GET", "POST"])
def year_role_rate(request, year, role):
    _check(request, write=True)
    financial_year = selectors.financial_year_by_slug(year)
    role = get_object_or_404(ArrsRole, slug=role)
    form = RoleRateForm(_data(request), initial={"effective_from": financial_year.start})

    def save(f):
        funding_services.year_role_rate_add(role=role, by=request.user, **f.cleaned_data)

    return _rate_form(request, financial_year, form, save, role.name, {"kind": "role"})

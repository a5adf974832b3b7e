"""Thin views: load through scoped selectors (404 outside scope), call services, render."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from networks import imports, selectors, services
from networks.filtersets import PCNFilter
from networks.forms import ImportForm, PcnUserForm, PcnUserInviteForm
from networks.scopes import GROUP_NAMES, UserType, scope_for
from networks.tables import CommissionerTable, PCNTable, PcnUserTable
from pcnadmin.exports import csv_response, table_csv_response
from pcnadmin.pagination import BoundedPaginator

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
    RequestConfig(
        request, paginate={"per_page": PER_PAGE, "paginator_class": BoundedPaginator}
    ).configure(table)
    if request.GET.get("export") == "csv":
        return table_csv_response(table, "commissioners.csv")
    return render(request, "networks/commissioner_list.html", {"table": table})


@require_GET
def commissioner_detail(request, code):
    commissioner = selectors.get_commissioner_for(request.user, code)
    return redirect(f"{_pcn_list_url()}?commissioner={commissioner.code}")


def _pcn_list_url():
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
    RequestConfig(
        request,
        paginate=False
        if exporting
        else {"per_page": PER_PAGE, "paginator_class": BoundedPaginator},
    ).configure(table)
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
    if request.GET.get("export") == "csv":
        filename = f"members-{pcn.code}-{detail.on.isoformat()}.csv"
        return csv_response(filename, selectors.MEMBERS_HEADER, selectors.member_rows(detail))
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


# --- PCN users, managed by their commissioner's administrator (issue 12 §11) --------------------


def _require_user_manager(request):
    if not scope_for(request.user).may_manage_users:
        raise PermissionDenied("Only a commissioner's administrators manage its PCNs' users.")


def _user_type(person) -> str:
    names = set(person.groups.values_list("name", flat=True))
    return next((t.value for t, n in GROUP_NAMES.items() if n in names), "")


@require_GET
def user_list(request):
    _require_user_manager(request)
    table = PcnUserTable(selectors.pcn_users_for(request.user))
    RequestConfig(
        request, paginate={"per_page": PER_PAGE, "paginator_class": BoundedPaginator}
    ).configure(table)
    if request.GET.get("export") == "csv":
        return table_csv_response(table, "pcn-users.csv")
    return render(request, "networks/user_list.html", {"table": table})


@require_http_methods(["GET", "POST"])
def user_invite(request):
    _require_user_manager(request)
    pcns = selectors.pcns_for(request.user)
    form = PcnUserInviteForm(request.POST or None, pcns=pcns)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.pcn_user_invite(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{person.get_full_name()} invited: send them the link below."
            )
            return redirect("networks:user_change", pk=person.pk)
    status = 400 if form.errors else 200
    return render(request, "networks/user_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def user_change(request, pk):
    _require_user_manager(request)
    person = selectors.get_pcn_user_for(request.user, pk)
    initial = {
        "user_type": _user_type(person),
        "pcn": person.scope.pcn,
        "start": person.scope.start,
        "end": person.scope.end,
    }
    form = PcnUserForm(request.POST or None, initial=initial, pcns=selectors.pcns_for(request.user))
    for name in ("first_name", "last_name", "email"):
        del form.fields[name]  # the person's own details; their access is what changes here
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pcn_user_change(
                by=request.user,
                user=person,
                user_type=data["user_type"],
                pcn=data["pcn"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Access of {person.get_full_name()} saved.")
            return redirect("networks:user_change", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "changes": selectors.user_changes(person),
        "invitation": _invitation_link(request, person),
    }
    return render(request, "networks/user_form.html", context, status=400 if form.errors else 200)


def _invitation_link(request, person) -> str | None:
    """The link an invited person follows to choose a password; none once they have one."""
    if person.has_usable_password() or not person.is_active:
        return None
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "networks:user_welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return request.build_absolute_uri(path)


@require_http_methods(["GET", "POST"])
def user_remove(request, pk):
    """A confirmation page, then the removal: access ends and the account is switched off."""
    _require_user_manager(request)
    person = selectors.get_pcn_user_for(request.user, pk)
    if request.method == "POST":
        services.pcn_user_remove(by=request.user, user=person)
        messages.success(request, f"{person.get_full_name()} removed: their access has ended.")
        return redirect("networks:user_list")
    return render(request, "networks/user_remove.html", {"person": person})


@method_decorator(login_not_required, name="dispatch")
class UserWelcome(PasswordResetConfirmView):
    """An invited person chooses their password (Django's one-use password-reset token)."""

    template_name = "registration/welcome.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

"""The claims queue: the table of claims in the user's scope, bulk approval and payment runs."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from networks import selectors as network_selectors
from networks.scopes import UserType, scope_for
from pcnadmin.exports import table_csv_response
from pcnadmin.pagination import BoundedPaginator
from workforce import forms, permissions, selectors, services
from workforce.filtersets import ClaimFilter
from workforce.models import ClaimStatus
from workforce.tables import ClaimTable
from workforce.views._common import DOMAIN_ERRORS, _message

PER_PAGE = 25
MAX_ID = 2**63 - 1  # PostgreSQL's bigint


def _queue(request, *, payment_form=None, status=200):
    today = timezone.localdate()
    scope = scope_for(request.user)
    query = request.GET
    if scope.user_type == UserType.CONTRACT_MANAGER and "status" not in query:
        # A contract manager's queue opens on what waits for them; "All statuses" shows the rest.
        query = query.copy()
        query["status"] = ClaimStatus.SUBMITTED
    filterset = ClaimFilter(
        query,
        queryset=selectors.claim_queue(request.user, today=today),
        pcns=network_selectors.pcns_for(request.user),
        today=today,
    )
    selectable = scope.user_type in (UserType.CONTRACT_MANAGER, UserType.FINANCE)
    table = ClaimTable(filterset.qs, selectable=selectable)
    exporting = request.GET.get("export") == "csv"
    paginate = {"per_page": PER_PAGE, "paginator_class": BoundedPaginator}
    RequestConfig(request, paginate=False if exporting else paginate).configure(table)
    table.roles_by_claim = selectors.claim_roles(
        filterset.qs if exporting else [c.pk for c in table.page.object_list.data]
    )
    if exporting:
        return table_csv_response(table, f"arrs-claims-{today.isoformat()}.csv")
    context = {
        "table": table,
        "filter": filterset,
        "can_bulk_approve": scope.user_type == UserType.CONTRACT_MANAGER,
        "can_pay": scope.user_type == UserType.FINANCE,
        "can_claim": scope.is_pcn_user,
        "payment_form": payment_form or forms.PaymentRunForm(initial={"paid_on": today}),
    }
    return render(request, "workforce/claim_list.html", context, status=status)


def _selected_ids(request) -> list[int]:
    """The ticked claims. A value that is not a claim number (plain ASCII digits, within the id
    column's range) is a bad request, never a database error."""
    values = request.POST.getlist("selected")
    if not all(v.isascii() and v.isdigit() and int(v) <= MAX_ID for v in values):
        raise BadRequest("A ticked claim is not a claim number.")
    return [int(v) for v in values]


def _visible(request, ids) -> list[int]:
    """Of the ticked claims, those in the user's scope."""
    return list(selectors.claims_for(request.user).filter(pk__in=ids).values_list("pk", flat=True))


@require_GET
def claim_list(request):
    return _queue(request)


@require_POST
def claims_bulk_approve(request):
    permissions.require(
        scope_for(request.user).user_type == UserType.CONTRACT_MANAGER,
        "Only contract managers approve claims.",
    )
    ids = _selected_ids(request)
    result = services.claims_bulk_approve(claim_ids=_visible(request, ids), by=request.user)
    if result.approved:
        total = sum(claim.approved_amount for claim in result.approved)
        references = ", ".join(claim.reference for claim in result.approved)
        messages.success(
            request,
            f"Approved {len(result.approved)} claim(s) as claimed, £{total:,.2f} in all: "
            f"{references}.",
        )
    for _pk, reference, why in result.skipped:
        messages.error(request, f"{reference} not approved: {why}")
    if not ids:
        messages.error(request, "Tick the claims to approve.")
    return redirect("workforce:claim_list")


@require_POST
def payment_run_create(request):
    permissions.require(
        scope_for(request.user).user_type == UserType.FINANCE,
        "Only finance marks claims paid.",
    )
    form = forms.PaymentRunForm(request.POST)
    visible = _visible(request, _selected_ids(request))
    if not form.is_valid():
        # The queue again with the form's own messages (a 400, nothing marked paid).
        messages.error(request, "Nothing was marked paid: check the date of the payment run.")
        return _queue(request, payment_form=form, status=400)
    try:
        if request.POST.get("confirm") != "1":
            # First the count and total per payee, checked as the run will be; then the run.
            claims = services.payment_run_preview(
                claim_ids=visible, by=request.user, **form.cleaned_data
            )
            payees = selectors.by_payee(claims)
            total = sum(p.total for p in payees)
            context = {"form": form, "payees": payees, "claims": claims, "total": total}
            return render(request, "workforce/payment_run_confirm.html", context)
        run = services.payment_run_create(claim_ids=visible, by=request.user, **form.cleaned_data)
    except DOMAIN_ERRORS as error:
        messages.error(request, f"Nothing was marked paid: {_message(error)}")
    else:
        messages.success(
            request,
            f"Payment run {run.pk}: {len(visible)} claim(s) marked paid on {run.paid_on:%-d %B %Y}.",
        )
        return redirect("workforce:payment_run_detail", pk=run.pk)
    return redirect(f"{reverse('workforce:claim_list')}?status=approved")

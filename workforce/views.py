"""Thin views: load through scoped selectors (404 outside scope), call a service (403 for a
wrong role), render what a selector prepared. Rejected forms come back with what was typed."""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from funding.models import ArrsRole
from networks import selectors as network_selectors
from networks.models import Practice
from networks.scopes import UserType, scope_for
from pcnadmin.exports import table_csv_response
from pcnadmin.pagination import BoundedPaginator
from workforce import forms, lifecycle, permissions, selectors, services
from workforce.filtersets import ClaimFilter
from workforce.models import Baseline, BaselineStatus, ClaimStatus
from workforce.tables import ClaimTable

PER_PAGE = 25
DOMAIN_ERRORS = (services.WorkforceError, ValidationError)


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _add_error(form, error) -> None:
    """A service's error at the form field it is about (NHS.UK: at the field and in the summary),
    or at the top of the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        if set(error.error_dict) <= set(form.fields):
            form.add_error(None, error)
            return
    form.add_error(None, _message(error))


# --- the claim queue ----------------------------------------------------------------------------


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
    return render(
        request,
        "workforce/claim_list.html",
        {
            "table": table,
            "filter": filterset,
            "can_bulk_approve": scope.user_type == UserType.CONTRACT_MANAGER,
            "can_pay": scope.user_type == UserType.FINANCE,
            "can_claim": scope.is_pcn_user,
            "payment_form": payment_form or forms.PaymentRunForm(initial={"paid_on": today}),
        },
        status=status,
    )


MAX_ID = 2**63 - 1  # PostgreSQL's bigint


def _selected_ids(request) -> list[int]:
    """The ticked claims. A value that is not a claim number (plain ASCII digits, within the id
    column's range) is a bad request, never a database error."""
    values = request.POST.getlist("selected")
    if not all(v.isascii() and v.isdigit() and int(v) <= MAX_ID for v in values):
        raise BadRequest("A ticked claim is not a claim number.")
    return [int(v) for v in values]


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
    visible = list(
        selectors.claims_for(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    result = services.claims_bulk_approve(claim_ids=visible, by=request.user)
    if result.approved:
        messages.success(request, f"Approved {len(result.approved)} claim(s) as claimed.")
    for pk, why in result.skipped:
        messages.error(request, f"Claim {pk} not approved: {why}")
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
    ids = _selected_ids(request)
    visible = list(
        selectors.claims_for(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    if not form.is_valid():
        # The queue again with the form's own messages (a 400, nothing marked paid).
        messages.error(request, "Nothing was marked paid: check the date of the payment run.")
        return _queue(request, payment_form=form, status=400)
    try:
        run = services.payment_run_create(
            claim_ids=visible,
            by=request.user,
            paid_on=form.cleaned_data["paid_on"],
            note=form.cleaned_data["note"],
        )
    except DOMAIN_ERRORS as error:
        messages.error(request, f"Nothing was marked paid: {_message(error)}")
    else:
        messages.success(
            request,
            f"Payment run {run.pk}: {len(visible)} claim(s) marked paid on {run.paid_on:%-d %B %Y}.",
        )
    return redirect(f"{_url('workforce:claim_list')}?status=approved")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


# --- one claim ----------------------------------------------------------------------------------


def _render_claim(request, claim, status=200, **bound):
    page = selectors.claim_page(claim, request.user, today=timezone.localdate())
    context = {
        "page": page,
        "claim": claim,
        "approve_form": bound.get("approve_form") or forms.ApproveForm(),
        "reject_form": bound.get("reject_form") or forms.RejectForm(),
        "query_form": bound.get("query_form") or forms.QueryForm(),
        "answer_form": bound.get("answer_form") or forms.AnswerForm(),
        "adjust_form": bound.get("adjust_form") or forms.AdjustForm(),
        "evidence_form": bound.get("evidence_form") or forms.EvidenceForm(),
        "error": bound.get("error"),
    }
    return render(request, "workforce/claim_detail.html", context, status=status)


@require_GET
def claim_detail(request, pk):
    return _render_claim(request, selectors.get_claim_for(request.user, pk))


@require_http_methods(["GET", "POST"])
def claim_new(request):
    scope = scope_for(request.user)
    permissions.require(scope.is_pcn_user, "Only PCN managers and Clinical Directors make claims.")
    pcn = network_selectors.pcns_for(request.user).get(pk=scope.pcn_id)
    form = forms.ClaimNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_create(
                pcn=pcn, month=form.cleaned_data["month"], by=request.user
            )
        except DOMAIN_ERRORS as error:
            form.add_error("month", _message(error))
        else:
            return redirect("workforce:claim_edit", pk=claim.pk)
    status = 400 if form.errors else 200
    return render(request, "workforce/claim_new.html", {"form": form, "pcn": pcn}, status=status)


@require_http_methods(["GET", "POST"])
def claim_edit(request, pk):
    """The draft page: one row per staff member in post that month, costs typed in."""
    claim = selectors.get_claim_for(request.user, pk)
    permissions.require_pcn_user(request.user, claim.pcn)
    existing = {line.staff_id: line for line in claim.lines.all()}
    if claim.is_adjustment:
        people = [(line.staff, None) for line in claim.lines.select_related("staff")]
    else:
        people = selectors.staff_in_post(claim.pcn_id, claim.month)
        known = {s.pk for s, _ in people}
        people += [
            (line.staff, None)
            for line in claim.lines.select_related("staff")
            if line.staff_id not in known
        ]
    rows = []
    for staff, term in people:
        line = existing.get(staff.pk)
        initial = {"include": line is not None or claim.is_adjustment}
        if line is not None:
            initial |= {
                f: getattr(line, f)
                for f in ("salary", "employer_ni", "employer_pension", "apprenticeship_levy")
            }
        form = forms.LineForm(request.POST or None, prefix=f"s{staff.pk}", initial=initial)
        rows.append((staff, term, form))
    error = None
    if request.method == "POST":
        if all(form.is_valid() for _, _, form in rows):
            lines = [
                services.LineInput(
                    staff,
                    form.cleaned_data["salary"],
                    form.cleaned_data["employer_ni"],
                    form.cleaned_data["employer_pension"],
                    form.cleaned_data["apprenticeship_levy"] or 0,
                )
                for staff, _, form in rows
                if form.cleaned_data["include"]
            ]
            try:
                services.claim_lines_set(claim=claim, by=request.user, lines=lines)
            except DOMAIN_ERRORS as error_:
                error = _message(error_)
            else:
                messages.success(
                    request, "Claim lines saved. Check the problems below before submitting."
                )
                return redirect("workforce:claim_detail", pk=claim.pk)
        else:
            error = "Some amounts need correcting."
    return render(
        request,
        "workforce/claim_edit.html",
        {"claim": claim, "rows": rows, "error": error},
        status=400 if error else 200,
    )


def _act(request, pk, form_class, form_name, call, success):
    """Run one action form against a claim: success → message and redirect; a refused action →
    the claim page again, with the typed text and the reason."""
    claim = selectors.get_claim_for(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _render_claim(request, claim, status=400, **{form_name: form})
    try:
        call(claim, form.cleaned_data if form else {})
    except services.ClaimProblemsError as error:
        return _render_claim(
            request, claim, status=400, error=error.problems, **({form_name: form} if form else {})
        )
    except DOMAIN_ERRORS as error:
        return _render_claim(
            request,
            claim,
            status=400,
            error=[_message(error)],
            **({form_name: form} if form else {}),
        )
    messages.success(request, success)
    return redirect("workforce:claim_detail", pk=claim.pk)


@require_POST
def claim_submit(request, pk):
    return _act(
        request,
        pk,
        None,
        "",
        lambda c, d: services.claim_submit(claim=c, by=request.user),
        "Claim submitted. The commissioner responds within 5 working days.",
    )


@require_POST
def claim_resubmit(request, pk):
    return _act(
        request,
        pk,
        forms.AnswerForm,
        "answer_form",
        lambda c, d: services.claim_resubmit(claim=c, by=request.user, answer=d["answer"]),
        "Answer sent and claim resubmitted.",
    )


@require_POST
def claim_approve(request, pk):
    return _act(
        request,
        pk,
        forms.ApproveForm,
        "approve_form",
        lambda c, d: services.claim_approve(
            claim=c, by=request.user, amount=d["amount"], reason=d["reason"]
        ),
        "Claim approved.",
    )


@require_POST
def claim_reject(request, pk):
    return _act(
        request,
        pk,
        forms.RejectForm,
        "reject_form",
        lambda c, d: services.claim_reject(claim=c, by=request.user, reason=d["reason"]),
        "Claim rejected.",
    )


@require_POST
def claim_query(request, pk):
    return _act(
        request,
        pk,
        forms.QueryForm,
        "query_form",
        lambda c, d: services.claim_query(claim=c, by=request.user, question=d["question"]),
        "Question sent to the PCN.",
    )


@require_POST
def claim_adjust(request, pk):
    claim = selectors.get_claim_for(request.user, pk)
    form = forms.AdjustForm(request.POST)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, adjust_form=form)
    try:
        adjustment = services.claim_adjust(
            claim=claim, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DOMAIN_ERRORS as error:
        return _render_claim(request, claim, status=400, adjust_form=form, error=[_message(error)])
    messages.success(request, "Adjustment started: correct the amounts, then submit it.")
    return redirect("workforce:claim_edit", pk=adjustment.pk)


@require_POST
def claim_delete(request, pk):
    claim = selectors.get_claim_for(request.user, pk)
    try:
        services.claim_delete_draft(claim=claim, by=request.user)
    except DOMAIN_ERRORS as error:
        return _render_claim(request, claim, status=400, error=[_message(error)])
    messages.success(request, "Draft deleted.")
    return redirect("workforce:claim_list")


@require_POST
def evidence_upload(request, pk):
    claim = selectors.get_claim_for(request.user, pk)
    permissions.require_pcn_user(request.user, claim.pcn)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_claim(request, claim, status=400, evidence_form=form)
    try:
        services.evidence_add(claim=claim, by=request.user, upload=form.cleaned_data["file"])
    except DOMAIN_ERRORS as error:
        form.add_error("file", _message(error))
        return _render_claim(request, claim, status=400, evidence_form=form)
    messages.success(request, "Evidence attached.")
    return redirect("workforce:claim_detail", pk=claim.pk)


@require_GET
def evidence_download(request, pk):
    evidence = selectors.get_evidence_for(request.user, pk)
    try:
        stored = default_storage.open(evidence.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404("The evidence file is no longer in storage.") from missing
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- baselines ----------------------------------------------------------------------------------


def _own_pcn(request):
    scope = scope_for(request.user)
    permissions.require(scope.is_pcn_user and scope.pcn_id, "This page is for PCN users.")
    return network_selectors.pcns_for(request.user).get(pk=scope.pcn_id)


@require_GET
def my_baseline(request):
    return redirect("workforce:baseline", code=_own_pcn(request).code)


@require_GET
def my_staff(request):
    return redirect("workforce:staff_list", code=_own_pcn(request).code)


def _baseline_context(request, pcn, form=None):
    versions = selectors.baseline_versions(pcn)
    open_version = next((b for b in versions if b.status in lifecycle.OPEN_BASELINE_STATES), None)
    user = request.user
    state = open_version.status if open_version else None
    # The buttons are the baseline life cycle's actions for this person (workforce.lifecycle).
    mine = lifecycle.baseline_actions_for(state, lifecycle.PCN) if state else frozenset()
    theirs = (
        lifecycle.baseline_actions_for(state, lifecycle.CONTRACT_MANAGER) if state else frozenset()
    )
    signs = (
        lifecycle.baseline_actions_for(state, lifecycle.CLINICAL_DIRECTOR) if state else frozenset()
    )
    return {
        "pcn": pcn,
        "versions": versions,
        "open_version": open_version,
        "accepted": next((b for b in versions if b.status == BaselineStatus.ACCEPTED), None),
        "can_draft": permissions.is_pcn_user_of(user, pcn) and open_version is None,
        "can_edit": permissions.is_pcn_user_of(user, pcn)
        and "edit" in mine
        and open_version.is_editable,
        "can_sign_off": permissions.is_clinical_director_of(user, pcn) and "sign_off" in signs,
        "can_accept": permissions.is_contract_manager_of(user, pcn) and "accept" in theirs,
        "form": form,
    }


@require_GET
def baseline(request, code):
    pcn = network_selectors.get_pcn_for(request.user, code)
    return render(request, "workforce/baseline.html", _baseline_context(request, pcn))


@require_http_methods(["GET", "POST"])
def baseline_edit(request, code):
    """Start a version (or correct the accepted one), or change the draft's entries."""
    pcn = network_selectors.get_pcn_for(request.user, code)
    permissions.require_pcn_user(request.user, pcn)
    versions = selectors.baseline_versions(pcn)
    draft = next((b for b in versions if b.status == BaselineStatus.DRAFT), None)
    roles = ArrsRole.objects.all()
    initial_from = draft or next((b for b in versions if b.status == BaselineStatus.ACCEPTED), None)
    initial = {e.role_id: e.wte for e in initial_from.entries.all()} if initial_from else {}
    form = forms.BaselineForm(
        request.POST or None,
        roles=roles,
        initial_wte=initial,
        needs_reason=draft is None and bool(versions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if draft:
                services.baseline_entries_set(
                    baseline=draft, by=request.user, entries=form.entries()
                )
            else:
                services.baseline_draft(
                    pcn=pcn,
                    by=request.user,
                    entries=form.entries(),
                    reason=form.cleaned_data.get("reason", ""),
                )
        except DOMAIN_ERRORS as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request, "Baseline draft saved. The Clinical Director signs it off next."
            )
            return redirect("workforce:baseline", code=pcn.code)
    return render(
        request,
        "workforce/baseline_edit.html",
        {"pcn": pcn, "form": form, "draft": draft},
        status=400 if form.errors else 200,
    )


def _baseline_action(request, pk, call, success):
    baseline_row: Baseline = selectors.get_baseline_for(request.user, pk)
    try:
        call(baseline_row)
    except DOMAIN_ERRORS as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, success)
    return redirect("workforce:baseline", code=baseline_row.pcn.code)


@require_POST
def baseline_sign_off(request, pk):
    return _baseline_action(
        request,
        pk,
        lambda b: services.baseline_sign_off(baseline=b, by=request.user),
        "Baseline signed off.",
    )


@require_POST
def baseline_accept(request, pk):
    return _baseline_action(
        request,
        pk,
        lambda b: services.baseline_accept(baseline=b, by=request.user),
        "Baseline accepted and locked.",
    )


@require_POST
def baseline_return(request, pk):
    form = forms.BaselineReturnForm(request.POST)
    if not form.is_valid():
        pcn = selectors.get_baseline_for(request.user, pk).pcn
        if not permissions.is_contract_manager_of(request.user, pcn):
            raise PermissionDenied("Only the PCN's contract managers send a baseline back.")
        context = _baseline_context(request, pcn) | {"return_form": form}
        return render(request, "workforce/baseline.html", context, status=400)
    reason = form.cleaned_data["reason"]
    return _baseline_action(
        request,
        pk,
        lambda b: services.baseline_return(baseline=b, by=request.user, reason=reason),
        "Baseline sent back to the PCN.",
    )


# --- staff --------------------------------------------------------------------------------------


@require_GET
def staff_list(request, code):
    pcn = network_selectors.get_pcn_for(request.user, code)
    today = timezone.localdate()
    return render(
        request,
        "workforce/staff_list.html",
        {
            "pcn": pcn,
            "rows": selectors.staff_register(pcn, on=today),
            "on": today,
            "can_edit": permissions.is_pcn_user_of(request.user, pcn),
        },
    )


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
    return render(
        request,
        "workforce/staff_form.html",
        {"pcn": pcn, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def staff_detail(request, pk):
    staff = selectors.get_staff_for(request.user, pk)
    can_edit = permissions.is_pcn_user_of(request.user, staff.pcn)
    change_form = forms.StaffChangeForm(request.POST if "change" in request.POST else None)
    end_form = forms.StaffEndForm(request.POST if "end" in request.POST else None)
    if request.method == "POST":
        permissions.require_pcn_user(request.user, staff.pcn)
        form = change_form if "change" in request.POST else end_form
        if form.is_valid():
            try:
                if form is change_form:
                    services.staff_change_terms(staff=staff, by=request.user, **form.cleaned_data)
                else:
                    services.staff_end(staff=staff, by=request.user, **form.cleaned_data)
            except DOMAIN_ERRORS as error:
                _add_error(form, error)
            else:
                messages.success(request, "Staff record updated.")
                return redirect("workforce:staff_detail", pk=staff.pk)
    terms = list(staff.terms.select_related("role").order_by("effective_from"))
    lines = selectors.staff_claim_lines(staff, request.user)
    return render(
        request,
        "workforce/staff_detail.html",
        {
            "staff": staff,
            "terms": terms,
            "lines": lines,
            "changes": selectors.staff_changes(staff),
            "can_edit": can_edit,
            "change_form": change_form,
            "end_form": end_form,
        },
        status=400 if (change_form.errors or end_form.errors) else 200,
    )


# --- audit trail --------------------------------------------------------------------------------


@require_GET
def claim_history(request, pk):
    """Everyone who can see the claim can see its history (404 outside scope)."""
    claim = selectors.get_claim_for(request.user, pk)
    return render(
        request, "workforce/claim_history.html", {"history": selectors.claim_history(claim)}
    )


@require_GET
def baseline_history(request, code):
    pcn = network_selectors.get_pcn_for(request.user, code)
    return render(
        request,
        "workforce/baseline_history.html",
        {
            "pcn": pcn,
            "versions": selectors.baseline_versions(pcn),
            "events": selectors.baseline_history(pcn),
        },
    )

"""One claim: its page, a new draft, the draft's lines, an adjustment and deleting a draft."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from networks import selectors as network_selectors
from networks.scopes import scope_for
from pcnadmin.exports import csv_response
from workforce import claim_csv, forms, permissions, selectors, services
from workforce.views._common import DOMAIN_ERRORS, _message

ACTION_FORMS = {
    "approve_form": forms.ApproveForm,
    "reject_form": forms.RejectForm,
    "query_form": forms.QueryForm,
    "answer_form": forms.AnswerForm,
    "adjust_form": forms.AdjustForm,
    "evidence_form": forms.EvidenceForm,
}


def _answer_key(claim) -> str:
    return f"claim-{claim.pk}-answer"


def keep_answer(request, claim, answer: str | None) -> None:
    """Keep (or, with None, forget) the answer being typed to a query while evidence is
    attached, so the page shows it again."""
    if answer is None:
        request.session.pop(_answer_key(claim), None)
    else:
        request.session[_answer_key(claim)] = answer


def render_claim(request, claim, status=200, **bound):
    """The claim page; ``bound`` gives a refused action's form (with what was typed) and the
    ``error`` to show at the top."""
    page = selectors.claim_page(claim, request.user, today=timezone.localdate())
    context = {"page": page, "claim": claim, "error": bound.get("error")}
    context |= {name: bound.get(name) or form() for name, form in ACTION_FORMS.items()}
    # Each action form's fields get ids of their own ("reject_form-reason"), so the error
    # summary at the top links to the right field.
    for name in ACTION_FORMS:
        context[name].auto_id = f"{name}-%s"
    context["form_errors"] = [
        (field.id_for_label, field.label, message)
        for name in ACTION_FORMS
        if context[name].is_bound
        for field in context[name]
        for message in field.errors
    ]
    if "answer_form" not in bound and _answer_key(claim) in request.session:
        answer = request.session[_answer_key(claim)]
        context["answer_form"] = forms.AnswerForm(initial={"answer": answer})
    return render(request, "workforce/claim_detail.html", context, status=status)


@require_GET
def claim_detail(request, pk):
    claim = selectors.get_claim_for(request.user, pk)
    if request.GET.get("export") == "csv":
        rows = selectors.claim_line_rows(claim)
        return csv_response(f"{claim.reference}-lines.csv", selectors.LINES_HEADER, rows)
    return render_claim(request, claim)


@require_http_methods(["GET", "POST"])
def claim_new(request):
    scope = scope_for(request.user)
    permissions.require(scope.is_pcn_user, "Only PCN managers and Clinical Directors make claims.")
    pcn = network_selectors.pcns_for(request.user).get(pk=scope.pcn_id)
    form = forms.ClaimNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim, last = services.claim_start(
                pcn=pcn,
                month=form.cleaned_data["month"],
                by=request.user,
                from_last=form.cleaned_data["copy_last"],
            )
        except DOMAIN_ERRORS as error:
            form.add_error("month", _message(error))
        else:
            if last is not None:
                messages.info(request, _copied(claim, last))
            return redirect("workforce:claim_edit", pk=claim.pk)
    status = 400 if form.errors else 200
    return render(request, "workforce/claim_new.html", {"form": form, "pcn": pcn}, status=status)


def _copied(claim, last) -> str:
    count = claim.lines.count()
    return (
        f"{count} line(s) copied from {last.reference} ({last.month:%B %Y}) for the staff still "
        "in post: check every figure, then save."
    )


@require_http_methods(["GET", "POST"])
def claim_edit(request, pk):
    """The draft page: one row per staff member in post that month, costs typed in."""
    claim = selectors.get_claim_for(request.user, pk)
    permissions.require_pcn_user(request.user, claim.pcn)
    form = forms.ClaimLinesForm(
        request.POST or None, claim=claim, people=selectors.claim_edit_people(claim)
    )
    error = None
    if request.method == "POST":
        if not form.is_valid():
            error = "Some amounts need correcting."
        else:
            try:
                services.claim_lines_set(claim=claim, by=request.user, lines=form.lines())
            except DOMAIN_ERRORS as refused:
                error = _message(refused)
            else:
                messages.success(
                    request, "Claim lines saved. Check the problems below before submitting."
                )
                return redirect("workforce:claim_detail", pk=claim.pk)
    context = {"claim": claim, "rows": form.rows, "error": error}
    return render(request, "workforce/claim_edit.html", context, status=400 if error else 200)


@require_POST
def claim_adjust(request, pk):
    claim = selectors.get_claim_for(request.user, pk)
    form = forms.AdjustForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, status=400, adjust_form=form)
    try:
        adjustment = services.claim_adjust(
            claim=claim, by=request.user, reason=form.cleaned_data["reason"]
        )
    except DOMAIN_ERRORS as error:
        return render_claim(request, claim, status=400, adjust_form=form, error=[_message(error)])
    messages.success(request, "Adjustment started: correct the amounts, then submit it.")
    return redirect("workforce:claim_edit", pk=adjustment.pk)


@require_POST
def claim_delete(request, pk):
    claim = selectors.get_claim_for(request.user, pk)
    try:
        services.claim_delete_draft(claim=claim, by=request.user)
    except DOMAIN_ERRORS as error:
        return render_claim(request, claim, status=400, error=[_message(error)])
    messages.success(request, "Draft deleted.")
    return redirect("workforce:claim_list")


@require_GET
def claim_lines_template(request, pk):
    """The draft's lines as a CSV to fill in: one row per person on the lines page."""
    claim = selectors.get_claim_for(request.user, pk)
    permissions.require_pcn_user(request.user, claim.pcn)
    rows = claim_csv.template_rows(selectors.claim_edit_people(claim))
    filename = f"claim-{claim.reference}-{claim.month:%Y-%m}.csv"
    return csv_response(filename, claim_csv.HEADER, rows)


@require_POST
def claim_lines_upload(request, pk):
    """The filled-in template read back: every line replaced at once, or nothing changed and
    every problem listed with its line number."""
    claim = selectors.get_claim_for(request.user, pk)
    permissions.require_pcn_user(request.user, claim.pcn)
    people = selectors.claim_edit_people(claim)
    staff = {person.pk: person for person, _term, _line in people}
    upload = forms.ClaimFileForm(request.POST, request.FILES)
    problems = list(upload.errors.get("file", []))
    if upload.is_valid():
        names = {pk: person.name for pk, person in staff.items()}
        rows, problems = claim_csv.read(upload.cleaned_data["file"].read(), names)
    if not problems:
        lines = [
            services.LineInput(
                staff[r.staff_id],
                r.salary,
                r.employer_ni,
                r.employer_pension,
                r.apprenticeship_levy,
            )
            for r in rows
        ]
        try:
            services.claim_lines_set(claim=claim, by=request.user, lines=lines)
        except DOMAIN_ERRORS as refused:
            problems = [_message(refused)]
        else:
            messages.success(
                request,
                f"{len(lines)} line(s) read from the file. Check the problems below before submitting.",
            )
            return redirect("workforce:claim_detail", pk=claim.pk)
    form = forms.ClaimLinesForm(None, claim=claim, people=people)
    context = {"claim": claim, "rows": form.rows, "upload_problems": problems}
    context["error"] = "The file was not read: nothing was changed."
    return render(request, "workforce/claim_edit.html", context, status=400)

"""A claim through its life cycle: submitted, resubmitted with an answer, approved, rejected or
queried. Each is one action form posted from the claim page."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from workforce import forms, selectors, services
from workforce.views._common import DOMAIN_ERRORS, _message
from workforce.views.claims import keep_answer, render_claim


def _act(request, pk, form_class, form_name, call, success, done=None):
    """Run one action form against a claim: success → message and redirect; a refused action →
    the claim page again, with the typed text and the reason."""
    claim = selectors.get_claim_for(request.user, pk)
    form = form_class(request.POST) if form_class else None
    bound = {form_name: form} if form else {}
    if form is not None and not form.is_valid():
        return render_claim(request, claim, status=400, **bound)
    try:
        call(claim, form.cleaned_data if form else {})
    except services.ClaimProblemsError as error:
        return render_claim(request, claim, status=400, error=error.problems, **bound)
    except DOMAIN_ERRORS as error:
        return render_claim(request, claim, status=400, error=[_message(error)], **bound)
    messages.success(request, success)
    target = done(claim) if done else None  # another page to go to, or the claim's own
    return redirect(target or reverse("workforce:claim_detail", args=[claim.pk]))


def _next_to_decide(request, claim) -> str:
    """After "Approve and open the next": the next claim waiting for this person's decision,
    the one due first, or the queue when there is none."""
    following = selectors.next_to_decide(request.user, after=claim)
    if following is None:
        messages.info(request, "No other claim is waiting for your decision.")
        return reverse("workforce:claim_list")
    return reverse("workforce:claim_detail", args=[following.pk])


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


@transaction.atomic
def _resubmit(request, claim, answer: str):
    """A file chosen beside the answer is attached first: both, or neither."""
    if upload := request.FILES.get("file"):
        services.evidence_add(claim=claim, by=request.user, upload=upload)
    services.claim_resubmit(claim=claim, by=request.user, answer=answer)


@require_POST
def claim_resubmit(request, pk):
    return _act(
        request,
        pk,
        forms.AnswerForm,
        "answer_form",
        lambda c, d: _resubmit(request, c, d["answer"]),
        "Answer sent and claim resubmitted.",
        done=lambda c: keep_answer(request, c, None),
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
        done=(lambda c: _next_to_decide(request, c))
        if request.POST.get("then") == "next"
        else None,
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

"""Evidence attached to a claim: uploaded by the PCN, downloaded by anyone who sees the claim."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from workforce import forms, permissions, selectors, services
from workforce.views._common import DOMAIN_ERRORS, _message
from workforce.views.claims import keep_answer, render_claim


@require_POST
def evidence_upload(request, pk):
    claim = selectors.get_claim_for(request.user, pk)
    permissions.require_pcn_user(request.user, claim.pcn)
    form = forms.EvidenceForm(request.POST, request.FILES)
    # Attached from the answer to a query: the answer typed so far is kept, on this page if the
    # file is refused and in the session (until it is sent) if it is attached.
    answer = request.POST.get("answer")
    kept = {} if answer is None else {"answer_form": forms.AnswerForm(initial={"answer": answer})}
    if not form.is_valid():
        return render_claim(request, claim, status=400, evidence_form=form, **kept)
    try:
        services.evidence_add(claim=claim, by=request.user, upload=form.cleaned_data["file"])
    except DOMAIN_ERRORS as error:
        form.add_error("file", _message(error))
        return render_claim(request, claim, status=400, evidence_form=form, **kept)
    if answer is not None:
        keep_answer(request, claim, answer)
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

"""A PCN's baseline: its versions, editing the draft, and the sign-off, acceptance and return."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from networks import selectors as network_selectors
from pcnadmin.exports import csv_response
from workforce import forms, lifecycle, permissions, selectors, services
from workforce.models import Baseline, BaselineStatus
from workforce.views._common import DOMAIN_ERRORS, _message, _own_pcn


@require_GET
def my_baseline(request):
    return redirect("workforce:baseline", code=_own_pcn(request).code)


def _baseline_context(request, pcn, form=None):
    versions = selectors.baseline_versions(pcn)
    open_version = next((b for b in versions if b.status in lifecycle.OPEN_BASELINE_STATES), None)
    user = request.user
    state = open_version.status if open_version else None

    def actions(who):
        # The buttons are the baseline life cycle's actions for this person (workforce.lifecycle).
        return lifecycle.baseline_actions_for(state, who) if state else frozenset()

    return {
        "pcn": pcn,
        "versions": versions,
        "open_version": open_version,
        "accepted": next((b for b in versions if b.status == BaselineStatus.ACCEPTED), None),
        "can_draft": permissions.is_pcn_user_of(user, pcn) and open_version is None,
        "can_edit": permissions.is_pcn_user_of(user, pcn)
        and "edit" in actions(lifecycle.PCN)
        and open_version.is_editable,
        "can_sign_off": permissions.is_clinical_director_of(user, pcn)
        and "sign_off" in actions(lifecycle.CLINICAL_DIRECTOR),
        "can_accept": permissions.is_contract_manager_of(user, pcn)
        and "accept" in actions(lifecycle.CONTRACT_MANAGER),
        "form": form,
    }


@require_GET
def baseline(request, code):
    pcn = network_selectors.get_pcn_for(request.user, code)
    if request.GET.get("export") == "csv":
        rows = [
            (pcn.code, b.version, b.status, entry.role.name, entry.wte)
            for b in selectors.baseline_versions(pcn)
            for entry in b.entries.all()
        ]
        header = ["pcn_code", "version", "status", "role", "wte"]
        return csv_response(f"baseline-{pcn.code}.csv", header, rows)
    return render(request, "workforce/baseline.html", _baseline_context(request, pcn))


def _baseline_save(pcn, draft, form, *, by):
    """Change the open draft's entries, or start a new version (a correction gives its reason)."""
    if draft:
        services.baseline_entries_set(baseline=draft, by=by, entries=form.entries())
    else:
        reason = form.cleaned_data.get("reason", "")
        services.baseline_draft(pcn=pcn, by=by, entries=form.entries(), reason=reason)


@require_http_methods(["GET", "POST"])
def baseline_edit(request, code):
    """Start a version (or correct the accepted one), or change the draft's entries."""
    pcn = network_selectors.get_pcn_for(request.user, code)
    permissions.require_pcn_user(request.user, pcn)
    editing = selectors.baseline_editing(pcn)
    form = forms.BaselineForm(
        request.POST or None,
        roles=editing.roles,
        initial_wte=editing.initial_wte,
        needs_reason=editing.needs_reason,
    )
    if request.method == "POST" and form.is_valid():
        try:
            _baseline_save(pcn, editing.draft, form, by=request.user)
        except DOMAIN_ERRORS as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request, "Baseline draft saved. The Clinical Director signs it off next."
            )
            return redirect("workforce:baseline", code=pcn.code)
    context = {"pcn": pcn, "form": form, "draft": editing.draft}
    status = 400 if form.errors else 200
    return render(request, "workforce/baseline_edit.html", context, status=status)


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

"""Payment runs: the list, and each run's remittance per payee (page and CSV)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from networks.scopes import scope_for
from pcnadmin.exports import csv_response
from workforce import permissions, selectors


def _require_commissioner_side(user) -> None:
    scope = scope_for(user)
    permissions.require(
        not scope.is_pcn_user,
        "Payment runs are kept by the commissioner's finance team.",
    )


@require_GET
def payment_run_list(request):
    _require_commissioner_side(request.user)
    runs = selectors.payment_runs_for(request.user)
    if request.GET.get("export") == "csv":
        rows = [(r.pk, r.paid_on.isoformat(), r.claims, r.total) for r in runs]
        header = ["payment_run", "paid_on", "claims", "total"]
        return csv_response("payment-runs.csv", header, rows)
    return render(request, "workforce/payment_run_list.html", {"runs": runs})


@require_GET
def payment_run_detail(request, pk):
    _require_commissioner_side(request.user)
    run, claims = selectors.payment_run_for(request.user, pk)
    payees = selectors.by_payee(claims)
    if request.GET.get("export") == "csv":
        header = ["payee", "payee_code", "claim", "pcn_code", "pcn", "month", "amount"]
        rows = [
            (
                p.name,
                p.code,
                c.reference,
                c.pcn.code,
                c.pcn.name,
                f"{c.month:%Y-%m}",
                c.approved_amount,
            )
            for p in payees
            for c in p.claims
        ]
        return csv_response(f"remittance-payment-run-{run.pk}.csv", header, rows)
    total = sum(p.total for p in payees)
    context = {"run": run, "payees": payees, "total": total, "count": len(claims)}
    return render(request, "workforce/payment_run_detail.html", context)

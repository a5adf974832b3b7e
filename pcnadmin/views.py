from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from networks.scopes import scope_for


@require_GET
def home(request):
    """Send each person to the page they use most."""
    scope = scope_for(request.user)
    if scope.is_pcn_user and scope.pcn_id:
        from networks.models import PCN

        pcn = PCN.objects.filter(pk=scope.pcn_id).only("code").first()
        if pcn:
            return redirect("networks:pcn_detail", code=pcn.code)
    return redirect("networks:pcn_list")


def bad_request(request, exception=None):
    return render(request, "400.html", {"message": str(exception or "")}, status=400)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@login_not_required
@require_GET
def health(request):
    """Liveness probe for load balancers, and the trivial view benchmarks compare pages with."""
    return HttpResponse("ok", content_type="text/plain")

"""Error pages and the liveness probe: no app is imported here (the home page, which reads the
apps, is ``pcnadmin.home``)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET


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


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico wherever a page names none: a PDF opened in the browser."""
    return redirect(static("nhsuk/assets/images/favicon.ico"), permanent=True)

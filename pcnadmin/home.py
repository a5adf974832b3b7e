"""The project's home page, part of pcnadmin's shell (it reads the apps; the base helpers and the
error pages in ``pcnadmin.views`` import none): each person goes to the page they use most."""

from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from networks.models import PCN
from networks.scopes import scope_for


@require_GET
def home(request):
    """A PCN's own people go to their PCN's page; everyone else to the PCNs in their scope."""
    scope = scope_for(request.user)
    if scope.is_pcn_user and scope.pcn_id:
        pcn = PCN.objects.filter(pk=scope.pcn_id).only("code").first()
        if pcn:
            return redirect("networks:pcn_detail", code=pcn.code)
    return redirect("networks:pcn_list")

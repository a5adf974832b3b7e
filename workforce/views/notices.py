"""The in-app list of what each person was told by e-mail, with the unread ones marked."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from workforce.models import Notice
from workforce.selectors import claims_for

SHOWN = 100


@require_GET
def notice_list(request):
    notices = list(
        Notice.objects.filter(user=request.user, claim__in=claims_for(request.user)).select_related(
            "claim"
        )[:SHOWN]
    )
    unread = sum(1 for n in notices if n.read_at is None)
    context = {"notices": notices, "unread": unread, "shown": SHOWN}
    return render(request, "workforce/notice_list.html", context)


@require_POST
def notices_read(request):
    marked = Notice.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, f"{marked} notification(s) marked as read.")
    return redirect("workforce:notice_list")

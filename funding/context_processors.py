"""The banner shown while the year containing today is not marked ready: to administrators and
commissioners' people (contract managers, finance), who can see its checklist. At most one small
query a minute per process (funding.selectors.checklist.year_needing_setup), and only when a page
renders the banner."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from funding.selectors import checklist as year_setup
from networks.scopes import UserType, scope_for

SHOWN_TO = {UserType.ADMINISTRATOR, UserType.CONTRACT_MANAGER, UserType.FINANCE}


def year_banner(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or scope_for(user).user_type not in SHOWN_TO:
        return {}
    return {
        "year_needing_setup": SimpleLazyObject(
            lambda: year_setup.year_needing_setup(timezone.localdate())
        )
    }

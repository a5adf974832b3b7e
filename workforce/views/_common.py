"""What the workforce views share: the errors a service raises for a person to read, and where a
form shows them."""

from django.core.exceptions import ValidationError

from networks import selectors as network_selectors
from networks.scopes import scope_for
from workforce import permissions, services

DOMAIN_ERRORS = (services.WorkforceError, ValidationError)


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _add_error(form, error) -> None:
    """A service's error at the form field it is about (NHS.UK: at the field and in the summary),
    or at the top of the form."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        if set(error.error_dict) <= set(form.fields):
            form.add_error(None, error)
            return
    form.add_error(None, _message(error))


def _own_pcn(request):
    """The PCN of a PCN manager or Clinical Director (403 for anyone else)."""
    scope = scope_for(request.user)
    permissions.require(scope.is_pcn_user and scope.pcn_id, "This page is for PCN users.")
    return network_selectors.pcns_for(request.user).get(pk=scope.pcn_id)

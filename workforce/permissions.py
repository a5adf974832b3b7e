"""Who may do what to workforce rows, inside their scope (networks.scopes).

Scope decides what a person can see (outside it: 404); these checks decide what they may do
with what they see (a wrong role: 403). Services call them too, so no write path skips them.
"""

from django.core.exceptions import PermissionDenied

from networks.scopes import UserType, scope_for


class NotAllowed(PermissionDenied):
    """A person in scope whose role does not allow the action (HTTP 403)."""


def is_pcn_user_of(user, pcn) -> bool:
    scope = scope_for(user)
    return scope.is_pcn_user and scope.pcn_id == pcn.pk


def is_clinical_director_of(user, pcn) -> bool:
    scope = scope_for(user)
    return scope.user_type == UserType.CLINICAL_DIRECTOR and scope.pcn_id == pcn.pk


def is_contract_manager_of(user, pcn) -> bool:
    scope = scope_for(user)
    return (
        scope.user_type == UserType.CONTRACT_MANAGER
        and pcn.commissioner_id in scope.commissioner_ids
    )


def is_finance_of(user, pcn) -> bool:
    scope = scope_for(user)
    return scope.user_type == UserType.FINANCE and pcn.commissioner_id in scope.commissioner_ids


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def require_pcn_user(user, pcn) -> None:
    require(
        is_pcn_user_of(user, pcn),
        f"Only {pcn.name}'s PCN manager or Clinical Director can do this.",
    )


def require_contract_manager(user, pcn) -> None:
    require(
        is_contract_manager_of(user, pcn),
        f"Only contract managers of {pcn.commissioner.name} can do this.",
    )
